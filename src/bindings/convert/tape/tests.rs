//! The tape, natively: read back by a mirror of the JS reader (the browser
//! tests check the JS reader itself), with `value`s as `[at, len]`.

use prost::Message;
use serde_json::{json, Value};

use super::*;
use crate::core::json::Json;

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

/// What kind of item the tape holds at its top, as `fromTape`'s `kind`.
enum Top {
    Any,
    List,
}

/// The mirror of `fromTape` in `super::super`'s inline JS.
struct Reader<'t> {
    ints: &'t [i32],
    text: Vec<u16>,
    k: usize,
}

impl Reader<'_> {
    fn int(&mut self) -> i32 {
        self.k += 1;
        self.ints[self.k - 1]
    }

    fn str(&mut self) -> Value {
        let (at, len) = (self.int() as usize, self.int() as usize);
        Value::String(String::from_utf16(&self.text[at..at + len]).unwrap())
    }

    fn any(&mut self) -> Value {
        let mut any = json!({"typeUrl": self.str(), "value": [self.int(), self.int()]});
        match self.int() {
            0 => {}
            2 => any["decodeError"] = self.str(),
            3 => any["decoded"] = self.json(),
            other => panic!("extra {other}"),
        }
        any
    }

    fn json(&mut self) -> Value {
        match self.int() {
            0 => Value::Null,
            1 => json!(false),
            2 => json!(true),
            3 => {
                let (low, high) = (self.int() as u32 as u64, self.int() as u32 as u64);
                json!(f64::from_bits(high << 32 | low))
            }
            4 => self.str(),
            5 => self.many(Self::json),
            6 => {
                let n = self.int();
                let members = (0..n).map(|_| {
                    let key = self.str().as_str().unwrap().to_owned();
                    (key, self.json())
                });
                Value::Object(members.collect())
            }
            other => panic!("json tag {other}"),
        }
    }

    fn many(&mut self, read: fn(&mut Self) -> Value) -> Value {
        let n = self.int();
        Value::Array((0..n).map(|_| read(self)).collect())
    }

    fn status(&mut self) -> Value {
        json!({"code": self.int(), "codeName": self.str(), "message": self.str(),
               "details": self.many(Self::any)})
    }

    fn operation(&mut self) -> Value {
        let mut op = json!({"name": self.str()});
        let flags = self.int();
        op["done"] = json!(flags & DONE != 0);
        if flags & METADATA != 0 {
            op["metadata"] = self.any();
        }
        if flags & ERROR != 0 {
            op["error"] = self.status();
        }
        if flags & RESPONSE != 0 {
            op["response"] = self.any();
        }
        op
    }
}

/// Writes with `write` and reads the tape back: the value and the payload
/// bytes.
fn written(top: Top, write: impl FnOnce(&mut Tape)) -> (Value, Vec<u8>) {
    let types = Payloads::default();
    let mut tape = Tape::new(&types);
    write(&mut tape);
    let mut reader = Reader {
        ints: &tape.ints,
        text: tape.text.encode_utf16().collect(),
        k: 0,
    };
    let value = match top {
        Top::Any => reader.any(),
        Top::List => json!({"operations": reader.many(Reader::operation),
                            "nextPageToken": reader.str()}),
    };
    assert_eq!(reader.k, tape.ints.len(), "the whole tape is read");
    (value, tape.bytes)
}

fn packed(type_name: &str, message: &impl Message) -> prost_types::Any {
    prost_types::Any {
        type_url: format!("type.googleapis.com/{type_name}"),
        value: message.encode_to_vec(),
    }
}

#[test]
fn strings_are_placed_in_utf16_units() {
    let list = ListOperationsResponse {
        operations: ["caf\u{e9}", "\u{1f600} x", "", "plain"]
            .into_iter()
            .map(|name| Operation {
                name: name.into(),
                ..Default::default()
            })
            .collect(),
        next_page_token: "\u{1f600}".into(),
    };
    let (value, _) = written(Top::List, |t| t.list(&list));
    let names: Vec<&str> = value["operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|op| op["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["caf\u{e9}", "\u{1f600} x", "", "plain"]);
    assert_eq!(value["nextPageToken"], "\u{1f600}");
}

#[test]
fn operations_have_their_shape_and_bytes_beside() {
    let detail = rpc::ResourceInfo {
        resource_name: "x".into(),
        ..Default::default()
    };
    let status = rpc::Status {
        code: 5,
        message: "gone".into(),
        details: vec![packed("google.rpc.ResourceInfo", &detail)],
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
    let running = Operation {
        name: "operations/3".into(),
        ..Default::default()
    };
    let list = ListOperationsResponse {
        operations: vec![failed, empty, running],
        next_page_token: "t".into(),
    };
    let (value, bytes) = written(Top::List, |t| t.list(&list));
    let detail = detail.encode_to_vec();
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
                },
                {"name": "operations/3", "done": false}
            ],
            "nextPageToken": "t"
        })
    );
    assert_eq!(&bytes[..3], &[1, 2, 3]);
    assert_eq!(&bytes[3..], detail.as_slice());
}

#[test]
fn decoded_values_are_json_on_the_tape() {
    let half = packed("google.protobuf.DoubleValue", &DoubleValue { value: 0.5 });
    let seven = packed("google.protobuf.Int32Value", &Int32Value { value: 7 });
    let (value, bytes) = written(Top::Any, |t| t.any(&half, None, ""));
    let url = "type.googleapis.com/google.protobuf.DoubleValue";
    assert_eq!(
        value,
        json!({"typeUrl": url, "value": [0, 9], "decoded": 0.5})
    );
    assert_eq!(bytes.len(), 9);
    let (value, _) = written(Top::Any, |t| t.any(&seven, None, ""));
    assert_eq!(value["decoded"], json!(7.0));
}

#[test]
fn every_json_value_round_trips_through_the_tape() {
    let json = Json::Object(vec![
        ("null".into(), Json::Null),
        ("yes".into(), Json::Bool(true)),
        ("no".into(), Json::Bool(false)),
        ("pi".into(), Json::Number(std::f64::consts::PI)),
        ("tiny".into(), Json::Number(-5e-324)),
        ("big".into(), Json::Number(1.7976931348623157e308)),
        ("text".into(), Json::str("caf\u{e9} \u{1f600}")),
        (
            "list".into(),
            Json::Array(vec![Json::Number(1.0), Json::Array(vec![])]),
        ),
        ("__proto__".into(), Json::Object(vec![])),
    ]);
    let types = Payloads::default();
    let mut tape = Tape::new(&types);
    tape.json(&json);
    let mut reader = Reader {
        ints: &tape.ints,
        text: tape.text.encode_utf16().collect(),
        k: 0,
    };
    let read = reader.json();
    assert_eq!(reader.k, tape.ints.len());
    assert_eq!(
        read,
        json!({"null": null, "yes": true, "no": false, "pi": std::f64::consts::PI,
               "tiny": -5e-324, "big": 1.7976931348623157e308, "text": "caf\u{e9} \u{1f600}",
               "list": [1.0, []], "__proto__": {}})
    );
}

#[test]
fn undecodable_and_mismatched_payloads_say_why() {
    let bad = prost_types::Any {
        type_url: "type.googleapis.com/google.rpc.ErrorInfo".into(),
        value: vec![0x0a, 100, b'x'],
    };
    let (value, _) = written(Top::Any, |t| t.any(&bad, None, ""));
    assert!(value["decodeError"].is_string(), "{value}");
    assert!(value.get("decoded").is_none());
    let seven = packed("google.protobuf.Int32Value", &Int32Value { value: 7 });
    let (value, _) = written(Top::Any, |t| t.any(&seven, Some("acme.X"), "the metadata"));
    assert_eq!(
        value["decodeError"],
        json!("the metadata is a google.protobuf.Int32Value, but a acme.X was expected")
    );
}

/// The kind of a tape's top crosses to `fromTape` as a number: each
/// [`Kind`]'s number is the case of the JS reader that reads it.
#[test]
fn from_tape_reads_each_kind_by_its_number() {
    use super::super::Kind;
    let js = include_str!("../mod.rs");
    let reads = [
        (Kind::Any, "return any();"),
        (Kind::Status, "return status();"),
        (Kind::Operation, "return operation();"),
        (
            Kind::List,
            "return { operations: many(operation), nextPageToken: str() };",
        ),
    ];
    for (kind, read) in reads {
        let case = format!("case {}: {read}", kind as u8);
        assert!(js.contains(&case), "fromTape has no `{case}`");
    }
    // The last kind is what is left.
    assert_eq!(Kind::AnyList as u8, 4);
    assert!(
        js.contains("case 3: return { operations") && js.contains("default: return many(any);")
    );
}
