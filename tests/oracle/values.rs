//! Random messages of the random types, made with prost-reflect.

use prost::Message;
use prost_reflect::{DynamicMessage, Kind, MapKey, MessageDescriptor, Value};
use prost_types::field_descriptor_proto::Type;

use crate::schema::WELL_KNOWN;
use crate::{Rng, PACKAGE};

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
pub fn message(rng: &mut Rng, desc: &MessageDescriptor, depth: u32) -> DynamicMessage {
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
