//! Fuzzing, natively, of every path that decodes bytes from the network:
//! gRPC-Web frames in any chunking, trailers and grpc-message, Operation,
//! ListOperationsResponse and Status messages, the `decoded` JSON of Any
//! payloads, and the type registry's JSON. Inputs are random bytes and
//! mutations of valid samples. Every property includes "no panic"; besides,
//! chunking never changes how frames read, the hand codec reads what prost
//! reads, grpc-message's lossy text is std's, and a payload either decodes
//! (only if prost reads it too) or says why.
//!
//! `LRO_FUZZ_CASES` sets the cases per property (default 2,000, what `npm
//! test` runs); `npm run fuzz` runs 1,000,000.
#![cfg(not(target_arch = "wasm32"))]

use lro_web::fuzzing::frames::Frames;
use lro_web::fuzzing::status;
use lro_web::fuzzing::{codec, wkt};
use lro_web::proto::google::longrunning::{operation, ListOperationsResponse, Operation};
use lro_web::proto::google::rpc::{self, ErrorInfo, RetryInfo};
use proptest::prelude::*;
use prost::Message;

/// The hand codec never panics, and what it accepts prost reads the same.
/// (It may refuse what prost takes: groups, over-long varints.)
fn agrees_with_prost<M>(bytes: &[u8]) -> Result<(), TestCaseError>
where
    M: codec::Decode + Message + PartialEq + std::fmt::Debug,
{
    if let Ok(ours) = <M as codec::Decode>::decode(bytes) {
        prop_assert_eq!(Some(ours), <M as Message>::decode(bytes).ok());
    }
    Ok(())
}

/// Whether prost reads `bytes` as a message of the built-in type `name`.
fn prost_reads(name: &str, bytes: &[u8]) -> bool {
    use lro_web::proto::google::rpc::*;
    use prost_types::*;
    fn reads<M: Message + Default>(bytes: &[u8]) -> bool {
        M::decode(bytes).is_ok()
    }
    match name {
        "google.protobuf.Empty" => reads::<()>(bytes),
        "google.protobuf.Timestamp" => reads::<Timestamp>(bytes),
        "google.protobuf.Duration" => reads::<Duration>(bytes),
        "google.protobuf.FieldMask" => reads::<FieldMask>(bytes),
        "google.protobuf.Struct" => reads::<Struct>(bytes),
        "google.protobuf.Value" => reads::<Value>(bytes),
        "google.protobuf.ListValue" => reads::<ListValue>(bytes),
        "google.protobuf.Any" => reads::<Any>(bytes),
        "google.protobuf.DoubleValue" => reads::<f64>(bytes),
        "google.protobuf.Int64Value" => reads::<i64>(bytes),
        "google.protobuf.BytesValue" => reads::<Vec<u8>>(bytes),
        "google.protobuf.StringValue" => reads::<String>(bytes),
        "google.rpc.Status" => reads::<Status>(bytes),
        "google.rpc.ErrorInfo" => reads::<ErrorInfo>(bytes),
        "google.rpc.RetryInfo" => reads::<RetryInfo>(bytes),
        "google.rpc.DebugInfo" => reads::<DebugInfo>(bytes),
        "google.rpc.QuotaFailure" => reads::<QuotaFailure>(bytes),
        "google.rpc.PreconditionFailure" => reads::<PreconditionFailure>(bytes),
        "google.rpc.BadRequest" => reads::<BadRequest>(bytes),
        "google.rpc.RequestInfo" => reads::<RequestInfo>(bytes),
        "google.rpc.ResourceInfo" => reads::<ResourceInfo>(bytes),
        "google.rpc.Help" => reads::<Help>(bytes),
        "google.rpc.LocalizedMessage" => reads::<LocalizedMessage>(bytes),
        other => panic!("no prost type for {other}"),
    }
}

fn cases() -> u32 {
    std::env::var("LRO_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2_000)
}

fn packed(type_name: &str, message: &impl Message) -> prost_types::Any {
    prost_types::Any {
        type_url: format!("type.googleapis.com/{type_name}"),
        value: message.encode_to_vec(),
    }
}

/// Valid messages of each kind the client decodes, to mutate.
fn samples() -> Vec<Vec<u8>> {
    let info = ErrorInfo {
        reason: "R".into(),
        domain: "d".into(),
        metadata: [("k".to_owned(), "v".to_owned())].into(),
    };
    let retry = RetryInfo {
        retry_delay: Some(prost_types::Duration {
            seconds: 1,
            nanos: 500_000_000,
        }),
    };
    let status = rpc::Status {
        code: 9,
        message: "no".into(),
        details: vec![
            packed("google.rpc.ErrorInfo", &info),
            packed("google.rpc.RetryInfo", &retry),
        ],
    };
    let failed = Operation {
        name: "operations/1".into(),
        done: true,
        metadata: Some(packed(
            "google.protobuf.Duration",
            &prost_types::Duration::default(),
        )),
        result: Some(operation::Result::Error(status.clone())),
    };
    let timestamp = prost_types::Timestamp {
        seconds: 1_700_000_000,
        nanos: 1,
    };
    let succeeded = Operation {
        name: "operations/2".into(),
        done: true,
        metadata: None,
        result: Some(operation::Result::Response(packed(
            "google.protobuf.Timestamp",
            &timestamp,
        ))),
    };
    let list = ListOperationsResponse {
        operations: vec![failed.clone(), succeeded.clone()],
        next_page_token: "t".into(),
    };
    vec![
        failed.encode_to_vec(),
        succeeded.encode_to_vec(),
        list.encode_to_vec(),
        status.encode_to_vec(),
        info.encode_to_vec(),
        retry.encode_to_vec(),
    ]
}

/// Random bytes, or a valid sample with bytes flipped, inserted and cut.
fn bytes() -> impl Strategy<Value = Vec<u8>> {
    let samples = samples();
    let mutated = (
        0..samples.len(),
        prop::collection::vec((any::<usize>(), any::<u8>(), 0..3u8), 0..6),
        any::<usize>(),
    )
        .prop_map(move |(which, edits, cut)| {
            let mut bytes = samples[which].clone();
            for (at, byte, how) in edits {
                let at = at % (bytes.len() + 1);
                match how {
                    0 if at < bytes.len() => bytes[at] = byte,
                    1 => bytes.insert(at, byte),
                    _ if at < bytes.len() => {
                        bytes.remove(at);
                    }
                    _ => {}
                }
            }
            let keep = bytes.len() - cut % (bytes.len() / 4 + 1);
            bytes.truncate(keep);
            bytes
        });
    prop_oneof![prop::collection::vec(any::<u8>(), 0..64), mutated]
}

/// The payload types the client decodes without setup.
const KNOWN: &[&str] = &[
    "google.protobuf.Empty",
    "google.protobuf.Timestamp",
    "google.protobuf.Duration",
    "google.protobuf.FieldMask",
    "google.protobuf.Struct",
    "google.protobuf.Value",
    "google.protobuf.ListValue",
    "google.protobuf.Any",
    "google.protobuf.DoubleValue",
    "google.protobuf.Int64Value",
    "google.protobuf.BytesValue",
    "google.protobuf.StringValue",
    "google.rpc.Status",
    "google.rpc.ErrorInfo",
    "google.rpc.RetryInfo",
    "google.rpc.DebugInfo",
    "google.rpc.QuotaFailure",
    "google.rpc.PreconditionFailure",
    "google.rpc.BadRequest",
    "google.rpc.RequestInfo",
    "google.rpc.ResourceInfo",
    "google.rpc.Help",
    "google.rpc.LocalizedMessage",
];

fn frame(flag: u8, payload: &[u8]) -> Vec<u8> {
    let mut out = vec![flag];
    out.extend_from_slice(&(payload.len() as u32).to_be_bytes());
    out.extend_from_slice(payload);
    out
}

fn read(chunks: &[&[u8]], limit: usize) -> Result<lro_web::fuzzing::frames::Body, String> {
    let mut frames = Frames::new(limit);
    for chunk in chunks {
        frames.push(chunk).map_err(|e| e.to_string())?;
    }
    frames.finish().map_err(|e| e.to_string())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn frames_never_panic_and_chunking_never_matters(
        body in bytes(),
        framed in any::<bool>(),
        cuts in prop::collection::vec(any::<usize>(), 0..4),
        limit in 0usize..256,
    ) {
        // Either raw bytes as a body, or the bytes as a data frame before trailers.
        let body = if framed {
            let mut b = frame(0, &body);
            b.extend(frame(0x80, b"grpc-status: 0\r\n"));
            b
        } else {
            body
        };
        let whole = read(&[&body], limit);
        let mut points: Vec<usize> = cuts.iter().map(|c| c % (body.len() + 1)).collect();
        points.sort_unstable();
        let mut chunks = Vec::new();
        let mut from = 0;
        for to in points {
            chunks.push(&body[from..to]);
            from = to;
        }
        chunks.push(&body[from..]);
        prop_assert_eq!(read(&chunks, limit), whole);
    }

    #[test]
    fn trailers_and_messages_never_panic(block in bytes()) {
        prop_assert_eq!(status::lossy(&block), String::from_utf8_lossy(&block));
        let fields = status::parse_trailers(&block);
        let _ = status::status(&fields);
        let _ = status::message(&block);
        let mut with_status = vec![("grpc-status".to_owned(), block.clone())];
        with_status.push(("grpc-status-details-bin".to_owned(), block.clone()));
        let _ = status::status(&with_status);
    }

    #[test]
    fn messages_from_the_network_read_as_prost_reads_them(bytes in bytes()) {
        agrees_with_prost::<Operation>(&bytes)?;
        agrees_with_prost::<ListOperationsResponse>(&bytes)?;
        agrees_with_prost::<rpc::Status>(&bytes)?;
    }

    #[test]
    fn any_payloads_decode_or_say_why(which in 0..KNOWN.len(), bytes in bytes()) {
        let url = format!("type.googleapis.com/{}", KNOWN[which]);
        let decoded = wkt::to_json(&url, &bytes);
        prop_assert!(decoded.is_some(), "{} is a built-in type", KNOWN[which]);
        match decoded.unwrap() {
            // What the JSON says is held to prost-reflect in registry_oracle.rs.
            Ok(_) => prop_assert!(prost_reads(KNOWN[which], &bytes), "decoded bytes that prost refuses as {}", KNOWN[which]),
            Err(why) => prop_assert!(!why.is_empty(), "a refusal says why"),
        }
    }
}

#[cfg(feature = "registry")]
mod registry {
    use std::sync::OnceLock;

    use super::*;
    use lro_web::fuzzing::descriptor::Pool;

    const DEMO: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/descriptors.binpb"));
    const TYPES: &[&str] = &[
        "lro.demo.v1.JobResult",
        "lro.demo.v1.JobProgress",
        "lro.demo.v1.ServerStats",
        "google.longrunning.Operation",
        "google.rpc.Status",
        "google.protobuf.FileDescriptorSet",
    ];

    /// The demo's types, registered once.
    fn demo() -> &'static Pool {
        static DEMO_REGISTRY: OnceLock<Pool> = OnceLock::new();
        DEMO_REGISTRY.get_or_init(|| Pool::default().with(DEMO).expect("the demo set registers"))
    }

    /// The demo's descriptor set with a few bytes changed.
    fn damaged_set() -> impl Strategy<Value = Vec<u8>> {
        prop::collection::vec((any::<usize>(), any::<u8>()), 1..4).prop_map(|edits| {
            let mut bytes = DEMO.to_vec();
            for (at, byte) in edits {
                let at = at % bytes.len();
                bytes[at] = byte;
            }
            bytes
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn registry_json_never_panics(which in 0..TYPES.len(), bytes in bytes()) {
            let url = format!("type.googleapis.com/{}", TYPES[which]);
            prop_assert!(demo().to_json(&url, &bytes).is_some());
        }

        #[test]
        fn malformed_descriptor_sets_never_panic(garbage in bytes(), damaged in damaged_set()) {
            let _ = demo().with(&garbage);
            let _ = Pool::default().with(&damaged);
        }
    }
}
