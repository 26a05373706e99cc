//! Browser tests of waiting: `wait` and `result` against reference servers with
//! and without WaitOperation, one that fails calls now and then, and one that
//! returns from WaitOperation early. Call counts come from the server.
#![cfg(target_arch = "wasm32")]

mod support;

use std::{cell::RefCell, rc::Rc};

use js_sys::{Array, Date, Function, Object, Promise};
use support::*;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::AbortController;

wasm_bindgen_test_configure!(run_in_browser);

/// Backoff short enough for tests.
fn quick_backoff() -> JsValue {
    obj(&[("initialDelayMs", 50.into()), ("maxDelayMs", 200.into())])
}

/// A JS `onProgress` that records the `percent` of each operation it sees.
struct Recorder {
    function: Function,
    seen: Rc<RefCell<Vec<u32>>>,
    _closure: Closure<dyn FnMut(JsValue)>,
}

impl Recorder {
    fn new() -> Self {
        let seen = Rc::new(RefCell::new(Vec::new()));
        let sink = seen.clone();
        let closure = Closure::<dyn FnMut(JsValue)>::new(move |op: JsValue| {
            let progress: JobProgress = decode(&field(&op, "metadata"));
            sink.borrow_mut().push(progress.percent);
        });
        let function = closure.as_ref().unchecked_ref::<Function>().clone();
        Recorder {
            function,
            seen,
            _closure: closure,
        }
    }
}

#[wasm_bindgen_test]
async fn wait_resolves_when_done_with_at_most_two_rpcs() {
    let name = start_job(job(500, 2)).await;
    let op = ok(client().wait(name.clone().into(), None)).await;
    assert_eq!(field(&op, "done"), true);
    let stats = stats(&name).await;
    let rpcs = calls(&stats, "WaitOperation") + calls(&stats, "GetOperation");
    assert!((1..=2).contains(&rpcs), "{rpcs} RPCs");
}

#[wasm_bindgen_test]
async fn early_return_from_the_server_is_reissued() {
    let url = short_wait_server();
    let name = start_job_on(url, job(1200, 1)).await;
    let op = ok(client_of(url).wait(name.clone().into(), None)).await;
    assert_eq!(field(&op, "done"), true);
    let stats = stats_on(url, &name).await;
    assert!(calls(&stats, "WaitOperation") >= 3, "{:?}", stats.calls);
    assert_eq!(calls(&stats, "GetOperation"), 0);
}

#[wasm_bindgen_test]
async fn without_wait_operation_falls_back_to_polling_once_and_for_all() {
    let url = no_wait_server();
    let client = client_of(url);
    let options = || Some(obj(&[("backoff", quick_backoff())]));
    let first = start_job_on(url, job(800, 1)).await;
    let op = ok(client.wait(first.clone().into(), options())).await;
    assert_eq!(field(&op, "done"), true);
    let stats = stats_on(url, &first).await;
    assert_eq!(
        calls(&stats, "WaitOperation"),
        1,
        "exactly one UNIMPLEMENTED"
    );
    assert!(calls(&stats, "GetOperation") >= 2, "{:?}", stats.calls);

    let second = start_job_on(url, job(300, 1)).await;
    ok(client.wait(second.clone().into(), options())).await;
    let stats = stats_on(url, &second).await;
    assert_eq!(calls(&stats, "WaitOperation"), 0, "the client remembers");
}

// README wait options: mode
#[wasm_bindgen_test]
async fn mode_wait_on_a_server_without_it_is_unimplemented() {
    let url = no_wait_server();
    let name = start_job_on(url, job(300, 1)).await;
    let options = obj(&[("mode", "wait".into())]);
    let error = err(client_of(url).wait(name.into(), Some(options))).await;
    assert_rpc_error(&error, 12, "UNIMPLEMENTED");
}

// README wait options: mode
#[wasm_bindgen_test]
async fn mode_poll_never_calls_wait_operation() {
    let name = start_job(job(400, 1)).await;
    let options = obj(&[("mode", "poll".into()), ("backoff", quick_backoff())]);
    let op = ok(client().wait(name.clone().into(), Some(options))).await;
    assert_eq!(field(&op, "done"), true);
    let stats = stats(&name).await;
    assert_eq!(calls(&stats, "WaitOperation"), 0);
    assert!(calls(&stats, "GetOperation") >= 2);
}

// README wait options: retryCodes
#[wasm_bindgen_test]
async fn wait_survives_a_flaky_server() {
    let url = flaky_server();
    let client = client_of(url);
    for i in 0..6 {
        let mut req = job(300, 3);
        req.label = format!("flaky-{i}");
        let name = start_job_on(url, req).await;
        let options = obj(&[("backoff", quick_backoff()), ("longPollMs", 100.into())]);
        let op = ok(client.wait(name.into(), Some(options))).await;
        let result: JobResult = decode(&field(&op, "response"));
        assert_eq!(result.label, format!("flaky-{i}"));
    }
}

// README wait options: retryCodes
#[wasm_bindgen_test]
async fn unretried_codes_end_the_wait() {
    let options = obj(&[("retryCodes", Array::new().into())]);
    let error = err(client_of(dead_server()).wait("operations/1".into(), Some(options))).await;
    assert_rpc_error(&error, 14, "UNAVAILABLE");
    let error = err(client().wait("operations/987654321".into(), None)).await;
    assert_rpc_error(&error, 5, "NOT_FOUND");
}

// README wait options: timeoutMs
#[wasm_bindgen_test]
async fn budget_shorter_than_the_job_resolves_not_done() {
    let name = start_job(job(600_000, 1)).await;
    for mode in ["wait", "poll"] {
        let options = obj(&[("timeoutMs", 300.into()), ("mode", mode.into())]);
        let started = Date::now();
        let op = ok(client().wait(name.clone().into(), Some(options))).await;
        assert_eq!(field(&op, "done"), false, "{mode}");
        assert!(
            Date::now() - started < 3000.0,
            "{mode}: resolved at the budget"
        );
    }
}

// README wait options: timeoutMs
#[wasm_bindgen_test]
async fn a_wait_that_saw_no_state_by_its_budget_is_deadline_exceeded() {
    let options = obj(&[("timeoutMs", 400.into()), ("backoff", quick_backoff())]);
    let started = Date::now();
    let error = err(client_of(dead_server()).wait("operations/1".into(), Some(options))).await;
    assert_rpc_error(&error, 4, "DEADLINE_EXCEEDED");
    assert_eq!(text(&error, "message"), "deadline exceeded after 400 ms");
    assert!(Date::now() - started < 3000.0, "rejected at the budget");
}

/// What the server saw of a long job's operation while a wait with
/// `options` ran on it for 1.5 s.
async fn one_and_a_half_seconds_of(options: &[(&str, JsValue)]) -> ServerStats {
    let name = start_job(job(600_000, 1)).await;
    let controller = AbortController::new().unwrap();
    let mut options = options.to_vec();
    options.push(("signal", controller.signal().into()));
    let pending = client().wait(name.clone().into(), Some(obj(&options)));
    sleep(1500).await;
    let seen = stats(&name).await;
    controller.abort();
    err(pending).await;
    seen
}

// README wait options: longPollMs
#[wasm_bindgen_test]
async fn long_poll_ms_bounds_each_hold() {
    let short = one_and_a_half_seconds_of(&[("longPollMs", 300.into())]).await;
    let waits = calls(&short, "WaitOperation");
    assert!(waits >= 3, "held 300 ms each: {waits} calls in 1.5 s");
    assert_eq!(short.last_deadline_ms, 5300, "the hold + 5 s");
    let long = one_and_a_half_seconds_of(&[]).await;
    assert_eq!(calls(&long, "WaitOperation"), 1, "held 60 s by default");
    assert_eq!(long.last_deadline_ms, 65_000);
    for stats in [short, long] {
        assert_eq!(calls(&stats, "GetOperation"), 0);
    }
}

// README wait options: signal
#[wasm_bindgen_test]
async fn abort_mid_wait_rejects_and_the_server_stops_seeing_calls() {
    for mode in ["wait", "poll"] {
        let name = start_job(job(600_000, 1)).await;
        let controller = AbortController::new().unwrap();
        let options = obj(&[
            ("signal", controller.signal().into()),
            ("mode", mode.into()),
            ("backoff", quick_backoff()),
        ]);
        let pending = client().wait(name.clone().into(), Some(options));
        until(|| async {
            calls(&stats(&name).await, "GetOperation") >= 2 || stats(&name).await.open_waits == 1
        })
        .await;
        let reason = JsValue::from(Object::new());
        controller.abort_with_reason(&reason);
        let error = err(pending).await;
        assert!(
            Object::is(&error, &reason),
            "{mode}: rejects with the reason"
        );
        let why = format!("{mode}: no calls after abort");
        assert_no_more_calls(&name, 600, &why).await;
        let op = ok(client().get(name.clone().into(), None)).await;
        assert_eq!(field(&op, "done"), false, "{mode}: the operation runs on");
    }
}

// README wait options: onProgress(op)
#[wasm_bindgen_test]
async fn on_progress_sees_increasing_percents_and_nothing_after_settle() {
    let name = start_job(job(1000, 5)).await;
    let recorder = Recorder::new();
    let seen = recorder.seen.clone();
    let options = obj(&[
        ("onProgress", recorder.function.clone().into()),
        ("longPollMs", 150.into()),
    ]);
    let op = ok(client().wait(name.clone().into(), Some(options))).await;
    assert_eq!(field(&op, "done"), true);
    let percents = seen.borrow().clone();
    assert!(percents.len() >= 3, "{percents:?}");
    assert!(percents.windows(2).all(|w| w[0] < w[1]), "{percents:?}");
    assert_eq!(percents.last(), Some(&100));
    sleep(400).await;
    assert_eq!(*seen.borrow(), percents, "nothing after settle");
}

// README wait options: onProgress(op)
#[wasm_bindgen_test]
async fn throwing_on_progress_rejects_with_what_it_threw() {
    let name = start_job(job(600_000, 10)).await;
    let throws = Function::new_with_args("op", "throw new RangeError('stop at ' + op.name)");
    let options = obj(&[("onProgress", throws.into())]);
    let error = err(client().wait(name.clone().into(), Some(options))).await;
    assert!(error.is_instance_of::<js_sys::RangeError>());
    assert_eq!(text(&error, "message"), format!("stop at {name}"));
    let settled = stats(&name).await.calls;
    sleep(300).await;
    assert_eq!(stats(&name).await.calls, settled, "the wait stopped");
}

#[wasm_bindgen_test]
async fn result_of_a_succeeded_job_is_its_response() {
    let mut req = job(200, 2);
    req.label = "ok".into();
    let name = start_job(req).await;
    let response = ok(client().result(name.into(), None)).await;
    assert_eq!(
        text(&response, "typeUrl"),
        "type.googleapis.com/lro.demo.v1.JobResult"
    );
    let result: JobResult = decode(&response);
    assert_eq!(result.label, "ok");
}

#[wasm_bindgen_test]
async fn result_of_a_failed_job_rejects_with_operation_error() {
    let mut req = job(200, 1);
    req.fail_code = 8;
    req.fail_message = "quota gone".into();
    req.label = "q".into();
    let name = start_job(req).await;
    let error = err(client().result(name.into(), None)).await;
    assert!(error.is_instance_of::<js_sys::Error>());
    assert_eq!(text(&error, "name"), "OperationError");
    assert_eq!(text(&error, "message"), "quota gone");
    assert_eq!(field(&error, "code"), 8);
    assert_eq!(text(&error, "codeName"), "RESOURCE_EXHAUSTED");
    let status = field(&error, "status");
    assert_eq!(field(&status, "code"), 8);
    let details: Array = field(&status, "details").unchecked_into();
    let info: ErrorInfo = decode(&details.get(0));
    assert_eq!(info.reason, "JOB_FAILED");
    assert_eq!(info.metadata["label"], "q");
}

// README wait options: timeoutMs
#[wasm_bindgen_test]
async fn result_past_its_budget_is_deadline_exceeded() {
    let name = start_job(job(600_000, 1)).await;
    let options = obj(&[("timeoutMs", 200.into())]);
    let error = err(client().result(name.into(), Some(options))).await;
    assert_rpc_error(&error, 4, "DEADLINE_EXCEEDED");
}

#[wasm_bindgen_test]
async fn bad_wait_options_are_invalid_argument() {
    let cases = [
        obj(&[("mode", "sometimes".into())]),
        obj(&[("retryCodes", "UNAVAILABLE".into())]),
        obj(&[("retryCodes", Array::of1(&"NOPE".into()).into())]),
        obj(&[("backoff", obj(&[("multiplier", 0.5.into())]))]),
        obj(&[("onProgress", 3.into())]),
        obj(&[("longPollMs", (-5).into())]),
    ];
    for options in cases {
        let error = err(client().wait("operations/1".into(), Some(options))).await;
        assert_rpc_error(&error, 3, "INVALID_ARGUMENT");
    }
}

#[wasm_bindgen_test]
async fn two_hundred_concurrent_waits_on_one_client_resolve() {
    let client = client();
    let mut names = Vec::new();
    for _ in 0..200 {
        names.push(start_job(job(500, 1)).await);
    }
    let waits: Array = names
        .iter()
        .map(|n| client.wait(n.clone().into(), None))
        .collect();
    let ops: Array = ok(Promise::all(&waits)).await.unchecked_into();
    assert_eq!(ops.length(), 200);
    for (op, name) in ops.iter().zip(&names) {
        assert_eq!(text(&op, "name"), *name);
        assert_eq!(field(&op, "done"), true);
    }
}
