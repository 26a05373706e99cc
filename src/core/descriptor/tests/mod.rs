//! The registry's JSON forms and operation_info lookups, on the demo's
//! descriptor set (written by build/main.rs with every import). Messages are
//! encoded with prost-reflect.

use prost::Message;
use prost_reflect::{DescriptorPool, DynamicMessage, Value};
use serde_json::{json, Value as Json};

use super::*;

mod sets;

const DEMO: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/descriptors.binpb"));

fn demo() -> Pool {
    Pool::default().with(DEMO).expect("the demo set registers")
}

fn reflect() -> DescriptorPool {
    DescriptorPool::decode(DEMO).expect("prost-reflect reads the demo set")
}

/// Field values by field name.
type Fields = Vec<(&'static str, Value)>;

/// Encodes a message of type `name` with `fields` set.
fn encode(_: &Pool, name: &str, fields: Fields) -> Vec<u8> {
    let descriptor = reflect().get_message_by_name(name).expect(name);
    let mut message = DynamicMessage::new(descriptor);
    for (field, value) in fields {
        message.set_field_by_name(field, value);
    }
    message.encode_to_vec()
}

/// A JSON value as serde_json's, every number an f64.
pub fn serde(json: crate::core::json::Json) -> Json {
    use crate::core::json::Json as J;
    match json {
        J::Null => Json::Null,
        J::Bool(b) => Json::Bool(b),
        J::Number(n) => Json::from(n),
        J::String(s) => Json::String(s),
        J::Array(items) => Json::Array(items.into_iter().map(serde).collect()),
        J::Object(members) => {
            Json::Object(members.into_iter().map(|(k, v)| (k, serde(v))).collect())
        }
    }
}

/// Every number of a serde_json value as an f64.
pub fn floats(json: Json) -> Json {
    match json {
        Json::Number(n) => Json::from(n.as_f64().unwrap()),
        Json::Array(items) => Json::Array(items.into_iter().map(floats).collect()),
        Json::Object(members) => {
            Json::Object(members.into_iter().map(|(k, v)| (k, floats(v))).collect())
        }
        other => other,
    }
}

fn to_json(registry: &Pool, name: &str, bytes: &[u8]) -> Json {
    let url = format!("type.googleapis.com/{name}");
    let json = registry
        .to_json(&url, bytes)
        .expect("registered")
        .expect("decodes");
    serde(json)
}

fn message(_: &Pool, name: &str, fields: Fields) -> Value {
    let descriptor = reflect().get_message_by_name(name).expect(name);
    let bytes = encode(&Pool::default(), name, fields);
    Value::Message(DynamicMessage::decode(descriptor, bytes.as_slice()).expect("decodes"))
}

#[test]
fn json_forms_follow_proto3_json() {
    let r = demo();
    let timestamp = message(
        &r,
        "google.protobuf.Timestamp",
        vec![
            ("seconds", Value::I64(1_700_000_000)),
            ("nanos", Value::I32(5_000_000)),
        ],
    );
    let any = message(
        &r,
        "google.protobuf.Any",
        vec![
            (
                "type_url",
                Value::String("type.googleapis.com/lro.demo.v1.JobProgress".into()),
            ),
            (
                "value",
                Value::Bytes(
                    encode(&r, "lro.demo.v1.JobProgress", vec![("step", Value::U32(2))]).into(),
                ),
            ),
        ],
    );
    let cases: Vec<(&str, Fields, Json)> = vec![
        // Unset fields are left out; uint32 stays a number.
        (
            "lro.demo.v1.JobProgress",
            vec![("percent", Value::U32(40))],
            json!({"percent": 40}),
        ),
        // camelCase names, 64-bit integers as strings, Timestamp as RFC 3339.
        (
            "lro.demo.v1.JobResult",
            vec![
                ("label", Value::String("nightly".into())),
                ("elapsed_ms", Value::U64(1500)),
                ("finished_at", timestamp),
            ],
            json!({"label": "nightly", "elapsedMs": "1500", "finishedAt": "2023-11-14T22:13:20.005Z"}),
        ),
        // Enums by name.
        (
            "google.protobuf.FieldDescriptorProto",
            vec![
                ("name", Value::String("x".into())),
                ("type", Value::EnumNumber(9)),
            ],
            json!({"name": "x", "type": "TYPE_STRING"}),
        ),
        // Bytes as base64.
        (
            "google.protobuf.UninterpretedOption",
            vec![("string_value", Value::Bytes(vec![0xff, 0, 1].into()))],
            json!({"stringValue": "/wAB"}),
        ),
        // Maps as objects.
        (
            "lro.demo.v1.ServerStats",
            vec![(
                "calls",
                Value::Map(
                    [(
                        prost_reflect::MapKey::String("GetOperation".into()),
                        Value::U64(3),
                    )]
                    .into(),
                ),
            )],
            json!({"calls": {"GetOperation": "3"}}),
        ),
        // A nested Any with "@type", decoded through the registry.
        (
            "google.rpc.Status",
            vec![("code", Value::I32(5)), ("details", Value::List(vec![any]))],
            json!({"code": 5, "details": [{"@type": "type.googleapis.com/lro.demo.v1.JobProgress", "step": 2}]}),
        ),
    ];
    for (name, fields, expected) in cases {
        let bytes = encode(&r, name, fields);
        assert_eq!(to_json(&r, name, &bytes), floats(expected), "{name}");
    }
}

#[test]
fn unknown_types_are_none_and_bad_bytes_say_why() {
    let r = demo();
    assert!(r
        .to_json("type.googleapis.com/acme.v1.Unknown", &[])
        .is_none());
    // Field 1 (label, a string) claims 100 bytes and has 2.
    let bad = r.to_json(
        "type.googleapis.com/lro.demo.v1.JobResult",
        &[0x0a, 100, b'x', b'y'],
    );
    let why = bad.expect("registered").expect_err("does not decode");
    assert!(
        why.contains("buffer underflow") || why.contains("decode"),
        "{why}"
    );
}

#[test]
fn malformed_sets_are_refused_and_change_nothing() {
    let r = demo();
    for bytes in [&b"not a descriptor set"[..], &[0x0a, 0x05, 0x0a, 0x03]] {
        let error = r.with(bytes).err().expect("malformed");
        assert!(
            error
                .to_string()
                .starts_with("not a valid FileDescriptorSet"),
            "{error}"
        );
    }
    // A file importing what is not registered.
    let orphan = prost_types::FileDescriptorSet {
        file: vec![prost_types::FileDescriptorProto {
            name: Some("acme/v1/x.proto".into()),
            package: Some("acme.v1".into()),
            dependency: vec!["acme/v1/missing.proto".into()],
            ..Default::default()
        }],
    };
    assert!(r.with(&orphan.encode_to_vec()).is_err());
    // A syntax the registry does not read.
    let editions = prost_types::FileDescriptorSet {
        file: vec![prost_types::FileDescriptorProto {
            name: Some("acme/v1/e.proto".into()),
            syntax: Some("editions".into()),
            ..Default::default()
        }],
    };
    let error = r.with(&editions.encode_to_vec()).err().unwrap();
    assert_eq!(
        error.to_string(),
        "not a valid FileDescriptorSet: acme/v1/e.proto has syntax \"editions\"; \
         the registry reads proto2 and proto3 files only"
    );
    assert!(r.has_file("lro/demo/v1/jobs.proto") && !r.has_file("acme/v1/x.proto"));
}

#[test]
fn operation_info_gives_full_names() {
    let r = demo();
    let expected = OperationTypes {
        response: "lro.demo.v1.JobResult".into(),
        metadata: "lro.demo.v1.JobProgress".into(),
    };
    assert_eq!(
        r.operation_types("lro.demo.v1.Jobs.StartJob").unwrap(),
        expected
    );
    assert_eq!(
        r.operation_types("/lro.demo.v1.Jobs/StartJob").unwrap(),
        expected
    );
}

#[test]
fn operation_info_errors_name_the_method() {
    let r = demo();
    let cases = [
        ("lro.demo.v1.Jobs.GetStats", "lro.demo.v1.Jobs.GetStats returns lro.demo.v1.ServerStats, not google.longrunning.Operation"),
        ("lro.demo.v1.Jobs.Nope", "no registered service has a method lro.demo.v1.Jobs.Nope"),
        ("StartJob", "\"StartJob\" is not a method name such as \"pkg.Service.Method\""),
        // WaitOperation returns an Operation but has no operation_info.
        (
            "google.longrunning.Operations.WaitOperation",
            "google.longrunning.Operations.WaitOperation has no google.longrunning.operation_info option",
        ),
    ];
    for (method, message) in cases {
        let error = r.operation_types(method).expect_err(method);
        assert_eq!(error.to_string(), message);
    }
    let empty = Pool::default();
    assert!(empty.operation_types("lro.demo.v1.Jobs.StartJob").is_err());
}

#[test]
fn short_names_resolve_from_the_package_outwards() {
    let r = demo();
    let cases = [
        ("JobResult", "lro.demo.v1", Some("lro.demo.v1.JobResult")),
        ("v1.JobResult", "lro.demo", Some("lro.demo.v1.JobResult")),
        (
            "protobuf.Duration",
            "google.longrunning",
            Some("google.protobuf.Duration"),
        ),
        (
            "google.protobuf.Empty",
            "lro.demo.v1",
            Some("google.protobuf.Empty"),
        ),
        (
            ".lro.demo.v1.JobResult",
            "google",
            Some("lro.demo.v1.JobResult"),
        ),
        (".JobResult", "lro.demo.v1", None),
        ("JobResult", "google.rpc", None),
    ];
    for (name, package, expected) in cases {
        assert_eq!(
            r.resolve_message(name, package).as_deref(),
            expected,
            "{name} in {package}"
        );
    }
}
