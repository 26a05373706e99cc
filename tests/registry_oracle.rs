//! The type registry's decoder held to prost-reflect: random descriptor sets
//! (proto2 and proto3 files of messages with every scalar type, enums,
//! nested and recursive messages, maps of every key type, oneofs, proto3
//! `optional`, packed and unpacked lists, `json_name`, full and relative type
//! names, the well-known types, Anys of the set's own and of well-known
//! types), random messages of their types, and those messages with bytes
//! changed, give the same proto3 JSON from both. The few places where the
//! registry differs from prost-reflect on purpose are listed in [`agree`].
//!
//! It counts the random sets prost-reflect refuses (they are not cases),
//! prints the count (`cargo test --test registry_oracle -- --show-output`) and
//! fails if they are most of them. `LRO_FUZZ_CASES` sets the cases (default
//! 2,000).
#![cfg(not(target_arch = "wasm32"))]

use lro_web::fuzzing::descriptor::Pool;
use lro_web::fuzzing::Json;
use proptest::prelude::*;
use prost::Message;
use prost_reflect::{DescriptorPool, DynamicMessage, MessageDescriptor};
use prost_types::FileDescriptorSet;
use serde_json::Value as Serde;

#[path = "oracle/schema.rs"]
mod schema;
#[path = "oracle/values.rs"]
mod values;

/// The demo's set: the well-known types the random files import.
const DEMO: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/descriptors.binpb"));
/// The package of the random types.
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

/// Every number as an f64 (both sides' numbers are JS numbers), and the
/// strings of a NaN or an infinity as null: prost-reflect writes those of a
/// DoubleValue or a FloatValue as null (JSON has no such number), where
/// proto3 JSON and the registry write "NaN" (as prost-reflect does for a
/// double field).
fn floats(json: Serde) -> Serde {
    match json {
        Serde::Number(n) => Serde::from(n.as_f64().unwrap()),
        Serde::String(s) if matches!(s.as_str(), "NaN" | "Infinity" | "-Infinity") => Serde::Null,
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

/// One case: a random set (refused by prost-reflect: `Ok(false)`, skipped),
/// a random message of one of its types, and that message with `edits`.
fn one_case(seed: u64, edits: &[(usize, u8)]) -> Result<bool, TestCaseError> {
    let mut rng = Rng(seed);
    let mut set = FileDescriptorSet::decode(DEMO).unwrap();
    set.file.extend(schema::well_known_files());
    set.file.push(schema::file(&mut rng));
    let bytes = set.encode_to_vec();
    let Ok(reflect) = DescriptorPool::decode(bytes.as_slice()) else {
        return Ok(false);
    };
    let pool = Pool::default()
        .with(&bytes)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let own: Vec<_> = reflect
        .all_messages()
        .filter(|m| m.package_name() == PACKAGE && !m.is_map_entry())
        .collect();
    let desc = &own[rng.below(own.len() as u64) as usize];
    let mut encoded = values::message(&mut rng, desc, 0).encode_to_vec();
    agree(&pool, desc, &encoded, false)?;
    for (at, byte) in edits {
        if !encoded.is_empty() {
            let at = at % encoded.len();
            encoded[at] = *byte;
        }
    }
    agree(&pool, desc, &encoded, true)?;
    Ok(true)
}

#[test]
fn random_types_decode_as_prost_reflect_decodes_them() {
    use proptest::test_runner::{Config, TestRunner};
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    let (tried, skipped) = (std::cell::Cell::new(0u32), std::cell::Cell::new(0u32));
    let cases = (
        1..u64::MAX,
        prop::collection::vec(any::<(usize, u8)>(), 0..3),
    );
    let outcome = runner.run(&cases, |(seed, edits)| {
        tried.set(tried.get() + 1);
        if !one_case(seed, &edits)? {
            skipped.set(skipped.get() + 1);
        }
        Ok(())
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
    let (tried, skipped) = (tried.get(), skipped.get());
    // Sets prost-reflect refuses (an empty oneof, say) are not cases.
    println!(
        "registry oracle: {tried} random sets, {skipped} refused by prost-reflect and skipped"
    );
    assert!(
        skipped * 2 < tried,
        "most sets were skipped: {skipped} of {tried}"
    );
}
