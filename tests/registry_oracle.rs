//! The type registry's decoder held to prost-reflect: random descriptor sets
//! (proto2 and proto3 files of messages with every scalar type, enums,
//! nested and recursive messages, maps of every key type, oneofs, proto3
//! `optional`, packed and unpacked lists, `json_name`, well-known types and
//! Anys of the set's own types), random messages of their types, and those
//! messages with bytes changed, give the same proto3 JSON from both.
//!
//! `LRO_FUZZ_CASES` sets the cases (default 2,000).
#![cfg(not(target_arch = "wasm32"))]

use lro_web::fuzzing::descriptor::Pool;
use lro_web::fuzzing::Json;
use proptest::prelude::*;
use prost::Message;
use prost_reflect::{DescriptorPool, DynamicMessage, Kind, MapKey, MessageDescriptor, Value};
use prost_types::field_descriptor_proto::{Label, Type};
use prost_types::{
    DescriptorProto, EnumDescriptorProto, EnumValueDescriptorProto, FieldDescriptorProto,
    FieldOptions, FileDescriptorProto, FileDescriptorSet, MessageOptions, OneofDescriptorProto,
};
use serde_json::Value as Serde;

/// The demo's set: the well-known types the random files import.
const DEMO: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/descriptors.binpb"));
const PACKAGE: &str = "oracle.v1";

fn cases() -> u32 {
    std::env::var("LRO_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2_000)
}

/// A small deterministic generator: each case is one seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const SCALARS: [Type; 15] = [
    Type::Double,
    Type::Float,
    Type::Int64,
    Type::Uint64,
    Type::Int32,
    Type::Fixed64,
    Type::Fixed32,
    Type::Bool,
    Type::String,
    Type::Bytes,
    Type::Uint32,
    Type::Sfixed32,
    Type::Sfixed64,
    Type::Sint32,
    Type::Sint64,
];
const KEYS: [Type; 12] = [
    Type::Int64,
    Type::Uint64,
    Type::Int32,
    Type::Fixed64,
    Type::Fixed32,
    Type::Bool,
    Type::String,
    Type::Uint32,
    Type::Sfixed32,
    Type::Sfixed64,
    Type::Sint32,
    Type::Sint64,
];
/// The well-known types (and others with a special form) a field may hold.
const WELL_KNOWN: [(Type, &str); 17] = [
    (Type::Message, ".google.protobuf.Timestamp"),
    (Type::Message, ".google.protobuf.Duration"),
    (Type::Message, ".google.protobuf.Any"),
    (Type::Message, ".google.protobuf.Empty"),
    (Type::Message, ".google.rpc.Status"),
    (Type::Message, ".google.protobuf.FileDescriptorProto"),
    (Type::Message, ".google.protobuf.Struct"),
    (Type::Message, ".google.protobuf.Value"),
    (Type::Message, ".google.protobuf.ListValue"),
    (Type::Enum, ".google.protobuf.NullValue"),
    (Type::Message, ".google.protobuf.FieldMask"),
    (Type::Message, ".google.protobuf.DoubleValue"),
    (Type::Message, ".google.protobuf.FloatValue"),
    (Type::Message, ".google.protobuf.Int64Value"),
    (Type::Message, ".google.protobuf.UInt32Value"),
    (Type::Message, ".google.protobuf.BoolValue"),
    (Type::Message, ".google.protobuf.BytesValue"),
];

/// google/protobuf/wrappers.proto, struct.proto and field_mask.proto (the
/// demo's set has the other well-known types).
fn well_known_files() -> Vec<FileDescriptorProto> {
    let file = |name: &str, messages, enums| FileDescriptorProto {
        name: Some(name.into()),
        package: Some("google.protobuf".into()),
        message_type: messages,
        enum_type: enums,
        syntax: Some("proto3".into()),
        ..Default::default()
    };
    let message = |name: &str, fields| DescriptorProto {
        name: Some(name.into()),
        field: fields,
        ..Default::default()
    };
    let wrappers = [
        ("DoubleValue", Type::Double),
        ("FloatValue", Type::Float),
        ("Int64Value", Type::Int64),
        ("UInt64Value", Type::Uint64),
        ("Int32Value", Type::Int32),
        ("UInt32Value", Type::Uint32),
        ("BoolValue", Type::Bool),
        ("StringValue", Type::String),
        ("BytesValue", Type::Bytes),
    ]
    .map(|(name, ty)| {
        message(
            name,
            vec![field("value".into(), 1, Label::Optional, ty, None)],
        )
    });
    let t = |name: &str| Some(format!(".google.protobuf.{name}"));
    let mut value = message(
        "Value",
        vec![
            field(
                "null_value".into(),
                1,
                Label::Optional,
                Type::Enum,
                t("NullValue"),
            ),
            field(
                "number_value".into(),
                2,
                Label::Optional,
                Type::Double,
                None,
            ),
            field(
                "string_value".into(),
                3,
                Label::Optional,
                Type::String,
                None,
            ),
            field("bool_value".into(), 4, Label::Optional, Type::Bool, None),
            field(
                "struct_value".into(),
                5,
                Label::Optional,
                Type::Message,
                t("Struct"),
            ),
            field(
                "list_value".into(),
                6,
                Label::Optional,
                Type::Message,
                t("ListValue"),
            ),
        ],
    );
    value.field.iter_mut().for_each(|f| f.oneof_index = Some(0));
    value.oneof_decl.push(OneofDescriptorProto {
        name: Some("kind".into()),
        ..Default::default()
    });
    let mut structure = message(
        "Struct",
        vec![field(
            "fields".into(),
            1,
            Label::Repeated,
            Type::Message,
            t("Struct.FieldsEntry"),
        )],
    );
    structure.nested_type.push(DescriptorProto {
        name: Some("FieldsEntry".into()),
        field: vec![
            field("key".into(), 1, Label::Optional, Type::String, None),
            field(
                "value".into(),
                2,
                Label::Optional,
                Type::Message,
                t("Value"),
            ),
        ],
        options: Some(MessageOptions {
            map_entry: Some(true),
            ..Default::default()
        }),
        ..Default::default()
    });
    let list = message(
        "ListValue",
        vec![field(
            "values".into(),
            1,
            Label::Repeated,
            Type::Message,
            t("Value"),
        )],
    );
    let null = EnumDescriptorProto {
        name: Some("NullValue".into()),
        value: vec![EnumValueDescriptorProto {
            name: Some("NULL_VALUE".into()),
            number: Some(0),
            ..Default::default()
        }],
        ..Default::default()
    };
    let mask = message(
        "FieldMask",
        vec![field(
            "paths".into(),
            1,
            Label::Repeated,
            Type::String,
            None,
        )],
    );
    vec![
        file("google/protobuf/wrappers.proto", wrappers.to_vec(), vec![]),
        file(
            "google/protobuf/struct.proto",
            vec![structure, value, list],
            vec![null],
        ),
        file("google/protobuf/field_mask.proto", vec![mask], vec![]),
    ]
}

fn field(
    name: String,
    number: i32,
    label: Label,
    ty: Type,
    type_name: Option<String>,
) -> FieldDescriptorProto {
    FieldDescriptorProto {
        name: Some(name),
        number: Some(number),
        label: Some(label as i32),
        r#type: Some(ty as i32),
        type_name,
        ..Default::default()
    }
}

/// The name of one of the file's types as a field may write it.
fn name(rng: &mut Rng, short: String) -> String {
    match rng.below(4) {
        0 => short,
        1 => format!("v1.{short}"),
        _ => format!(".{PACKAGE}.{short}"),
    }
}

/// A field's type: a scalar, one of the file's enums or messages, or a
/// well-known type.
fn value_type(rng: &mut Rng, messages: usize, enums: usize) -> (Type, Option<String>) {
    match rng.below(10) {
        0..=4 => (SCALARS[rng.below(15) as usize], None),
        // Full names, or relative ones (resolved from the message outwards).
        5 | 6 => (Type::Enum, {
            let short = format!("E{}", rng.below(enums as u64));
            Some(name(rng, short))
        }),
        7 | 8 => (Type::Message, {
            let short = format!("M{}", rng.below(messages as u64));
            Some(name(rng, short))
        }),
        _ => {
            let (ty, name) = WELL_KNOWN[rng.below(17) as usize];
            (ty, Some(name.to_owned()))
        }
    }
}

/// A random file of `oracle.v1` types.
fn file(rng: &mut Rng) -> FileDescriptorProto {
    let proto3 = rng.chance(60);
    let (messages, enums) = (1 + rng.below(4) as usize, 1 + rng.below(2) as usize);
    let enum_types = (0..enums)
        .map(|e| EnumDescriptorProto {
            name: Some(format!("E{e}")),
            value: (0..1 + rng.below(4))
                .map(|v| EnumValueDescriptorProto {
                    name: Some(format!("E{e}_V{v}")),
                    // proto3 enums start at 0; proto2 ones may not.
                    number: Some(if v == 0 && proto3 {
                        0
                    } else {
                        v as i32 * 3 - 2
                    }),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        })
        .collect();
    let mut message_types = Vec::new();
    for m in 0..messages {
        let mut message = DescriptorProto {
            name: Some(format!("M{m}")),
            ..Default::default()
        };
        let oneofs = rng.below(3) as i32;
        for o in 0..oneofs {
            message.oneof_decl.push(OneofDescriptorProto {
                name: Some(format!("choice_{o}")),
                ..Default::default()
            });
        }
        for f in 0..rng.below(9) as i32 {
            let number = f * 2 + 1 + rng.below(2) as i32;
            let name = format!("f{f}_x{}", rng.below(3));
            let mut spec = match rng.below(10) {
                // A map.
                0 | 1 => {
                    let entry = format!("F{f}Entry");
                    let (ty, type_name) = value_type(rng, messages, enums);
                    let key = KEYS[rng.below(12) as usize];
                    message.nested_type.push(DescriptorProto {
                        name: Some(entry.clone()),
                        field: vec![
                            field("key".into(), 1, Label::Optional, key, None),
                            field("value".into(), 2, Label::Optional, ty, type_name),
                        ],
                        options: Some(MessageOptions {
                            map_entry: Some(true),
                            ..Default::default()
                        }),
                        ..Default::default()
                    });
                    let entry = match rng.chance(70) {
                        true => Some(format!(".{PACKAGE}.M{m}.{entry}")),
                        false => Some(entry),
                    };
                    field(name, number, Label::Repeated, Type::Message, entry)
                }
                2 | 3 => {
                    let (ty, type_name) = value_type(rng, messages, enums);
                    let mut spec = field(name, number, Label::Repeated, ty, type_name);
                    if rng.chance(50) {
                        spec.options = Some(FieldOptions {
                            packed: Some(rng.chance(50)),
                            ..Default::default()
                        });
                    }
                    spec
                }
                _ => {
                    let (ty, type_name) = value_type(rng, messages, enums);
                    let label = match proto3 || rng.chance(80) {
                        true => Label::Optional,
                        false => Label::Required,
                    };
                    let mut spec = field(name, number, label, ty, type_name);
                    if oneofs > 0 && label == Label::Optional && rng.chance(40) {
                        spec.oneof_index = Some(rng.below(oneofs as u64) as i32);
                    } else if proto3 && label == Label::Optional && rng.chance(30) {
                        // proto3 `optional`: a synthetic oneof of its own.
                        spec.proto3_optional = Some(true);
                        spec.oneof_index = Some(message.oneof_decl.len() as i32);
                        message.oneof_decl.push(OneofDescriptorProto {
                            name: Some(format!("_f{f}")),
                            ..Default::default()
                        });
                    }
                    spec
                }
            };
            if rng.chance(10) {
                spec.json_name = Some(format!("custom{f}"));
            }
            message.field.push(spec);
        }
        message_types.push(message);
    }
    FileDescriptorProto {
        name: Some("oracle/v1/t.proto".into()),
        package: Some(PACKAGE.into()),
        dependency: [
            "google/protobuf/any.proto",
            "google/protobuf/duration.proto",
            "google/protobuf/empty.proto",
            "google/protobuf/timestamp.proto",
            "google/protobuf/descriptor.proto",
            "google/rpc/status.proto",
            "google/protobuf/wrappers.proto",
            "google/protobuf/struct.proto",
            "google/protobuf/field_mask.proto",
        ]
        .map(String::from)
        .to_vec(),
        message_type: message_types,
        enum_type: enum_types,
        syntax: Some(if proto3 { "proto3" } else { "proto2" }.into()),
        ..Default::default()
    }
}

/// A random value of `kind`, `depth` messages down.
fn value(rng: &mut Rng, kind: &Kind, depth: u32) -> Value {
    let int = |rng: &mut Rng| match rng.below(4) {
        0 => 0,
        1 => rng.below(300),
        _ => rng.next(),
    };
    match kind {
        Kind::Double => Value::F64(match rng.below(6) {
            0 => f64::NAN,
            1 => f64::NEG_INFINITY,
            2 => -0.0,
            _ => f64::from_bits(rng.next()) % 1e12,
        }),
        Kind::Float => Value::F32(f32::from_bits(rng.next() as u32)),
        Kind::Int32 | Kind::Sint32 | Kind::Sfixed32 => Value::I32(int(rng) as i32),
        Kind::Int64 | Kind::Sint64 | Kind::Sfixed64 => Value::I64(int(rng) as i64),
        Kind::Uint32 | Kind::Fixed32 => Value::U32(int(rng) as u32),
        Kind::Uint64 | Kind::Fixed64 => Value::U64(int(rng)),
        Kind::Bool => Value::Bool(rng.chance(50)),
        Kind::String => Value::String(
            ["", "a", "caf\u{e9}", "\u{1f600}", "__proto__"][rng.below(5) as usize].into(),
        ),
        Kind::Bytes => Value::Bytes(
            (0..rng.below(5))
                .map(|_| rng.next() as u8)
                .collect::<Vec<u8>>()
                .into(),
        ),
        Kind::Enum(e) => {
            let values: Vec<i32> = e.values().map(|v| v.number()).collect();
            Value::EnumNumber(match rng.chance(85) {
                true => values[rng.below(values.len() as u64) as usize],
                false => 7,
            })
        }
        Kind::Message(m) => Value::Message(message(rng, m, depth + 1)),
    }
}

/// A random message of type `desc`.
fn message(rng: &mut Rng, desc: &MessageDescriptor, depth: u32) -> DynamicMessage {
    let mut message = DynamicMessage::new(desc.clone());
    match desc.full_name() {
        "google.protobuf.Timestamp" | "google.protobuf.Duration" => {
            let seconds = rng.below(400_000_000_000) as i64 - 200_000_000_000;
            let nanos = rng.below(1_000_000_000) as i32;
            let negative = desc.name() == "Duration" && seconds < 0;
            message.set_field_by_name("seconds", Value::I64(seconds));
            message.set_field_by_name("nanos", Value::I32(if negative { -nanos } else { nanos }));
            return message;
        }
        // prost-reflect writes a NaN or an infinity in a wrapper as null (JSON
        // has no such number; proto3 JSON says "NaN"): finite values only.
        "google.protobuf.DoubleValue" | "google.protobuf.FloatValue" => {
            let value = (rng.below(2_000_000) as f64 - 1e6) / 64.0;
            let value = match desc.name() {
                "DoubleValue" => Value::F64(value),
                _ => Value::F32(value as f32),
            };
            message.set_field_by_name("value", value);
            return message;
        }
        "google.protobuf.FieldMask" => {
            // Paths that read back from lowerCamelCase, as prost-reflect asks.
            let paths = ["a", "foo_bar", "x.y_z", "b1"];
            let paths =
                (0..rng.below(3)).map(|_| Value::String(paths[rng.below(4) as usize].into()));
            message.set_field_by_name("paths", Value::List(paths.collect()));
            return message;
        }
        "google.protobuf.Any" => {
            // An Any of one of the set's own types or of a well-known type
            // (not Empty, whose form in an Any differs on purpose).
            let pool = desc.parent_pool();
            let own: Vec<_> = pool
                .all_messages()
                .filter(|m| m.package_name() == PACKAGE && !m.is_map_entry())
                .chain(
                    WELL_KNOWN
                        .iter()
                        .filter(|(ty, name)| *ty == Type::Message && !name.ends_with("Empty"))
                        .map(|(_, name)| pool.get_message_by_name(&name[1..]).unwrap()),
                )
                .collect();
            let inner = &own[rng.below(own.len() as u64) as usize];
            let bytes = match depth < 4 {
                true => self::message(rng, inner, depth + 1).encode_to_vec(),
                false => Vec::new(),
            };
            message.set_field_by_name(
                "type_url",
                Value::String(format!("type.googleapis.com/{}", inner.full_name())),
            );
            message.set_field_by_name("value", Value::Bytes(bytes.into()));
            return message;
        }
        _ => {}
    }
    if depth > 4 {
        return message;
    }
    for field in desc.fields() {
        if !rng.chance(60) {
            continue;
        }
        if let Some(oneof) = field.containing_oneof() {
            if oneof.fields().any(|f| message.has_field(&f)) {
                continue;
            }
        }
        let kind = field.kind();
        let v = if field.is_map() {
            let entry = kind.as_message().unwrap();
            let (key_kind, value_kind) = (
                entry.map_entry_key_field().kind(),
                entry.map_entry_value_field().kind(),
            );
            let mut map = std::collections::HashMap::new();
            for _ in 0..rng.below(4) {
                let key = match value(rng, &key_kind, depth) {
                    Value::Bool(b) => MapKey::Bool(b),
                    Value::I32(n) => MapKey::I32(n),
                    Value::I64(n) => MapKey::I64(n),
                    Value::U32(n) => MapKey::U32(n),
                    Value::U64(n) => MapKey::U64(n),
                    Value::String(s) => MapKey::String(s),
                    other => panic!("key {other:?}"),
                };
                map.insert(key, value(rng, &value_kind, depth));
            }
            Value::Map(map)
        } else if field.is_list() {
            Value::List(
                (0..rng.below(4))
                    .map(|_| value(rng, &kind, depth))
                    .collect(),
            )
        } else {
            value(rng, &kind, depth)
        };
        message.set_field(&field, v);
    }
    message
}

fn serde(json: Json) -> Serde {
    match json {
        Json::Null => Serde::Null,
        Json::Bool(b) => Serde::Bool(b),
        Json::Number(n) => Serde::from(n),
        Json::String(s) => Serde::String(s),
        Json::Array(items) => Serde::Array(items.into_iter().map(serde).collect()),
        Json::Object(members) => {
            Serde::Object(members.into_iter().map(|(k, v)| (k, serde(v))).collect())
        }
    }
}

/// Every number as an f64: both sides' numbers are JS numbers.
fn floats(json: Serde) -> Serde {
    match json {
        Serde::Number(n) => Serde::from(n.as_f64().unwrap()),
        Serde::Array(items) => Serde::Array(items.into_iter().map(floats).collect()),
        Serde::Object(members) => {
            Serde::Object(members.into_iter().map(|(k, v)| (k, floats(v))).collect())
        }
        other => other,
    }
}

/// prost-reflect's JSON of `bytes` as a message of `desc`.
fn oracle(desc: &MessageDescriptor, bytes: &[u8]) -> Result<Serde, String> {
    let message = DynamicMessage::decode(desc.clone(), bytes).map_err(|e| e.to_string())?;
    message
        .serialize_with_options(serde_json::value::Serializer, &Default::default())
        .map_err(|e| e.to_string())
}

/// Both decoders give the same JSON, or both refuse the bytes; for
/// `damaged` bytes, ours may also refuse what prost-reflect reads leniently.
fn agree(
    pool: &Pool,
    desc: &MessageDescriptor,
    bytes: &[u8],
    damaged: bool,
) -> Result<(), TestCaseError> {
    let url = format!("type.googleapis.com/{}", desc.full_name());
    let ours = pool.to_json(&url, bytes).expect("registered");
    match (ours, oracle(desc, bytes)) {
        (Ok(ours), Ok(theirs)) => prop_assert_eq!(floats(serde(ours)), floats(theirs)),
        (Err(_), Err(_)) => {}
        (Ok(ours), Err(theirs)) if !damaged => {
            prop_assert!(false, "ours {ours:?}, prost-reflect's {theirs:?}")
        }
        (Err(ours), Ok(theirs)) if !damaged => {
            prop_assert!(false, "ours {ours:?}, prost-reflect's {theirs:?}")
        }
        // FieldMask paths that do not read back from lowerCamelCase, which
        // prost-reflect refuses and wkt (as for built-in payloads) writes.
        (Ok(_), Err(theirs)) if theirs.contains("roundtrip") => {}
        // On damaged bytes, ours may refuse what prost-reflect reads: groups
        // in unknown fields (prost skips them), Timestamps and Durations
        // whose nanos are out of range (prost-reflect normalises them), and
        // map fields (and Struct entries) of another wire type than
        // length-delimited (prost-reflect reads any as if it were).
        (Err(_), Ok(_)) => {}
        (ours, theirs) => prop_assert!(false, "ours {ours:?}, prost-reflect's {theirs:?}"),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_types_decode_as_prost_reflect_decodes_them(seed in 1..u64::MAX, edits in prop::collection::vec(any::<(usize, u8)>(), 0..3)) {
        let mut rng = Rng(seed);
        let mut set = FileDescriptorSet::decode(DEMO).unwrap();
        set.file.extend(well_known_files());
        set.file.push(file(&mut rng));
        let bytes = set.encode_to_vec();
        let Ok(reflect) = DescriptorPool::decode(bytes.as_slice()) else {
            // A set prost-reflect refuses (an empty oneof, say): not a case.
            return Ok(());
        };
        let pool = Pool::default().with(&bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let own: Vec<_> = reflect.all_messages().filter(|m| m.package_name() == PACKAGE && !m.is_map_entry()).collect();
        let desc = &own[rng.below(own.len() as u64) as usize];
        let mut encoded = message(&mut rng, desc, 0).encode_to_vec();
        agree(&pool, desc, &encoded, false)?;
        for (at, byte) in &edits {
            if !encoded.is_empty() {
                let at = at % encoded.len();
                encoded[at] = *byte;
            }
        }
        agree(&pool, desc, &encoded, true)?;
    }
}
