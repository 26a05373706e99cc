//! Browser tests against a server that misbehaves on purpose (the request
//! header `x-lro-fault`, see tests/server/src/faults.rs): each fault rejects
//! with the RpcError a user would expect, and the same client works after.
#![cfg(target_arch = "wasm32")]

mod support;

use lro_web::fuzzing::heap;
use lro_web::JsClient;
use support::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Call options asking the server for `fault`.
fn faulty(fault: &str) -> JsValue {
    obj(&[("headers", obj(&[("x-lro-fault", fault.into())]))])
}

/// A finished job's operation name.
async fn some_operation() -> String {
    start_job(job(0, 1)).await
}

/// The rejection of a get with `fault`; then checks the client still works.
async fn fault_error(client: &JsClient, fault: &str) -> JsValue {
    let name = some_operation().await;
    let error = err(client.get(name.clone().into(), Some(faulty(fault)))).await;
    let op = ok(client.get(name.clone().into(), None)).await;
    assert_eq!(text(&op, "name"), name, "the client works after {fault}");
    error
}

fn message(error: &JsValue) -> String {
    text(error, "message")
}

// README failures: a trailers-only error (status in the headers, no body)
#[wasm_bindgen_test]
async fn a_trailers_only_error_keeps_its_code_and_message() {
    let error = fault_error(&client(), "trailers-only").await;
    assert_rpc_error(&error, 5, "NOT_FOUND");
    assert_eq!(message(&error), "no such operation (trailers-only)");
}

// README failures: a trailers frame split across chunks, or a body that drips in slowly
#[wasm_bindgen_test]
async fn trailers_split_across_chunks_still_read() {
    let client = client();
    let name = some_operation().await;
    let op = ok(client.get(name.clone().into(), Some(faulty("split-trailers")))).await;
    assert_eq!(text(&op, "name"), name);
    assert_eq!(field(&op, "done"), true);
}

// README failures: HTTP 503, 502, 504, 429 with an HTML page
#[wasm_bindgen_test]
async fn http_error_pages_are_unavailable_and_say_what_came() {
    let client = client();
    for (fault, status) in [("http-503", "HTTP 503"), ("http-502", "HTTP 502")] {
        let error = fault_error(&client, fault).await;
        assert_rpc_error(&error, 14, "UNAVAILABLE");
        let message = message(&error);
        assert!(message.contains(status), "{message}");
        assert!(message.contains("text/html"), "{message}");
        assert!(message.contains("not a gRPC-Web response"), "{message}");
    }
}

// README failures: HTTP 503, 502, 504, 429 with an HTML page
#[wasm_bindgen_test]
async fn http_statuses_map_as_grpc_says_and_say_what_came() {
    let client = client();
    let cases = [
        ("http-403", 7, "PERMISSION_DENIED", "HTTP 403"),
        ("http-429", 14, "UNAVAILABLE", "HTTP 429"),
        ("http-504", 14, "UNAVAILABLE", "HTTP 504"),
    ];
    for (fault, code, name, status) in cases {
        let error = fault_error(&client, fault).await;
        assert_rpc_error(&error, code, name);
        let message = message(&error);
        assert!(message.contains(status), "{message}");
        assert!(message.contains("text/html"), "{message}");
    }
}

// README failures: a content-type that is not gRPC-Web
#[wasm_bindgen_test]
async fn an_ok_response_that_is_not_grpc_web_is_internal_and_names_its_type() {
    let error = fault_error(&client(), "not-grpc-web").await;
    assert_rpc_error(&error, 13, "INTERNAL");
    let message = message(&error);
    assert!(message.contains("content-type \"text/plain\""), "{message}");
    assert!(
        message.contains("is the URL a gRPC-Web endpoint?"),
        "{message}"
    );
}

// README failures: no grpc-status readable (a missing CORS expose list, or an empty body)
#[wasm_bindgen_test]
async fn a_status_hidden_by_cors_says_what_to_expose() {
    let client = client();
    for fault in ["no-expose", "empty-200"] {
        let error = fault_error(&client, fault).await;
        assert_rpc_error(&error, 13, "INTERNAL");
        let message = message(&error);
        assert!(message.contains("no grpc-status"), "{message}");
        assert!(
            message.contains("expose grpc-status and grpc-message"),
            "{message}"
        );
    }
}

// README failures: a body cut inside a frame, or a length prefix longer than the body
#[wasm_bindgen_test]
async fn cut_bodies_are_internal_and_say_how_far_they_got() {
    let client = client();
    let error = fault_error(&client, "truncated").await;
    assert_rpc_error(&error, 13, "INTERNAL");
    assert!(
        message(&error).contains("bytes into a"),
        "{}",
        message(&error)
    );
    let error = fault_error(&client, "long-prefix").await;
    assert_rpc_error(&error, 13, "INTERNAL");
    assert_eq!(
        message(&error),
        "malformed response: the response ended 15 bytes into a 1005-byte frame"
    );
}

// README failures: a message over maxResponseBytes (the call's, else the client's; default 4 MiB)
#[wasm_bindgen_test]
async fn an_oversized_reply_is_refused_without_buffering_it() {
    let client = client();
    let before = heap::restart_peak();
    let error = fault_error(&client, "huge").await;
    assert_rpc_error(&error, 8, "RESOURCE_EXHAUSTED");
    let message = message(&error);
    assert!(message.contains("8388608-byte frame"), "{message}");
    assert!(message.contains("limit is 4194304 bytes"), "{message}");
    // Buffered up to the limit, the reply would have held 4 MiB at once; what
    // the heap holds is the browser's chunk that carried the prefix, whose
    // size is the browser's (about 0.5 MB on a quiet machine, up to 2 MB
    // under load in Chromium).
    let most = heap::peak() - before;
    assert!(
        most < 4 << 20,
        "the heap held {most} bytes more at its peak for an 8 MiB reply"
    );
}

// README failures: a message over maxResponseBytes (the call's, else the client's; default 4 MiB)
#[wasm_bindgen_test]
async fn the_limit_is_the_clients_or_the_calls_to_set() {
    let limit = |bytes: u32| obj(&[("maxResponseBytes", bytes.into())]);
    let small = JsClient::new(server().into(), Some(limit(16))).unwrap();
    let name = some_operation().await;
    let error = err(small.get(name.clone().into(), None)).await;
    assert_rpc_error(&error, 8, "RESOURCE_EXHAUSTED");
    assert!(message(&error).contains("maxResponseBytes"));
    // A call's limit stands in place of its client's, either way.
    let op = ok(small.get(name.clone().into(), Some(limit(1 << 20)))).await;
    assert_eq!(text(&op, "name"), name);
    let error = err(client().get(name.clone().into(), Some(limit(16)))).await;
    assert_rpc_error(&error, 8, "RESOURCE_EXHAUSTED");
    let op = ok(client().get(name.clone().into(), None)).await;
    assert_eq!(text(&op, "name"), name);
    let error = JsClient::new(server().into(), Some(limit(0)))
        .err()
        .unwrap();
    assert_rpc_error(&error, 3, "INVALID_ARGUMENT");
    let error = err(client().get(name.into(), Some(limit(0)))).await;
    assert_rpc_error(&error, 3, "INVALID_ARGUMENT");
    assert_eq!(
        message(&error),
        "options.maxResponseBytes must be a finite number, 1 or more"
    );
}

// README failures: a trailers frame split across chunks, or a body that drips in slowly
// README failures: a deadline passing mid-body
#[wasm_bindgen_test]
async fn a_dripping_body_arrives_or_meets_its_deadline() {
    let client = client();
    let name = some_operation().await;
    let op = ok(client.get(name.clone().into(), Some(faulty("drip")))).await;
    assert_eq!(text(&op, "name"), name);
    let options = obj(&[
        ("headers", obj(&[("x-lro-fault", "drip".into())])),
        ("timeoutMs", 300.into()),
    ]);
    let error = err(client.get(name.into(), Some(options))).await;
    assert_rpc_error(&error, 4, "DEADLINE_EXCEEDED");
    assert_eq!(message(&error), "deadline exceeded after 300 ms");
}

// README failures: the connection reset mid-body
#[wasm_bindgen_test]
async fn a_connection_reset_mid_body_is_unavailable() {
    let error = fault_error(&client(), "reset").await;
    if engine() == Engine::WebKitGtk {
        // The page cannot tell this from a body that ends mid-frame.
        engine_note("a chunked body cut by a reset ends as if complete: a malformed response");
        assert_rpc_error(&error, 13, "INTERNAL");
        assert!(
            message(&error).contains("bytes into a"),
            "{}",
            message(&error)
        );
        return;
    }
    assert_rpc_error(&error, 14, "UNAVAILABLE");
    assert!(
        message(&error).contains("connection broke"),
        "{}",
        message(&error)
    );
}

// README failures: the server unreachable, or refusing the origin (CORS)
#[wasm_bindgen_test]
async fn an_unreachable_server_or_a_refused_origin_is_unavailable_in_the_browsers_words() {
    let dead = JsClient::new(dead_server().into(), None).unwrap();
    let unreachable = err(dead.get("operations/1".into(), None)).await;
    let client = client();
    let name = some_operation().await;
    let refused = err(client.get(name.clone().into(), Some(faulty("no-cors")))).await;
    let seen = calls(&stats(&name).await, "GetOperation");
    assert_eq!(
        seen, 1,
        "the server answered; the browser kept it from the page"
    );
    for error in [unreachable, refused] {
        assert_rpc_error(&error, 14, "UNAVAILABLE");
        let message = message(&error);
        let head =
            "network error: the server could not be reached, or it refused this origin (CORS): ";
        let words = message
            .strip_prefix(head)
            .unwrap_or_else(|| panic!("{message}"));
        match engine() {
            Engine::Chromium => assert_eq!(words, "Failed to fetch"),
            _ => assert!(!words.is_empty(), "{message}"),
        }
    }
    let op = ok(client.get(name.clone().into(), None)).await;
    assert_eq!(text(&op, "name"), name, "the client works after");
}

// README failures: a grpc-message with bad percent-encoding or invalid UTF-8
#[wasm_bindgen_test]
async fn a_bad_grpc_message_is_decoded_leniently() {
    let error = fault_error(&client(), "bad-message").await;
    assert_rpc_error(&error, 9, "FAILED_PRECONDITION");
    assert_eq!(
        message(&error),
        "bad %ZZ, \u{fffd}\u{fffd} and raw \u{fffd} end"
    );
}

#[wasm_bindgen_test]
async fn credentials_never_appear_in_an_error() {
    const SECRET: &str = "s3cret-token";
    let auth = |value: String| obj(&[("headers", obj(&[("authorization", value.into())]))]);
    let client = JsClient::new(server().into(), Some(auth(format!("Bearer {SECRET}")))).unwrap();
    let name = some_operation().await;
    let mut errors = Vec::new();
    for fault in ["http-503", "trailers-only", "no-expose", "reset", "huge"] {
        errors.push(err(client.get(name.clone().into(), Some(faulty(fault)))).await);
    }
    let dead = JsClient::new(dead_server().into(), Some(auth(format!("Bearer {SECRET}")))).unwrap();
    errors.push(err(dead.get(name.clone().into(), None)).await);
    for bad in ["\r\nx-evil: 1", "\u{7f}", "\u{e9}", "\n"] {
        let value = format!("Bearer {SECRET}{bad}");
        errors.push(err(client.get(name.clone().into(), Some(auth(value.clone())))).await);
        errors.push(
            JsClient::new(server().into(), Some(auth(value)))
                .err()
                .unwrap(),
        );
    }
    for error in errors {
        let json = js_sys::JSON::stringify(&error)
            .unwrap()
            .as_string()
            .unwrap();
        for seen in [message(&error), text(&error, "stack"), json] {
            assert!(!seen.contains(SECRET), "the secret leaked: {seen}");
        }
    }
}

#[wasm_bindgen_test]
async fn absurd_names_are_refused_before_sending() {
    let client = client();
    let before = calls(&stats("").await, "GetOperation");
    for name in [
        String::new(),
        "o".repeat(4097),
        "operations/".repeat(10_000),
    ] {
        let error = err(client.get(name.into(), None)).await;
        assert_rpc_error(&error, 3, "INVALID_ARGUMENT");
        assert!(message(&error).len() < 200, "the name is not echoed whole");
    }
    assert_eq!(
        calls(&stats("").await, "GetOperation"),
        before,
        "nothing was sent"
    );
}
