//! Browser tests: `OperationsClient`, as JavaScript sees it, against the real
//! reference server (`tests/server`) over gRPC-Web. The test script starts the
//! server and passes its URL in `LRO_TEST_SERVER`, and a URL where nothing
//! listens in `LRO_DEAD_SERVER`.
#![cfg(target_arch = "wasm32")]

mod support;

use js_sys::{Array, Date, Object, Promise};
use lro_web::JsClient;
use support::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::AbortController;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn get_running_operation_has_progress_and_no_result() {
    let name = start_job(job(600_000, 10)).await;
    let op = ok(client().get(name.clone().into(), None)).await;
    assert_eq!(text(&op, "name"), name);
    assert_eq!(field(&op, "done"), false);
    let metadata = field(&op, "metadata");
    assert_eq!(
        text(&metadata, "typeUrl"),
        "type.googleapis.com/lro.demo.v1.JobProgress"
    );
    let progress: JobProgress = decode(&metadata);
    assert_eq!(
        (progress.percent, progress.step, progress.total_steps),
        (0, 0, 10)
    );
    assert!(
        !has(&op, "error") && !has(&op, "response"),
        "unset fields are absent"
    );
}

#[wasm_bindgen_test]
async fn get_succeeded_operation_has_response() {
    let mut req = job(0, 2);
    req.label = "hello".into();
    let name = start_job(req).await;
    let client = client();
    ok(client.wait(
        name.clone().into(),
        Some(obj(&[("timeoutMs", 5000.into())])),
    ))
    .await;
    let op = ok(client.get(name.clone().into(), None)).await;
    assert_eq!(field(&op, "done"), true);
    assert!(!has(&op, "error"));
    let response = field(&op, "response");
    assert_eq!(
        text(&response, "typeUrl"),
        "type.googleapis.com/lro.demo.v1.JobResult"
    );
    let result: JobResult = decode(&response);
    assert_eq!((result.label.as_str(), result.steps), ("hello", 2));
    let progress: JobProgress = decode(&field(&op, "metadata"));
    assert_eq!(progress.percent, 100);
}

#[wasm_bindgen_test]
async fn get_failed_operation_has_error_with_details() {
    let mut req = job(0, 1);
    req.fail_code = 9;
    req.fail_message = "disk full".into();
    req.label = "backup".into();
    let name = start_job(req).await;
    let op = ok(client().wait(name.into(), Some(obj(&[("timeoutMs", 5000.into())])))).await;
    assert_eq!(field(&op, "done"), true);
    assert!(!has(&op, "response"));
    let error = field(&op, "error");
    assert_eq!(field(&error, "code"), 9);
    assert_eq!(text(&error, "codeName"), "FAILED_PRECONDITION");
    assert_eq!(text(&error, "message"), "disk full");
    let details: Array = field(&error, "details").unchecked_into();
    assert_eq!(details.length(), 3, "ErrorInfo, BadRequest, RetryInfo");
    let detail = details.get(0);
    assert_eq!(
        text(&detail, "typeUrl"),
        "type.googleapis.com/google.rpc.ErrorInfo"
    );
    let info: ErrorInfo = decode(&detail);
    assert_eq!(info.reason, "JOB_FAILED");
    assert_eq!(info.metadata["label"], "backup");
}

#[wasm_bindgen_test]
async fn list_pages_through_120_operations_and_filters_them() {
    let client = client();
    let mut finished = Vec::new();
    let mut running = Vec::new();
    for i in 0..120 {
        if i % 2 == 0 {
            let name = start_job(job(0, 1)).await;
            ok(client.wait(
                name.clone().into(),
                Some(obj(&[("timeoutMs", 5000.into())])),
            ))
            .await;
            finished.push(name);
        } else {
            running.push(start_job(job(600_000, 1)).await);
        }
    }

    let all = list_all(&client, "", 25).await;
    for name in finished.iter().chain(&running) {
        assert_eq!(
            all.iter().filter(|n| *n == name).count(),
            1,
            "{name} listed once"
        );
    }
    let done = list_all(&client, "done=true", 1000).await;
    assert!(finished.iter().all(|n| done.contains(n)));
    assert!(running.iter().all(|n| !done.contains(n)));
    let not_done = list_all(&client, "done = false", 7).await;
    assert!(running.iter().all(|n| not_done.contains(n)));
    assert!(finished.iter().all(|n| !not_done.contains(n)));
}

/// Every operation name listed with `filter`, following the page tokens, and
/// checking each page holds at most `page_size`.
async fn list_all(client: &JsClient, filter: &str, page_size: u32) -> Vec<String> {
    let mut names = Vec::new();
    let mut token = String::new();
    loop {
        let options = obj(&[
            ("filter", filter.into()),
            ("pageSize", page_size.into()),
            ("pageToken", token.as_str().into()),
        ]);
        let page = ok(client.list("operations".into(), Some(options))).await;
        let operations: Array = field(&page, "operations").unchecked_into();
        assert!(
            operations.length() <= page_size,
            "page larger than pageSize"
        );
        names.extend(operations.iter().map(|op| text(&op, "name")));
        token = text(&page, "nextPageToken");
        if token.is_empty() {
            return names;
        }
    }
}

#[wasm_bindgen_test]
async fn list_with_bad_filter_or_token_is_invalid_argument() {
    let client = client();
    let bad_filter = obj(&[("filter", "colour=blue".into())]);
    let error = err(client.list("operations".into(), Some(bad_filter))).await;
    assert_rpc_error(&error, 3, "INVALID_ARGUMENT");
    let bad_token = obj(&[("pageToken", "not-a-token".into())]);
    let error = err(client.list("operations".into(), Some(bad_token))).await;
    assert_rpc_error(&error, 3, "INVALID_ARGUMENT");
}

#[wasm_bindgen_test]
async fn delete_then_get_is_not_found() {
    let client = client();
    let name = start_job(job(600_000, 1)).await;
    let deleted = ok(client.delete_operation(name.clone().into(), None)).await;
    assert!(deleted.is_undefined());
    let error = err(client.get(name.into(), None)).await;
    assert_rpc_error(&error, 5, "NOT_FOUND");
}

#[wasm_bindgen_test]
async fn cancel_marks_running_operation_cancelled() {
    let client = client();
    let name = start_job(job(600_000, 4)).await;
    assert!(ok(client.cancel(name.clone().into(), None))
        .await
        .is_undefined());
    let op = ok(client.get(name.into(), None)).await;
    assert_eq!(field(&op, "done"), true);
    let error = field(&op, "error");
    assert_eq!(field(&error, "code"), 1);
    assert_eq!(text(&error, "codeName"), "CANCELLED");
}

#[wasm_bindgen_test]
async fn wait_returns_when_the_job_finishes() {
    let name = start_job(job(300, 3)).await;
    let op = ok(client().wait(name.into(), Some(obj(&[("timeoutMs", 10_000.into())])))).await;
    assert_eq!(field(&op, "done"), true);
    let result: JobResult = decode(&field(&op, "response"));
    assert_eq!(result.steps, 3);
}

// README wait options: timeoutMs
#[wasm_bindgen_test]
async fn wait_shorter_than_the_job_returns_it_running() {
    let name = start_job(job(600_000, 1)).await;
    // A budget long enough for a first state on a loaded machine: the wait
    // resolves with it when the budget passes.
    let op = ok(client().wait(name.into(), Some(obj(&[("timeoutMs", 2000.into())])))).await;
    assert_eq!(field(&op, "done"), false);
}

#[wasm_bindgen_test]
async fn not_found_is_an_rpc_error_with_resource_info() {
    let error = err(client().get("operations/987654321".into(), None)).await;
    assert_rpc_error(&error, 5, "NOT_FOUND");
    assert!(text(&error, "message").contains("operations/987654321"));
    let details: Array = field(&error, "details").unchecked_into();
    let detail = details.get(0);
    assert_eq!(
        text(&detail, "typeUrl"),
        "type.googleapis.com/google.rpc.ResourceInfo"
    );
    let info: ResourceInfo = decode(&detail);
    assert_eq!(info.resource_name, "operations/987654321");
}

#[wasm_bindgen_test]
async fn malformed_name_is_invalid_argument_with_bad_request() {
    let error = err(client().get("jobs/1".into(), None)).await;
    assert_rpc_error(&error, 3, "INVALID_ARGUMENT");
    let details: Array = field(&error, "details").unchecked_into();
    let request: BadRequest = decode(&details.get(0));
    assert_eq!(request.field_violations[0].field, "name");
}

#[wasm_bindgen_test]
async fn bad_arguments_are_refused_before_sending() {
    let client = client();
    let before = calls(&stats("").await, "GetOperation");
    let cases = [
        ("".into(), None),
        (JsValue::from(42), None),
        (
            "operations/1".into(),
            Some(obj(&[("timeoutMs", (-1).into())])),
        ),
        (
            "operations/1".into(),
            Some(obj(&[("timeoutMs", "soon".into())])),
        ),
        (
            "operations/1".into(),
            Some(obj(&[("headers", obj(&[("x-a", "1\r\nx-b: 2".into())]))])),
        ),
        ("operations/1".into(), Some(JsValue::from("options"))),
    ];
    for (name, options) in cases {
        let error = err(client.get(name, options)).await;
        assert_rpc_error(&error, 3, "INVALID_ARGUMENT");
    }
    let after = calls(&stats("").await, "GetOperation");
    assert_eq!(before, after, "nothing was sent");
    let bad = obj(&[("timeoutMs", f64::NAN.into())]);
    assert!(JsClient::new(server().into(), Some(bad)).is_err());
    for url in ["http://[::1", "https://host:99999"] {
        match JsClient::new(url.into(), None) {
            Ok(_) => panic!("{url} was taken"),
            Err(error) => assert_rpc_error(&error, 3, "INVALID_ARGUMENT"),
        }
    }
    let relative = JsClient::new("/api".into(), None);
    assert!(relative.is_ok(), "a URL relative to the page is a URL");
}

#[wasm_bindgen_test]
async fn client_deadline_is_deadline_exceeded() {
    let name = start_job(job(600_000, 1)).await;
    let slow = obj(&[("x-lro-test-delay-ms", "3000".into())]);
    let options = obj(&[("timeoutMs", 200.into()), ("headers", slow)]);
    let started = Date::now();
    let error = err(client().get(name.into(), Some(options))).await;
    assert_rpc_error(&error, 4, "DEADLINE_EXCEEDED");
    assert!(
        Date::now() - started < 2500.0,
        "rejected before the server answered"
    );
}

#[wasm_bindgen_test]
async fn deadline_is_sent_as_grpc_timeout() {
    let name = start_job(job(600_000, 1)).await;
    let options = obj(&[("timeoutMs", 1234.into())]);
    ok(client().get(name.clone().into(), Some(options))).await;
    assert_eq!(stats(&name).await.last_deadline_ms, 1234);
    let client = JsClient::new(server().into(), Some(obj(&[("timeoutMs", 4321.into())]))).unwrap();
    ok(client.get(name.clone().into(), None)).await;
    assert_eq!(
        stats(&name).await.last_deadline_ms,
        4321,
        "the client's default applies"
    );
    let options = obj(&[("timeoutMs", 0.into())]);
    ok(client.get(name.clone().into(), Some(options))).await;
    assert_eq!(
        stats(&name).await.last_deadline_ms,
        0,
        "0 turns the deadline off"
    );
    let options = obj(&[("timeoutMs", 1e300.into())]);
    ok(client.get(name.clone().into(), Some(options))).await;
    let years = stats(&name).await.last_deadline_ms / (365 * 86_400_000);
    assert!(
        years >= 500,
        "a deadline past any timer is still sent, not refused: {years} years"
    );
}

#[wasm_bindgen_test]
async fn client_and_call_headers_are_sent_and_call_wins() {
    let name = start_job(job(600_000, 1)).await;
    let slow = obj(&[("x-lro-test-delay-ms", "3000".into())]);
    let client = JsClient::new(server().into(), Some(obj(&[("headers", slow)]))).unwrap();
    let fast = obj(&[("x-lro-test-delay-ms", "0".into())]);
    let options = obj(&[("timeoutMs", 2000.into()), ("headers", fast)]);
    ok(client.get(name.clone().into(), Some(options))).await;
    let error = err(client.get(name.into(), Some(obj(&[("timeoutMs", 300.into())])))).await;
    assert_rpc_error(&error, 4, "DEADLINE_EXCEEDED");
}

// README wait options: signal
#[wasm_bindgen_test]
async fn abort_rejects_with_the_reason_and_cancels_the_fetch() {
    let name = start_job(job(600_000, 1)).await;
    let controller = AbortController::new().unwrap();
    let options = obj(&[
        ("signal", controller.signal().into()),
        ("timeoutMs", 30_000.into()),
    ]);
    let pending = client().wait(name.clone().into(), Some(options));
    until(|| async { stats(&name).await.open_waits == 1 }).await;
    let reason = JsValue::from(Object::new());
    controller.abort_with_reason(&reason);
    let error = err(pending).await;
    assert!(
        Object::is(&error, &reason),
        "rejects with the signal's reason"
    );
    until(|| async { stats(&name).await.open_waits == 0 }).await;
}

#[wasm_bindgen_test]
async fn already_aborted_signal_rejects_with_abort_error() {
    let controller = AbortController::new().unwrap();
    controller.abort();
    let options = obj(&[("signal", controller.signal().into())]);
    let error = err(client().get("operations/1".into(), Some(options))).await;
    let exception: web_sys::DomException = error.dyn_into().expect("a DOMException");
    assert_eq!(exception.name(), "AbortError");
}

// README failures: the server unreachable, or refusing the origin (CORS)
#[wasm_bindgen_test]
async fn server_down_is_unavailable() {
    let client = JsClient::new(dead_server().into(), None).unwrap();
    let error = err(client.get("operations/1".into(), None)).await;
    assert_rpc_error(&error, 14, "UNAVAILABLE");
}

#[wasm_bindgen_test]
async fn fifty_concurrent_gets_on_one_client_resolve() {
    let name = start_job(job(600_000, 1)).await;
    let client = client();
    let calls: Array = (0..50)
        .map(|_| client.get(name.clone().into(), None))
        .collect();
    let ops: Array = ok(Promise::all(&calls)).await.unchecked_into();
    assert_eq!(ops.length(), 50);
    assert!(ops.iter().all(|op| text(&op, "name") == name));
}
