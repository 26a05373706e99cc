//! Browser tests of credentials that outlive a token: headers given by a
//! function (sync or async) asked before every RPC, a wait's one retry of an
//! UNAUTHENTICATED with new headers, and the `onCall` hook around every RPC.
//! The server (`--auth`) refuses a missing or expired bearer token
//! (`t-<expiry ms>`) and holds a long-poll at most 300 ms, so that a wait
//! of a few seconds makes many RPCs. Counts come from the server.
#![cfg(target_arch = "wasm32")]

mod support;

use js_sys::{Array, Date, Function, Reflect};
use lro_web::JsClient;
use support::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A token valid for 1.5 s from each time the function is asked.
const FRESH: &str = r#"() => ({ authorization: "Bearer t-" + (Date.now() + 1500) })"#;
/// The same, from an async function.
const FRESH_ASYNC: &str = r#"async () => {
  await new Promise((resolve) => setTimeout(resolve, 5));
  return { authorization: "Bearer t-" + (Date.now() + 1500) };
}"#;
/// A hook that records each RPC (method, name, the token sent) and its
/// outcome (code, codeName, durationMs) in its `seen` array.
const RECORDER: &str = r#"(() => {
  const seen = [];
  const hook = (call) => {
    const entry = { method: call.method, name: call.name, token: call.headers.authorization };
    seen.push(entry);
    return (outcome) => Object.assign(entry, outcome);
  };
  hook.seen = seen;
  return hook;
})()"#;

/// The JS value of `source`, an expression.
fn js(source: &str) -> JsValue {
    Function::new_no_args(&format!("return {source}"))
        .call0(&JsValue::NULL)
        .expect("the test's JS")
}

/// A bearer token that expires `ms` from now.
fn token(ms: f64) -> String {
    format!("Bearer t-{}", (Date::now() + ms) as u64)
}

fn auth_client(options: JsValue) -> JsClient {
    JsClient::new(auth_server().into(), Some(options)).expect("a client")
}

fn message(error: &JsValue) -> String {
    text(error, "message")
}

/// What a recording hook saw.
fn seen(hook: &JsValue) -> Vec<JsValue> {
    Array::from(&Reflect::get(hook, &"seen".into()).unwrap()).to_vec()
}

#[wasm_bindgen_test]
async fn a_wait_outlives_a_short_token_through_a_headers_function() {
    let client = auth_client(obj(&[("headers", js(FRESH))]));
    let name = start_job_on(auth_server(), job(4000, 4)).await;
    let op = ok(client.wait(name.clone().into(), None)).await;
    assert_eq!(field(&op, "done"), true);
    assert!(has(&op, "response"), "the wait succeeded");
    // Each long-poll is held 300 ms: the wait made many, past the first
    // token's 1.5 s, each with a token asked for just before it.
    let stats = stats_on(auth_server(), &name).await;
    let rpcs = calls(&stats, "WaitOperation") + calls(&stats, "GetOperation");
    assert!(rpcs >= 6, "{rpcs} RPCs: {:?}", stats.calls);
}

#[wasm_bindgen_test]
async fn a_fixed_token_that_expires_mid_wait_ends_in_unauthenticated() {
    let client = auth_client(obj(&[(
        "headers",
        obj(&[("authorization", token(1500.0).into())]),
    )]));
    let name = start_job_on(auth_server(), job(4000, 4)).await;
    let error = err(client.wait(name.clone().into(), None)).await;
    assert_rpc_error(&error, 16, "UNAUTHENTICATED");
    assert!(message(&error).contains("expired"), "{}", message(&error));
    // Refused once, not retried with the same headers.
    let hook = js(RECORDER);
    let client = auth_client(obj(&[
        ("headers", obj(&[("authorization", token(-1.0).into())])),
        ("onCall", hook.clone()),
    ]));
    err(client.wait(name.into(), None)).await;
    assert_eq!(seen(&hook).len(), 1, "one RPC, not retried");
}

#[wasm_bindgen_test]
async fn an_async_headers_function_serves_every_method() {
    let client = auth_client(obj(&[("headers", js(FRESH_ASYNC))]));
    let name = start_job_on(auth_server(), job(60_000, 1)).await;
    let op = ok(client.get(name.clone().into(), None)).await;
    assert_eq!(text(&op, "name"), name);
    // Every page of a listing (what listAll follows), each asking anew.
    let page_size = obj(&[("pageSize", 1.into())]);
    let page = ok(client.list("operations".into(), Some(page_size))).await;
    let next = text(&page, "nextPageToken");
    assert!(!next.is_empty(), "a second page");
    let options = obj(&[("pageSize", 1.into()), ("pageToken", next.into())]);
    ok(client.list("operations".into(), Some(options))).await;
    ok(client.cancel(name.clone().into(), None)).await;
    let op = ok(client.wait(name.clone().into(), None)).await;
    assert_eq!(text(&field(&op, "error"), "codeName"), "CANCELLED");
    ok(client.delete_operation(name.clone().into(), None)).await;
    let error = err(client.get(name.into(), None)).await;
    assert_rpc_error(&error, 5, "NOT_FOUND");
}

#[wasm_bindgen_test]
async fn a_calls_headers_win_over_the_clients() {
    let expired = format!(r#"() => ({{ authorization: "{}" }})"#, token(-1.0));
    let client = auth_client(obj(&[("headers", js(&expired))]));
    let name = start_job_on(auth_server(), job(0, 1)).await;
    let error = err(client.get(name.clone().into(), None)).await;
    assert_rpc_error(&error, 16, "UNAUTHENTICATED");
    for call in [js(FRESH), obj(&[("authorization", token(60_000.0).into())])] {
        let op = ok(client.get(name.clone().into(), Some(obj(&[("headers", call)])))).await;
        assert_eq!(field(&op, "done"), true);
    }
    // A call's function over the client's fixed headers, too.
    let client = auth_client(obj(&[(
        "headers",
        obj(&[("authorization", token(-1.0).into())]),
    )]));
    let call = obj(&[("headers", js(FRESH_ASYNC))]);
    ok(client.get(name.into(), Some(call))).await;
}

#[wasm_bindgen_test]
async fn an_unauthenticated_wait_retries_once_with_new_headers() {
    // The second token the function gives has expired; the third is fresh.
    let once_expired = r#"(() => {
      let asked = 0;
      return () => ({ authorization: "Bearer t-" + (++asked == 2 ? 1 : Date.now() + 60000) });
    })()"#;
    let hook = js(RECORDER);
    let client = auth_client(obj(&[
        ("headers", js(once_expired)),
        ("onCall", hook.clone()),
    ]));
    let name = start_job_on(auth_server(), job(1500, 1)).await;
    let op = ok(client.wait(name.into(), None)).await;
    assert_eq!(field(&op, "done"), true);
    let codes: Vec<String> = seen(&hook).iter().map(|e| text(e, "codeName")).collect();
    assert_eq!(codes[1], "UNAUTHENTICATED", "{codes:?}");
    assert_eq!(codes[2], "OK", "retried with the new token: {codes:?}");
    assert_eq!(codes.iter().filter(|c| *c == "UNAUTHENTICATED").count(), 1);

    // With the same headers again, no retry: the wait rejects.
    let stale = format!(
        r#"(() => {{
          let asked = 0;
          return () => ({{ authorization: ++asked == 1 ? "{}" : "Bearer t-1" }});
        }})()"#,
        token(60_000.0)
    );
    let hook = js(RECORDER);
    let client = auth_client(obj(&[("headers", js(&stale)), ("onCall", hook.clone())]));
    let name = start_job_on(auth_server(), job(1500, 1)).await;
    let error = err(client.wait(name.clone().into(), None)).await;
    assert_rpc_error(&error, 16, "UNAUTHENTICATED");
    let stats = stats_on(auth_server(), &name).await;
    assert_eq!(calls(&stats, "WaitOperation"), 2, "{:?}", stats.calls);
}

#[wasm_bindgen_test]
async fn a_throwing_headers_function_ends_the_call_with_its_error() {
    let name = start_job_on(auth_server(), job(3000, 1)).await;
    for source in [
        r#"() => { throw new Error("no token today") }"#,
        r#"async () => { throw new Error("no token today") }"#,
    ] {
        let client = auth_client(obj(&[("headers", js(source))]));
        for call in [
            client.get(name.clone().into(), None),
            client.wait(name.clone().into(), None),
        ] {
            let error = err(call).await;
            assert!(error.is_instance_of::<js_sys::Error>());
            assert_eq!(
                message(&error),
                "no token today",
                "what it threw, as it was"
            );
        }
    }
    // A function that throws after the wait's first RPC ends the wait too.
    let later = r#"(() => {
      let asked = 0;
      return () => {
        if (++asked > 1) throw "token service down";
        return { authorization: "Bearer t-" + (Date.now() + 60000) };
      };
    })()"#;
    let client = auth_client(obj(&[("headers", js(later))]));
    let thrown = err(client.wait(name.clone().into(), None)).await;
    assert_eq!(thrown, "token service down");
    let stats = stats_on(auth_server(), &name).await;
    assert_eq!(calls(&stats, "GetOperation"), 0, "{:?}", stats.calls);
}

#[wasm_bindgen_test]
async fn the_hook_sees_every_rpc_of_a_wait_with_codes_and_durations() {
    let hook = js(RECORDER);
    let client = auth_client(obj(&[("headers", js(FRESH)), ("onCall", hook.clone())]));
    let name = start_job_on(auth_server(), job(1500, 3)).await;
    ok(client.wait(name.clone().into(), None)).await;
    let seen = seen(&hook);
    let stats = stats_on(auth_server(), &name).await;
    let rpcs = calls(&stats, "WaitOperation") + calls(&stats, "GetOperation");
    assert_eq!(seen.len() as u64, rpcs, "one record per RPC the server saw");
    for (i, entry) in seen.iter().enumerate() {
        assert_eq!(text(entry, "method"), "WaitOperation");
        assert_eq!(text(entry, "name"), name);
        assert!(
            text(entry, "token").starts_with("Bearer t-"),
            "it saw the headers"
        );
        let code = field(entry, "code").as_f64().expect("an outcome");
        let last = i + 1 == seen.len();
        assert_eq!(code, 0.0, "every RPC answered OK");
        let took = field(entry, "durationMs").as_f64().unwrap();
        // Held by the server 300 ms, but the last, which ends with the job.
        assert!(took >= 0.0 && (last || took >= 250.0), "{took} ms");
    }
    // The hook may set the headers itself.
    let sets_token =
        r#"(call) => { call.headers.authorization = "Bearer t-" + (Date.now() + 60000) }"#;
    let client = auth_client(obj(&[("onCall", js(sets_token))]));
    ok(client.get(name.into(), None)).await;
}

#[wasm_bindgen_test]
async fn a_bad_header_from_a_function_is_refused_before_anything_is_sent() {
    let name = start_job_on(auth_server(), job(0, 1)).await;
    for source in [
        r#"() => ({ authorization: "Bearer t-1\r\nx-evil: 1" })"#,
        r#"() => ({ "bad name": "x" })"#,
        r#"() => ({ "content-type": "text/plain" })"#,
        r#"async () => ({ authorization: 42 })"#,
        r#"() => "Bearer t-1""#,
    ] {
        let client = auth_client(obj(&[("headers", js(source))]));
        let error = err(client.get(name.clone().into(), None)).await;
        assert_rpc_error(&error, 3, "INVALID_ARGUMENT");
        assert!(
            !message(&error).contains("t-1"),
            "no value in {}",
            message(&error)
        );
    }
    let hook = r#"(call) => { call.headers["x-trace"] = "a\nb" }"#;
    let client = auth_client(obj(&[("onCall", js(hook))]));
    let error = err(client.get(name.clone().into(), None)).await;
    assert_rpc_error(&error, 3, "INVALID_ARGUMENT");
    let stats = stats_on(auth_server(), &name).await;
    assert_eq!(
        calls(&stats, "GetOperation"),
        0,
        "nothing sent: {:?}",
        stats.calls
    );
}

#[wasm_bindgen_test]
async fn every_header_lro_web_sets_itself_is_refused_from_the_caller() {
    let name = start_job_on(auth_server(), job(0, 1)).await;
    for header in ["content-type", "Accept", "x-grpc-web", "grpc-timeout", "te"] {
        let fixed = obj(&[(header, "x".into())]);
        let options = obj(&[("headers", fixed.clone())]);
        let refused = JsClient::new(auth_server().into(), Some(options)).err();
        let error = refused.unwrap_or_else(|| panic!("{header} is refused"));
        assert_rpc_error(&error, 3, "INVALID_ARGUMENT");
        assert!(
            message(&error).contains(&header.to_lowercase()),
            "{}",
            message(&error)
        );
        let call = obj(&[("headers", fixed)]);
        let error = err(auth_client(obj(&[])).get(name.clone().into(), Some(call))).await;
        assert_rpc_error(&error, 3, "INVALID_ARGUMENT");
    }
    assert_eq!(
        calls(&stats_on(auth_server(), &name).await, "GetOperation"),
        0
    );
}

#[wasm_bindgen_test]
async fn waits_share_a_loop_only_with_headers_from_the_same_source() {
    let shared = js(FRESH);
    let client = auth_client(obj(&[("headers", shared.clone())]));
    let other = auth_client(obj(&[("headers", shared)]));
    let name = start_job_on(auth_server(), job(2000, 1)).await;
    let a = client.wait(name.clone().into(), None);
    let b = other.wait(name.clone().into(), None);
    ok(a).await;
    ok(b).await;
    let alone = start_job_on(auth_server(), job(2000, 1)).await;
    ok(client.wait(alone.clone().into(), None)).await;
    let one_loop = stats_on(auth_server(), &name).await;
    let one_wait = stats_on(auth_server(), &alone).await;
    assert!(
        calls(&one_loop, "WaitOperation") <= calls(&one_wait, "WaitOperation") + 1,
        "the same function: one loop ({:?} against one wait's {:?})",
        one_loop.calls,
        one_wait.calls
    );
    // Two functions alike but not the same: two loops.
    let client = auth_client(obj(&[("headers", js(FRESH))]));
    let other = auth_client(obj(&[("headers", js(FRESH))]));
    let name = start_job_on(auth_server(), job(2000, 1)).await;
    let a = client.wait(name.clone().into(), None);
    let b = other.wait(name.clone().into(), None);
    ok(a).await;
    ok(b).await;
    let two_loops = stats_on(auth_server(), &name).await;
    assert!(
        calls(&two_loops, "WaitOperation") >= 2 * calls(&one_wait, "WaitOperation") - 1,
        "{:?} against one wait's {:?}",
        two_loops.calls,
        one_wait.calls
    );
}
