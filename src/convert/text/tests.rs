//! The JSON text, natively: valid JSON (checked with serde_json) of the
//! expected shape, bytes beside it, fractional numbers kept out of it.

use prost::Message;
use serde_json::{json, Value};

use super::*;
use crate::payload::Payloads;
use crate::proto::google::longrunning::{operation, ListOperationsResponse, Operation};
use crate::proto::google::rpc;

#[derive(Clone, PartialEq, Message)]
struct DoubleValue {
    #[prost(double, tag = "1")]
    value: f64,
}

#[derive(Clone, PartialEq, Message)]
struct Int32Value {
    #[prost(int32, tag = "1")]
    value: i32,
}

fn written(write: impl FnOnce(&mut Text)) -> (Value, Vec<u8>, usize) {
    let types = Payloads::default();
    let mut text = Text::new(&types);
    write(&mut text);
    let value = serde_json::from_str(&text.json).unwrap_or_else(|e| panic!("{e}: {}", text.json));
    (value, text.bytes, text.side.len())
}

fn packed(type_name: &str, message: &impl Message) -> prost_types::Any {
    prost_types::Any {
        type_url: format!("type.googleapis.com/{type_name}"),
        value: message.encode_to_vec(),
    }
}

#[test]
fn strings_are_escaped() {
    for s in [
        "plain",
        "q\"uote",
        "back\\slash",
        "new\nline\t\u{1}",
        "caf\u{e9} \u{1f600}",
        "",
    ] {
        let (value, _, _) = written(|t| t.string(s));
        assert_eq!(value, Value::String(s.to_owned()));
    }
}

#[test]
fn operations_have_their_shape_and_bytes_beside() {
    let status = rpc::Status {
        code: 5,
        message: "gone".into(),
        details: vec![packed(
            "google.rpc.ResourceInfo",
            &rpc::ResourceInfo {
                resource_name: "x".into(),
                ..Default::default()
            },
        )],
    };
    let failed = Operation {
        name: "operations/1".into(),
        done: true,
        metadata: Some(prost_types::Any {
            type_url: "type.googleapis.com/acme.P".into(),
            value: vec![1, 2, 3],
        }),
        result: Some(operation::Result::Error(status)),
    };
    let empty = Operation {
        name: "operations/2".into(),
        done: true,
        ..Default::default()
    };
    let list = ListOperationsResponse {
        operations: vec![failed, empty],
        next_page_token: "t".into(),
    };
    let (value, bytes, side) = written(|t| t.list(&list));
    let detail = &rpc::ResourceInfo {
        resource_name: "x".into(),
        ..Default::default()
    }
    .encode_to_vec();
    assert_eq!(
        value,
        json!({
            "operations": [
                {
                    "name": "operations/1", "done": true,
                    "metadata": {"typeUrl": "type.googleapis.com/acme.P", "value": [0, 3]},
                    "error": {"code": 5, "codeName": "NOT_FOUND", "message": "gone", "details": [
                        {"typeUrl": "type.googleapis.com/google.rpc.ResourceInfo", "value": [3, detail.len()],
                         "decoded": {"resourceName": "x"}}
                    ]}
                },
                {
                    "name": "operations/2", "done": true,
                    "response": {"typeUrl": "type.googleapis.com/google.protobuf.Empty", "value": [3 + detail.len(), 0], "decoded": {}}
                }
            ],
            "nextPageToken": "t"
        })
    );
    assert_eq!(&bytes[..3], &[1, 2, 3]);
    assert_eq!(&bytes[3..], detail.as_slice());
    assert_eq!(side, 0);
}

#[test]
fn fractional_numbers_go_beside_the_text() {
    let half = packed("google.protobuf.DoubleValue", &DoubleValue { value: 0.5 });
    let (value, _, side) = written(|t| t.any(&half, None, ""));
    let url = "type.googleapis.com/google.protobuf.DoubleValue";
    assert_eq!(
        value,
        json!({"typeUrl": url, "value": [0, 9], "decodedRef": 0})
    );
    assert_eq!(side, 1);
    let seven = packed("google.protobuf.Int32Value", &Int32Value { value: 7 });
    let (value, _, side) = written(|t| t.any(&seven, None, ""));
    assert_eq!(value["decoded"], json!(7));
    assert_eq!(side, 0);
}

#[test]
fn undecodable_and_mismatched_payloads_say_why() {
    let bad = prost_types::Any {
        type_url: "type.googleapis.com/google.rpc.ErrorInfo".into(),
        value: vec![0x0a, 100, b'x'],
    };
    let (value, _, _) = written(|t| t.any(&bad, None, ""));
    assert!(value["decodeError"].is_string(), "{value}");
    assert!(value.get("decoded").is_none());
    let seven = packed("google.protobuf.Int32Value", &Int32Value { value: 7 });
    let (value, _, _) = written(|t| t.any(&seven, Some("acme.X"), "the metadata"));
    assert_eq!(
        value["decodeError"],
        json!("the metadata is a google.protobuf.Int32Value, but a acme.X was expected")
    );
}

#[test]
fn integers_are_written_exactly() {
    for n in [
        0,
        7,
        -7,
        10,
        1_000_000,
        i64::from(i32::MIN),
        i64::MAX,
        i64::MIN,
    ] {
        let types = Payloads::default();
        let mut text = Text::new(&types);
        text.int(n);
        assert_eq!(text.json, n.to_string());
    }
}
