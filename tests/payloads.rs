//! Browser tests of payloads: the `decoded` proto3 JSON of well-known types and
//! google.rpc error details, in operations and in RpcErrors, and what happens
//! with bytes that do not decode.
#![cfg(target_arch = "wasm32")]

mod support;

use js_sys::{Array, JSON};
use support::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The `decoded` of an AnyMessage, as JSON text.
fn decoded(any: &JsValue) -> String {
    let decoded = field(any, "decoded");
    assert!(
        !decoded.is_undefined(),
        "no decoded in {}",
        text(any, "typeUrl")
    );
    JSON::stringify(&decoded).unwrap().as_string().unwrap()
}

fn details(status: &JsValue) -> Array {
    field(status, "details").unchecked_into()
}

async fn failed_job(corrupt: bool) -> JsValue {
    let mut req = job(0, 1);
    req.fail_code = 9;
    req.fail_message = "no".into();
    req.label = "p".into();
    req.corrupt_details = corrupt;
    let name = start_job(req).await;
    ok(client().wait(name.into(), None)).await
}

#[wasm_bindgen_test]
async fn operation_error_details_are_decoded_field_by_field() {
    let op = failed_job(false).await;
    let details = details(&field(&op, "error"));
    assert_eq!(details.length(), 3);
    assert_eq!(
        decoded(&details.get(0)),
        r#"{"reason":"JOB_FAILED","domain":"demo.lro-web","metadata":{"label":"p","steps":"1"}}"#
    );
    assert_eq!(
        decoded(&details.get(1)),
        r#"{"fieldViolations":[{"field":"fail_code","description":"the job was asked to fail with this code","reason":"REQUESTED_FAILURE"}]}"#
    );
    assert_eq!(decoded(&details.get(2)), r#"{"retryDelay":"1.500s"}"#);
    for detail in details.iter() {
        assert!(has(&detail, "value"), "the raw bytes stay");
        assert!(!has(&detail, "decodeError"));
    }
}

#[wasm_bindgen_test]
async fn operation_error_of_result_carries_decoded_details() {
    let mut req = job(0, 1);
    req.fail_code = 8;
    let name = start_job(req).await;
    let error = err(client().result(name.into(), None)).await;
    let details = details(&field(&error, "status"));
    assert_eq!(decoded(&details.get(2)), r#"{"retryDelay":"1.500s"}"#);
    // The error's own `details` are the status's, decoded alike.
    let on_error: Array = field(&error, "details").unchecked_into();
    assert_eq!(on_error.length(), 3);
    let info = decoded(&on_error.get(0));
    assert!(
        info.starts_with(r#"{"reason":"JOB_FAILED","domain":"demo.lro-web","#),
        "{info}"
    );
    assert_eq!(decoded(&on_error.get(2)), r#"{"retryDelay":"1.500s"}"#);
}

#[wasm_bindgen_test]
async fn rpc_error_details_are_decoded() {
    let error = err(client().get("operations/987654321".into(), None)).await;
    assert_eq!(
        decoded(&details(&error).get(0)),
        r#"{"resourceType":"google.longrunning.Operation","resourceName":"operations/987654321","description":"no operation of that name; it may have been deleted"}"#
    );
    let error = err(client().get("jobs/1".into(), None)).await;
    let request = decoded(&details(&error).get(0));
    assert!(
        request.starts_with(
            r#"{"fieldViolations":[{"field":"name","description":"operation name \"jobs/1\""#
        ),
        "{request}"
    );
}

#[wasm_bindgen_test]
async fn bytes_that_do_not_decode_say_why_and_the_call_still_resolves() {
    let op = failed_job(true).await;
    let details = details(&field(&op, "error"));
    let broken = details.get(0);
    assert_eq!(
        text(&broken, "typeUrl"),
        "type.googleapis.com/google.rpc.ErrorInfo"
    );
    assert!(!has(&broken, "decoded"));
    assert!(!text(&broken, "decodeError").is_empty());
    assert_eq!(
        decoded(&details.get(2)),
        r#"{"retryDelay":"1.500s"}"#,
        "the others still decode"
    );
}

#[wasm_bindgen_test]
async fn types_not_known_here_keep_only_their_bytes() {
    let name = start_job(job(600_000, 4)).await;
    let op = ok(client().get(name.into(), None)).await;
    let metadata = field(&op, "metadata");
    assert_eq!(
        text(&metadata, "typeUrl"),
        "type.googleapis.com/lro.demo.v1.JobProgress"
    );
    assert!(!has(&metadata, "decoded") && !has(&metadata, "decodeError"));
}

/// Reaches inside (the `fuzzing` feature): no server payload of the built-in
/// types carries a "__proto__" key on demand. A google.protobuf.Struct that
/// does goes through the same conversion as any reply's payload.
#[cfg(feature = "fuzzing")]
#[wasm_bindgen_test]
fn a_proto_key_is_an_own_property_not_the_prototype() {
    use prost_types::{value::Kind, Struct, Value};
    let entry = |name: &str, kind| (name.to_owned(), Value { kind: Some(kind) });
    let inner = Struct {
        fields: [entry("polluted", Kind::BoolValue(true))].into(),
    };
    let outer = Struct {
        fields: [entry("__proto__", Kind::StructValue(inner))].into(),
    };
    let any = prost_types::Any {
        type_url: "type.googleapis.com/google.protobuf.Struct".into(),
        value: prost::Message::encode_to_vec(&outer),
    };
    let value = field(&lro_web::fuzzing::any_to_js(&any), "decoded");
    let object: js_sys::Object = value.unchecked_into();
    assert!(
        js_sys::Object::get_prototype_of(&object)
            == js_sys::Object::get_prototype_of(&js_sys::Object::new()),
        "the prototype is Object.prototype"
    );
    let own = js_sys::Object::get_own_property_descriptor(&object, &"__proto__".into());
    assert!(!own.is_undefined(), "__proto__ is an own property");
    assert!(!has(&object, "polluted"));
    assert_eq!(
        JSON::stringify(&object).unwrap().as_string().unwrap(),
        r#"{"__proto__":{"polluted":true}}"#
    );
}
