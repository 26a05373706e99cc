//! Random descriptor sets: a file of `oracle.v1` types, and the well-known
//! types the demo's set lacks.

use prost_types::field_descriptor_proto::{Label, Type};
use prost_types::{
    DescriptorProto, EnumDescriptorProto, EnumValueDescriptorProto, FieldDescriptorProto,
    FieldOptions, FileDescriptorProto, MessageOptions, OneofDescriptorProto,
};

use crate::{Rng, PACKAGE};

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
pub const WELL_KNOWN: [(Type, &str); 17] = [
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
pub fn well_known_files() -> Vec<FileDescriptorProto> {
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
pub fn file(rng: &mut Rng) -> FileDescriptorProto {
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
