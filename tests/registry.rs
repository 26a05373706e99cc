//! Browser tests of the type registry (feature "registry", the
//! `lro-web/registry` entry): the demo's descriptor set registered, payloads
//! decoded through it, operation_info lookups and declared types.
#![cfg(target_arch = "wasm32")]

mod support;

use std::{cell::RefCell, rc::Rc};

use js_sys::{Function, Uint8Array, JSON};
use support::*;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The demo's FileDescriptorSet with every import, as build/main.rs wrote it.
const DEMO: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/descriptors.binpb"));

const START_JOB: &str = "lro.demo.v1.Jobs.StartJob";

fn registered() -> lro_web::JsClient {
    let client = client();
    client
        .register_types(Uint8Array::from(DEMO).into())
        .expect("the demo set registers");
    client
}

fn json(value: &JsValue) -> String {
    JSON::stringify(value).unwrap().as_string().unwrap()
}

/// A succeeded job's result, labelled `label`, with `steps` steps. It runs
/// 60 ms, so that its elapsedMs is never 0 (which proto3 JSON leaves out).
async fn finished_job(label: &str, steps: u32) -> String {
    let mut req = job(60, steps);
    req.label = label.into();
    start_job(req).await
}

#[wasm_bindgen_test]
async fn job_result_decodes_field_by_field_once_registered() {
    let name = finished_job("nightly", 3).await;
    let plain = ok(client().result(name.clone().into(), None)).await;
    assert!(
        !has(&plain, "decoded"),
        "JobResult is unknown without the set"
    );
    assert!(!has(&plain, "decodeError"));

    let result = ok(registered().result(name.into(), None)).await;
    assert_eq!(
        text(&result, "typeUrl"),
        "type.googleapis.com/lro.demo.v1.JobResult"
    );
    let decoded = field(&result, "decoded");
    assert_eq!(text(&decoded, "label"), "nightly");
    assert_eq!(field(&decoded, "steps"), 3);
    // uint64 as a string, Timestamp in RFC 3339, both the same instant.
    let elapsed = text(&decoded, "elapsedMs");
    assert!(
        elapsed.parse::<u64>().is_ok_and(|ms| ms >= 60),
        "elapsedMs {elapsed:?}"
    );
    let unix_ms: f64 = text(&decoded, "finishedUnixMs").parse().unwrap();
    let finished_at = text(&decoded, "finishedAt");
    assert!(finished_at.ends_with('Z'), "{finished_at}");
    let parsed = js_sys::Date::parse(&finished_at);
    assert!((parsed - unix_ms).abs() < 1.0, "{finished_at} vs {unix_ms}");
}

#[wasm_bindgen_test]
async fn progress_decodes_through_the_registry_in_on_progress() {
    let seen: Rc<RefCell<Vec<String>>> = Rc::default();
    let sink = seen.clone();
    let record = Closure::<dyn FnMut(JsValue)>::new(move |op: JsValue| {
        let decoded = field(&field(&op, "metadata"), "decoded");
        sink.borrow_mut().push(json(&decoded));
    });
    let name = start_job(job(600, 3)).await;
    let options = obj(&[
        (
            "onProgress",
            record.as_ref().unchecked_ref::<Function>().clone().into(),
        ),
        ("longPollMs", 100.into()),
    ]);
    ok(registered().wait(name.into(), Some(options))).await;
    let seen = seen.borrow();
    assert!(seen.len() >= 2, "{seen:?}");
    assert_eq!(
        seen.last().unwrap(),
        r#"{"percent":100,"step":3,"totalSteps":3}"#
    );
    for progress in seen.iter() {
        assert!(progress.contains("\"totalSteps\":3"), "{progress}");
    }
}

#[wasm_bindgen_test]
async fn error_details_decode_the_same_with_the_set_registered() {
    let mut req = job(0, 1);
    req.fail_code = 9;
    req.label = "p".into();
    let name = start_job(req).await;
    let plain = ok(client().wait(name.clone().into(), None)).await;
    let with_set = ok(registered().wait(name.into(), None)).await;
    let details = |op: &JsValue| json(&field(&field(op, "error"), "details"));
    assert_eq!(details(&with_set), details(&plain));
    assert!(details(&with_set).contains(r#""reason":"JOB_FAILED""#));
}

#[wasm_bindgen_test]
async fn corrupted_payload_bytes_say_why_and_the_rest_decodes() {
    let mut req = job(0, 1);
    req.fail_code = 9;
    req.corrupt_details = true;
    let name = start_job(req).await;
    let op = ok(registered().wait(name.into(), None)).await;
    let details: js_sys::Array = field(&field(&op, "error"), "details").unchecked_into();
    let info = details.get(0);
    assert!(!has(&info, "decoded"));
    assert!(!text(&info, "decodeError").is_empty());
    assert!(
        has(&details.get(1), "decoded"),
        "the next detail still decodes"
    );
}

#[wasm_bindgen_test]
fn operation_types_come_from_operation_info() {
    let client = registered();
    let types = client.operation_types(START_JOB.into()).unwrap();
    assert_eq!(
        json(&types),
        r#"{"responseType":"lro.demo.v1.JobResult","metadataType":"lro.demo.v1.JobProgress"}"#
    );
    let cases = [
        (
            "lro.demo.v1.Jobs.GetStats",
            "returns lro.demo.v1.ServerStats, not google.longrunning.Operation",
        ),
        (
            "google.longrunning.Operations.GetOperation",
            "has no google.longrunning.operation_info option",
        ),
        (
            "acme.v1.Things.Make",
            "no registered service has a method acme.v1.Things.Make",
        ),
    ];
    for (method, message) in cases {
        let error = client.operation_types(method.into()).unwrap_err();
        assert_rpc_error(&error, 3, "INVALID_ARGUMENT");
        assert!(
            text(&error, "message").contains(message),
            "{}",
            text(&error, "message")
        );
    }
    let unregistered = support::client()
        .operation_types(START_JOB.into())
        .unwrap_err();
    assert_rpc_error(&unregistered, 3, "INVALID_ARGUMENT");
    let not_a_string = client.operation_types(7.into()).unwrap_err();
    assert_rpc_error(&not_a_string, 3, "INVALID_ARGUMENT");
}

#[wasm_bindgen_test]
async fn wait_with_method_decodes_as_its_types() {
    let name = finished_job("m", 1).await;
    let options = obj(&[("method", START_JOB.into())]);
    let op = ok(registered().wait(name.into(), Some(options))).await;
    assert_eq!(
        text(&field(&field(&op, "response"), "decoded"), "label"),
        "m"
    );
    assert_eq!(
        json(&field(&field(&op, "metadata"), "decoded")),
        r#"{"percent":100,"step":1,"totalSteps":1}"#
    );
    let name = finished_job("m", 1).await;
    let unregistered =
        err(client().wait(name.into(), Some(obj(&[("method", START_JOB.into())])))).await;
    assert_rpc_error(&unregistered, 3, "INVALID_ARGUMENT");
    assert!(text(&unregistered, "message").contains("no registered service"));
}

#[wasm_bindgen_test]
async fn a_response_of_another_type_rejects_result_naming_both() {
    let name = finished_job("t", 1).await;
    let declared = obj(&[
        ("responseType", "lro.demo.v1.JobProgress".into()),
        ("metadataType", "lro.demo.v1.JobProgress".into()),
    ]);
    let error = err(registered().result(name.clone().into(), Some(declared))).await;
    assert_rpc_error(&error, 13, "INTERNAL");
    assert_eq!(
        text(&error, "message"),
        format!("the response of {name} is a lro.demo.v1.JobResult, but a lro.demo.v1.JobProgress was expected")
    );
    // wait resolves, with the mismatched payload left undecoded and named.
    let declared = obj(&[("metadataType", "google.protobuf.Struct".into())]);
    let op = ok(registered().wait(name.clone().into(), Some(declared))).await;
    let metadata = field(&op, "metadata");
    assert!(!has(&metadata, "decoded"));
    assert_eq!(
        text(&metadata, "decodeError"),
        "the metadata is a lro.demo.v1.JobProgress, but a google.protobuf.Struct was expected"
    );
    assert!(
        has(&field(&op, "response"), "decoded"),
        "the response is as declared: not checked"
    );
    let right = obj(&[("responseType", "lro.demo.v1.JobResult".into())]);
    let result = ok(registered().result(name.into(), Some(right))).await;
    assert_eq!(text(&field(&result, "decoded"), "label"), "t");
}

#[wasm_bindgen_test]
async fn method_and_types_together_are_refused() {
    let both = obj(&[
        ("method", START_JOB.into()),
        ("responseType", "lro.demo.v1.JobResult".into()),
    ]);
    let error = err(registered().wait("operations/1".into(), Some(both))).await;
    assert_rpc_error(&error, 3, "INVALID_ARGUMENT");
}

#[wasm_bindgen_test]
async fn malformed_sets_throw_and_the_client_keeps_its_types() {
    let client = registered();
    for bad in [&b"not a descriptor set"[..], &[0x0a, 0x05, 0x0a]] {
        let error = client
            .register_types(Uint8Array::from(bad).into())
            .unwrap_err();
        assert_rpc_error(&error, 3, "INVALID_ARGUMENT");
        assert!(text(&error, "message").starts_with("not a valid FileDescriptorSet"));
    }
    let error = client.register_types("bytes".into()).unwrap_err();
    assert_rpc_error(&error, 3, "INVALID_ARGUMENT");
    let name = finished_job("after", 1).await;
    let result = ok(client.result(name.into(), None)).await;
    assert_eq!(text(&field(&result, "decoded"), "label"), "after");
}

#[wasm_bindgen_test]
async fn an_array_buffer_registers_too_and_only_on_its_client() {
    let client = client();
    let buffer = Uint8Array::from(DEMO).buffer();
    client.register_types(buffer.into()).unwrap();
    let name = finished_job("ab", 1).await;
    let result = ok(client.result(name.clone().into(), None)).await;
    assert_eq!(text(&field(&result, "decoded"), "label"), "ab");
    let other = ok(support::client().result(name.into(), None)).await;
    assert!(!has(&other, "decoded"), "another client has not registered");
}
