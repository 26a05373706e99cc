//! Hand-built sets: what registering refuses, groups, the recursion limit.

use prost::Message;
use prost_reflect::{DescriptorPool, DynamicMessage};
use prost_types::field_descriptor_proto::{Label, Type};
use prost_types::{DescriptorProto, FieldDescriptorProto, FileDescriptorProto, FileDescriptorSet};
use serde_json::{json, Value as Json};

use super::{floats, serde};
use crate::core::descriptor::Pool;

/// A file of package `acme.v1` with `messages`.
fn acme(name: &str, syntax: &str, messages: Vec<DescriptorProto>) -> Vec<u8> {
    FileDescriptorSet {
        file: vec![FileDescriptorProto {
            name: Some(name.into()),
            package: Some("acme.v1".into()),
            syntax: Some(syntax.into()),
            message_type: messages,
            ..Default::default()
        }],
    }
    .encode_to_vec()
}

/// A message with fields `(name, number, type, type_name)`, all optional.
fn type_of(name: &str, fields: &[(&str, i32, Type, &str)]) -> DescriptorProto {
    let field = |&(name, number, ty, type_name): &(&str, i32, Type, &str)| FieldDescriptorProto {
        name: Some(name.into()),
        number: Some(number),
        label: Some(Label::Optional as i32),
        r#type: Some(ty as i32),
        type_name: (!type_name.is_empty()).then(|| type_name.into()),
        ..Default::default()
    };
    DescriptorProto {
        name: Some(name.into()),
        field: fields.iter().map(field).collect(),
        ..Default::default()
    }
}

fn decode(pool: &Pool, name: &str, bytes: &[u8]) -> Result<Json, String> {
    pool.to_json(&format!("type.googleapis.com/{name}"), bytes)
        .expect("registered")
        .map(serde)
}

#[test]
fn groups_are_refused_when_met() {
    let set = acme(
        "acme/v1/g.proto",
        "proto2",
        vec![
            type_of(
                "G",
                &[
                    ("part", 1, Type::Group, ".acme.v1.Part"),
                    ("n", 2, Type::Int32, ""),
                ],
            ),
            type_of("Part", &[("x", 3, Type::Int32, "")]),
        ],
    );
    let pool = Pool::default()
        .with(&set)
        .expect("a proto2 file with a group registers");
    // A message without the group decodes; proto2 fields have presence.
    assert_eq!(
        decode(&pool, "acme.v1.G", &[0x10, 0]),
        Ok(floats(json!({"n": 0})))
    );
    // Field 1 as a group (start 0x0b, x = 1, end 0x0c).
    let why = decode(&pool, "acme.v1.G", &[0x0b, 0x18, 1, 0x0c]).unwrap_err();
    assert!(why.contains("groups"), "{why}");
    let why = decode(&pool, "acme.v1.G", &[0x0a, 0]).unwrap_err();
    assert_eq!(why, "part is a group, which is not supported");
}

#[test]
fn recursion_stops_at_a_hundred_levels() {
    let set = acme(
        "acme/v1/n.proto",
        "proto3",
        vec![type_of(
            "Node",
            &[("child", 1, Type::Message, ".acme.v1.Node")],
        )],
    );
    let pool = Pool::default().with(&set).unwrap();
    // `depth` Nodes, each the child of the one before.
    let nested = |depth: usize| {
        (0..depth).fold(Vec::new(), |inner, _| {
            let mut outer = vec![0x0a];
            let mut len = inner.len();
            while len >= 0x80 {
                outer.push(len as u8 | 0x80);
                len >>= 7;
            }
            outer.push(len as u8);
            outer.extend(inner);
            outer
        })
    };
    assert!(decode(&pool, "acme.v1.Node", &nested(100)).is_ok());
    // The same limit as prost's.
    let node = DescriptorPool::decode(set.as_slice()).unwrap();
    let node = node.get_message_by_name("acme.v1.Node").unwrap();
    assert!(DynamicMessage::decode(node.clone(), nested(100).as_slice()).is_ok());
    assert!(DynamicMessage::decode(node, nested(101).as_slice()).is_err());
    let why = decode(&pool, "acme.v1.Node", &nested(101)).unwrap_err();
    assert_eq!(why, "messages nest deeper than 100 levels");
}

#[test]
fn a_file_keeps_its_first_version_and_bad_sets_change_nothing() {
    let first = acme(
        "acme/v1/x.proto",
        "proto3",
        vec![type_of("X", &[("a", 1, Type::Int32, "")])],
    );
    let second = acme(
        "acme/v1/x.proto",
        "proto3",
        vec![type_of("X", &[("b", 1, Type::String, "")])],
    );
    let pool = Pool::default().with(&first).unwrap().with(&second).unwrap();
    assert_eq!(
        decode(&pool, "acme.v1.X", &[8, 7]),
        Ok(floats(json!({"a": 7})))
    );
    let cases = [
        (
            acme("acme/v1/y.proto", "proto3", vec![type_of("X", &[])]),
            "not a valid FileDescriptorSet: acme.v1.X is defined twice",
        ),
        (
            acme("acme/v1/z.proto", "proto3", vec![type_of("Z", &[("m", 1, Type::Message, ".acme.v1.Missing")])]),
            "not a valid FileDescriptorSet: acme.v1.Z.m has type 11 \".acme.v1.Missing\", which is not registered",
        ),
        (
            acme("acme/v1/w.proto", "proto3", vec![type_of("W", &[("zero", 0, Type::Int32, "")])]),
            "not a valid FileDescriptorSet: acme.v1.W.zero has number 0",
        ),
    ];
    for (set, message) in cases {
        assert_eq!(pool.with(&set).err().unwrap().to_string(), message);
    }
    assert!(!pool.has_file("acme/v1/y.proto") && !pool.has_file("acme/v1/z.proto"));
}

#[test]
fn a_message_sent_in_parts_merges_and_each_part_must_be_whole() {
    let set = acme(
        "acme/v1/p.proto",
        "proto3",
        vec![type_of(
            "Pair",
            &[
                ("a", 1, Type::Int32, ""),
                ("b", 2, Type::Int32, ""),
                ("inner", 3, Type::Message, ".acme.v1.Pair"),
            ],
        )],
    );
    let pool = Pool::default().with(&set).unwrap();
    let merged = decode(&pool, "acme.v1.Pair", &[0x1a, 2, 0x08, 1, 0x1a, 2, 0x10, 2]);
    assert_eq!(merged, Ok(floats(json!({"inner": {"a": 1, "b": 2}}))));
    // Field 4 of the first part claims 2 bytes it does not have: read as
    // one, the parts would hide it.
    let broken = decode(&pool, "acme.v1.Pair", &[0x1a, 2, 0x22, 2, 0x1a, 2, 0x08, 1]);
    assert!(broken.is_err(), "{broken:?}");
}
