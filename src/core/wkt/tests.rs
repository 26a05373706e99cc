//! The proto3 JSON forms, table by table.

use std::collections::BTreeMap;

use prost::Message;
use prost_types::{value::Kind, Any, Duration, FieldMask, ListValue, Struct, Timestamp, Value};

use super::*;
use crate::proto::google::rpc::{
    bad_request, quota_failure, BadRequest, ErrorInfo, LocalizedMessage, QuotaFailure, RetryInfo,
};

macro_rules! wrappers {
    ($($name:ident($kind:ident, $ty:ty)),* $(,)?) => {$(
        #[derive(Clone, PartialEq, Message)]
        struct $name {
            #[prost($kind, tag = "1")]
            value: $ty,
        }
    )*};
}

wrappers! {
    DoubleValue(double, f64), FloatValue(float, f32), Int64Value(int64, i64),
    UInt64Value(uint64, u64), Int32Value(int32, i32), UInt32Value(uint32, u32),
    BoolValue(bool, bool), StringValue(string, String), BytesValue(bytes, Vec<u8>),
}

fn any<M: Message>(name: &str, m: &M) -> Any {
    Any {
        type_url: format!("type.googleapis.com/{name}"),
        value: m.encode_to_vec(),
    }
}

fn json(name: &str, bytes: &[u8]) -> Json {
    to_json(&format!("type.googleapis.com/{name}"), bytes)
        .expect("a known type")
        .expect("valid bytes")
}

fn obj(members: &[(&str, Json)]) -> Json {
    Json::Object(
        members
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    )
}

#[test]
fn timestamps_are_rfc3339_in_utc() {
    let cases = [
        (0, 0, "1970-01-01T00:00:00Z"),
        (1_700_000_000, 500_000_000, "2023-11-14T22:13:20.500Z"),
        (1, 1_000, "1970-01-01T00:00:01.000001Z"),
        (1, 7, "1970-01-01T00:00:01.000000007Z"),
        (-62_135_596_800, 0, "0001-01-01T00:00:00Z"),
        (
            253_402_300_799,
            999_999_999,
            "9999-12-31T23:59:59.999999999Z",
        ),
    ];
    for (seconds, nanos, want) in cases {
        let t = Timestamp { seconds, nanos };
        assert_eq!(
            json("google.protobuf.Timestamp", &t.encode_to_vec()),
            Json::str(want)
        );
    }
    for (seconds, nanos) in [
        (253_402_300_800, 0),
        (-62_135_596_801, 0),
        (0, -1),
        (0, 1_000_000_000),
    ] {
        let bytes = Timestamp { seconds, nanos }.encode_to_vec();
        assert!(
            to_json("x/google.protobuf.Timestamp", &bytes)
                .unwrap()
                .is_err(),
            "{seconds} {nanos}"
        );
    }
}

#[test]
fn durations_are_seconds_with_0_3_6_or_9_decimals() {
    let cases = [
        (0, 0, "0s"),
        (1, 500_000_000, "1.500s"),
        (-1, -500_000_000, "-1.500s"),
        (0, 1, "0.000000001s"),
        (3, 2_000, "3.000002s"),
    ];
    for (seconds, nanos, want) in cases {
        let d = Duration { seconds, nanos };
        assert_eq!(
            json("google.protobuf.Duration", &d.encode_to_vec()),
            Json::str(want)
        );
    }
    for (seconds, nanos) in [(1, -1), (-1, 1), (315_576_000_001, 0), (0, 1_000_000_000)] {
        let bytes = Duration { seconds, nanos }.encode_to_vec();
        assert!(
            to_json("x/google.protobuf.Duration", &bytes)
                .unwrap()
                .is_err(),
            "{seconds} {nanos}"
        );
    }
}

#[test]
fn field_masks_are_camel_case_and_comma_joined() {
    let mask = FieldMask {
        paths: vec![
            "display_name".into(),
            "user.home_address_line".into(),
            "id".into(),
        ],
    };
    assert_eq!(
        json("google.protobuf.FieldMask", &mask.encode_to_vec()),
        Json::str("displayName,user.homeAddressLine,id")
    );
}

#[test]
fn wrappers_unwrap_with_64_bit_integers_as_strings() {
    let cases = [
        (
            "google.protobuf.Int64Value",
            Int64Value {
                value: -9_007_199_254_740_993,
            }
            .encode_to_vec(),
            Json::str("-9007199254740993"),
        ),
        (
            "google.protobuf.UInt64Value",
            UInt64Value { value: u64::MAX }.encode_to_vec(),
            Json::str("18446744073709551615"),
        ),
        (
            "google.protobuf.Int32Value",
            Int32Value { value: -7 }.encode_to_vec(),
            Json::Number(-7.0),
        ),
        (
            "google.protobuf.UInt32Value",
            UInt32Value { value: 7 }.encode_to_vec(),
            Json::Number(7.0),
        ),
        (
            "google.protobuf.DoubleValue",
            DoubleValue { value: 0.25 }.encode_to_vec(),
            Json::Number(0.25),
        ),
        (
            "google.protobuf.DoubleValue",
            DoubleValue { value: f64::NAN }.encode_to_vec(),
            Json::str("NaN"),
        ),
        (
            "google.protobuf.FloatValue",
            FloatValue {
                value: f32::NEG_INFINITY,
            }
            .encode_to_vec(),
            Json::str("-Infinity"),
        ),
        (
            "google.protobuf.BoolValue",
            BoolValue { value: true }.encode_to_vec(),
            Json::Bool(true),
        ),
        (
            "google.protobuf.StringValue",
            StringValue {
                value: "hé".into()
            }
            .encode_to_vec(),
            Json::str("hé"),
        ),
        (
            "google.protobuf.BytesValue",
            BytesValue {
                value: vec![0, 255, 1],
            }
            .encode_to_vec(),
            Json::str("AP8B"),
        ),
        ("google.protobuf.Int64Value", Vec::new(), Json::str("0")),
    ];
    for (name, bytes, want) in cases {
        assert_eq!(json(name, &bytes), want, "{name}");
    }
}

#[test]
fn struct_value_and_list_are_plain_json() {
    let number = |n| Value {
        kind: Some(Kind::NumberValue(n)),
    };
    let list = ListValue {
        values: vec![
            number(1.0),
            Value {
                kind: Some(Kind::BoolValue(false)),
            },
            Value { kind: None },
        ],
    };
    let inner = Struct {
        fields: [(
            "ok".to_string(),
            Value {
                kind: Some(Kind::StringValue("yes".into())),
            },
        )]
        .into(),
    };
    let s = Struct {
        fields: [
            (
                "a".to_string(),
                Value {
                    kind: Some(Kind::ListValue(list)),
                },
            ),
            (
                "b".to_string(),
                Value {
                    kind: Some(Kind::StructValue(inner)),
                },
            ),
            (
                "c".to_string(),
                Value {
                    kind: Some(Kind::NullValue(0)),
                },
            ),
        ]
        .into(),
    };
    let want = obj(&[
        (
            "a",
            Json::Array(vec![Json::Number(1.0), Json::Bool(false), Json::Null]),
        ),
        ("b", obj(&[("ok", Json::str("yes"))])),
        ("c", Json::Null),
    ]);
    assert_eq!(json("google.protobuf.Struct", &s.encode_to_vec()), want);
    let bad = Value {
        kind: Some(Kind::NumberValue(f64::INFINITY)),
    }
    .encode_to_vec();
    assert!(to_json("x/google.protobuf.Value", &bad).unwrap().is_err());
}

#[test]
fn map_entries_are_sorted_and_the_last_of_a_key_wins() {
    // ErrorInfo.metadata (field 3) as entries sent in this order:
    // b=1, a=1, b=2, c=1, a=2.
    let mut bytes = Vec::new();
    for (key, value) in [("b", "1"), ("a", "1"), ("b", "2"), ("c", "1"), ("a", "2")] {
        let entry = [&[0x0a, 1], key.as_bytes(), &[0x12, 1], value.as_bytes()].concat();
        bytes.extend([0x1a, entry.len() as u8]);
        bytes.extend(entry);
    }
    let want = obj(&[(
        "metadata",
        obj(&[
            ("a", Json::str("2")),
            ("b", Json::str("2")),
            ("c", Json::str("1")),
        ]),
    )]);
    assert_eq!(json("google.rpc.ErrorInfo", &bytes), want);
}

#[test]
fn nested_anys_carry_their_type() {
    let info = ErrorInfo {
        reason: "R".into(),
        ..Default::default()
    };
    let nested = any("google.rpc.ErrorInfo", &info);
    assert_eq!(
        json("google.protobuf.Any", &nested.encode_to_vec()),
        obj(&[
            (
                "@type",
                Json::str("type.googleapis.com/google.rpc.ErrorInfo")
            ),
            ("reason", Json::str("R"))
        ])
    );
    let stamp = any(
        "google.protobuf.Duration",
        &Duration {
            seconds: 2,
            nanos: 0,
        },
    );
    assert_eq!(
        json("google.protobuf.Any", &stamp.encode_to_vec()),
        obj(&[
            (
                "@type",
                Json::str("type.googleapis.com/google.protobuf.Duration")
            ),
            ("value", Json::str("2s"))
        ])
    );
    let unknown = any("lro.demo.v1.JobResult", &info);
    assert!(to_json("x/google.protobuf.Any", &unknown.encode_to_vec())
        .unwrap()
        .is_err());
}

#[test]
fn error_details_follow_the_json_names_and_leave_defaults_out() {
    let info = ErrorInfo {
        reason: "QUOTA".into(),
        domain: "example.com".into(),
        metadata: BTreeMap::from([("zone".into(), "b".into()), ("limit".into(), "10".into())]),
    };
    assert_eq!(
        json("google.rpc.ErrorInfo", &info.encode_to_vec()),
        obj(&[
            ("reason", Json::str("QUOTA")),
            ("domain", Json::str("example.com")),
            (
                "metadata",
                obj(&[("limit", Json::str("10")), ("zone", Json::str("b"))])
            ),
        ])
    );
    let request = BadRequest {
        field_violations: vec![bad_request::FieldViolation {
            field: "name".into(),
            description: "empty".into(),
            reason: String::new(),
            localized_message: Some(LocalizedMessage {
                locale: "fr".into(),
                message: "vide".into(),
            }),
        }],
    };
    assert_eq!(
        json("google.rpc.BadRequest", &request.encode_to_vec()),
        obj(&[(
            "fieldViolations",
            Json::Array(vec![obj(&[
                ("field", Json::str("name")),
                ("description", Json::str("empty")),
                (
                    "localizedMessage",
                    obj(&[("locale", Json::str("fr")), ("message", Json::str("vide"))])
                ),
            ])])
        )])
    );
    let retry = RetryInfo {
        retry_delay: Some(Duration {
            seconds: 1,
            nanos: 500_000_000,
        }),
    };
    assert_eq!(
        json("google.rpc.RetryInfo", &retry.encode_to_vec()),
        obj(&[("retryDelay", Json::str("1.500s"))])
    );
    let quota = QuotaFailure {
        violations: vec![quota_failure::Violation {
            quota_value: 5,
            future_quota_value: Some(0),
            ..Default::default()
        }],
    };
    assert_eq!(
        json("google.rpc.QuotaFailure", &quota.encode_to_vec()),
        obj(&[(
            "violations",
            Json::Array(vec![obj(&[
                ("quotaValue", Json::str("5")),
                ("futureQuotaValue", Json::str("0"))
            ])])
        )])
    );
    for name in [
        "google.rpc.DebugInfo",
        "google.rpc.PreconditionFailure",
        "google.rpc.RequestInfo",
        "google.rpc.ResourceInfo",
        "google.rpc.Help",
        "google.rpc.LocalizedMessage",
        "google.rpc.Status",
        "google.protobuf.Empty",
    ] {
        assert_eq!(json(name, &[]), obj(&[]), "{name}: all defaults");
    }
}

#[test]
fn unknown_types_are_none_and_garbage_is_an_error() {
    assert_eq!(
        to_json("type.googleapis.com/lro.demo.v1.JobResult", &[8, 1]),
        None
    );
    let garbage = [0xff, 0xff, 0xff];
    for name in [
        "google.rpc.ErrorInfo",
        "google.protobuf.Timestamp",
        "google.rpc.Status",
    ] {
        let result = to_json(&format!("type.googleapis.com/{name}"), &garbage).unwrap();
        assert!(result.is_err(), "{name}");
    }
    assert_eq!(type_name("type.googleapis.com/a.B"), "a.B");
    assert_eq!(type_name("a.B"), "a.B");
    assert_eq!(type_name("example.com/x/y/a.B"), "a.B");
    assert_eq!(type_name("x/"), "");
}

#[test]
fn nested_anys_stop_at_100_levels() {
    // An Any holding an Any, `levels` times, around an Any of an Empty.
    let nested = |levels: usize| {
        let empty = b"type.googleapis.com/google.protobuf.Empty";
        let mut bytes = vec![0x0a, empty.len() as u8];
        bytes.extend(empty);
        for _ in 0..levels {
            let url = b"type.googleapis.com/google.protobuf.Any";
            let mut any = vec![0x0a, url.len() as u8];
            any.extend(url);
            any.push(0x12);
            wrap(&mut any, bytes);
            bytes = any;
        }
        bytes
    };
    let any = "type.googleapis.com/google.protobuf.Any";
    for levels in [1, 50, 99] {
        let json = to_json(any, &nested(levels)).unwrap();
        assert!(json.is_ok(), "{levels} levels: {json:?}");
    }
    for levels in [102, 1_000] {
        let json = to_json(any, &nested(levels)).unwrap();
        let error = json.expect_err("too deep");
        assert!(error.contains("deeper than 100"), "{error}");
    }
    // The count starts again at the next payload.
    assert!(to_json(any, &nested(99)).unwrap().is_ok());
}

#[test]
fn nesting_stops_where_prost_stops() {
    // A Value holding a list of one Value, `levels` times: 2 messages a level.
    let nested = |levels: usize| {
        let mut bytes = Vec::new();
        for _ in 0..levels {
            let mut list = vec![0x0a];
            wrap(&mut list, bytes);
            bytes = vec![0x32];
            wrap(&mut bytes, list);
        }
        bytes
    };
    for levels in [1, 49, 50, 51, 52, 200] {
        let bytes = nested(levels);
        let ours = to_json("type.googleapis.com/google.protobuf.Value", &bytes).unwrap();
        let prost = prost_types::Value::decode(bytes.as_slice());
        assert_eq!(ours.is_ok(), prost.is_ok(), "{levels} levels: {ours:?}");
    }
}

/// Appends `inner` to `out` with its length before it (a varint).
fn wrap(out: &mut Vec<u8>, inner: Vec<u8>) {
    let mut len = inner.len();
    while len >= 0x80 {
        out.push(len as u8 | 0x80);
        len >>= 7;
    }
    out.push(len as u8);
    out.extend(inner);
}
