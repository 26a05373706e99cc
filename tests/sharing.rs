//! Browser tests of waits that share: one loop per operation for every
//! caller that waits on it alike, and a long-poll budget per host that
//! leaves the page's other calls a connection. Counts come from the server.
#![cfg(target_arch = "wasm32")]

mod support;

use std::{cell::Cell, rc::Rc};

use js_sys::{Date, Function, Promise};
use support::*;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};
use wasm_bindgen_test::*;
use web_sys::AbortController;

wasm_bindgen_test_configure!(run_in_browser);

/// A promise's state, followed from the side.
struct Watched(Rc<Cell<Option<bool>>>, Promise);

impl Watched {
    /// `Some(true)` once resolved, `Some(false)` once rejected.
    fn new(promise: Promise) -> Watched {
        let state = Rc::new(Cell::new(None));
        let sink = state.clone();
        let followed = promise.clone();
        spawn_local(async move { sink.set(Some(JsFuture::from(followed).await.is_ok())) });
        Watched(state, promise)
    }

    fn settled(&self) -> bool {
        self.0.get().is_some()
    }
}

/// A `get` of a done operation resolves while every wait of `clients` on
/// long jobs is still pending, and the server never saw more long-polls at
/// once than the budget allows (`most`).
async fn get_is_not_starved(url: &str, clients: &[lro_web::JsClient], most: u32) {
    let done = start_job_on(url, job(0, 1)).await;
    reset_peak(url).await;
    let (mut waits, mut names) = (Vec::new(), Vec::new());
    for i in 0..8 {
        let name = start_job_on(url, job(3000, 1)).await;
        let client = &clients[i % clients.len()];
        waits.push(Watched::new(client.wait(name.clone().into(), None)));
        names.push(name);
    }
    // As many long-polls open as the budget allows: the rest poll.
    let open = most.min(8);
    until(|| async { stats_on(url, "").await.open_waits_all >= open }).await;
    let op = ok(clients[0].get(done.into(), None)).await;
    assert_eq!(field(&op, "done"), true);
    // Starved of connections, the get would wait for a long-poll to end,
    // and none ends before its job does.
    assert!(waits.iter().all(|w| !w.settled()), "the get came first");
    let peak = stats_peak(url).await;
    assert!(peak <= most, "{peak} long-polls at once, budget {most}");
    for wait in waits {
        let op = ok(wait.1).await;
        assert_eq!(field(&op, "done"), true, "every wait ends done");
    }
    // Waits beyond the budget poll with backoff: a 3 s job costs a few
    // calls, not a spin.
    for name in &names {
        let stats = stats_on(url, name).await;
        let rpcs = calls(&stats, "WaitOperation") + calls(&stats, "GetOperation");
        assert!(rpcs <= 12, "{rpcs} RPCs for one wait: {:?}", stats.calls);
    }
}

async fn reset_peak(url: &str) {
    let request = GetStatsRequest {
        reset_peak: true,
        ..Default::default()
    };
    jobs_client(url).get_stats(request).await.expect("GetStats");
}

async fn stats_peak(url: &str) -> u32 {
    stats_on(url, "").await.peak_open_waits
}

#[wasm_bindgen_test]
async fn a_get_is_served_while_eight_waits_run_on_one_client() {
    let url = server();
    get_is_not_starved(url, &[client_of(url)], 3).await;
}

#[wasm_bindgen_test]
async fn a_get_is_served_while_four_clients_wait_on_two_operations_each() {
    let url = server();
    let clients: Vec<_> = (0..4).map(|_| client_of(url)).collect();
    get_is_not_starved(url, &clients, 3).await;
}

#[wasm_bindgen_test]
async fn over_http2_the_budget_lifts() {
    let url = tls_server();
    let client = client_of(url);
    // The first call tells the client that the host speaks HTTP/2.
    let first = start_job_on(url, job(0, 1)).await;
    ok(client.wait(first.into(), None)).await;
    if engine() == Engine::WebKitGtk {
        engine_note("libsoup holds 6 requests per host over HTTP/2 too: the HTTP/1.1 budget stays");
        get_is_not_starved(url, &[client], 3).await;
        return;
    }
    get_is_not_starved(url, &[client], 90).await;
    let peak = stats_peak(url).await;
    assert!(peak >= 7, "over HTTP/2 every wait long-polls: peak {peak}");
}

#[wasm_bindgen_test]
async fn ten_waits_on_one_name_cost_the_rpcs_of_one() {
    let name = start_job(job(1000, 4)).await;
    let clients = [client(), client()];
    let waits: js_sys::Array = (0..10)
        .map(|i| clients[i % 2].wait(name.clone().into(), None))
        .collect();
    let ops: js_sys::Array = ok(Promise::all(&waits)).await.unchecked_into();
    assert!(ops.iter().all(|op| field(&op, "done") == true));
    let stats = stats(&name).await;
    let rpcs = calls(&stats, "WaitOperation") + calls(&stats, "GetOperation");
    assert!((1..=2).contains(&rpcs), "{rpcs} RPCs: {:?}", stats.calls);
}

#[wasm_bindgen_test]
async fn different_headers_are_never_pooled() {
    let name = start_job(job(500, 1)).await;
    let with = |token: &str| {
        let headers = obj(&[("x-tenant", token.into())]);
        lro_web::JsClient::new(server().into(), Some(obj(&[("headers", headers)]))).unwrap()
    };
    let (a, b) = (with("a"), with("b"));
    let waits: js_sys::Array = [
        a.wait(name.clone().into(), None),
        b.wait(name.clone().into(), None),
    ]
    .into_iter()
    .collect();
    ok(Promise::all(&waits)).await;
    let stats = stats(&name).await;
    assert_eq!(calls(&stats, "WaitOperation"), 2, "{:?}", stats.calls);
}

#[wasm_bindgen_test]
async fn waits_with_other_limits_keep_their_own_loops() {
    // A response limit far below any operation's size: under a shared loop,
    // one client's limit would decide both waits, whichever joined first.
    let small = || {
        let options = obj(&[("maxResponseBytes", 64.into())]);
        lro_web::JsClient::new(server().into(), Some(options)).unwrap()
    };
    for small_first in [true, false] {
        let name = start_job(job(300, 1)).await;
        let (small, plain) = (small(), client());
        let wait = |client: &lro_web::JsClient| client.wait(name.clone().into(), None);
        let (of_small, of_plain) = if small_first {
            let of_small = wait(&small);
            (of_small, wait(&plain))
        } else {
            let of_plain = wait(&plain);
            (wait(&small), of_plain)
        };
        let error = err(of_small).await;
        assert_eq!(
            field(&error, "codeName"),
            "RESOURCE_EXHAUSTED",
            "small first: {small_first}"
        );
        let op = ok(of_plain).await;
        assert_eq!(field(&op, "done"), true, "small first: {small_first}");
    }
    // A call's own limit, on one client: a loop of its own as well.
    let name = start_job(job(300, 1)).await;
    let plain = client();
    let limit = obj(&[("maxResponseBytes", 64.into())]);
    let of_small = plain.wait(name.clone().into(), Some(limit));
    let of_plain = plain.wait(name.clone().into(), None);
    let error = err(of_small).await;
    assert_eq!(field(&error, "codeName"), "RESOURCE_EXHAUSTED");
    assert_eq!(field(&ok(of_plain).await, "done"), true);
}

#[wasm_bindgen_test]
async fn one_caller_aborting_spares_the_others_and_the_last_aborts_the_fetch() {
    let name = start_job(job(4000, 1)).await;
    let client = client();
    let (first, second) = (
        AbortController::new().unwrap(),
        AbortController::new().unwrap(),
    );
    let with = |c: &AbortController| Some(obj(&[("signal", c.signal().into())]));
    let a = client.wait(name.clone().into(), with(&first));
    let b = client.wait(name.clone().into(), with(&second));
    let c = Watched::new(client.wait(name.clone().into(), None));
    until(|| async { stats(&name).await.open_waits == 1 }).await;
    first.abort();
    let reason = err(a).await;
    assert_eq!(text(&reason, "name"), "AbortError");
    sleep(200).await;
    assert_eq!(
        stats(&name).await.open_waits,
        1,
        "the loop goes on for the others"
    );
    second.abort();
    err(b).await;
    let op = ok(c.1).await;
    assert_eq!(field(&op, "done"), true, "the third resolves when done");

    // When every caller leaves, the loop's fetch is aborted.
    let name = start_job(job(60_000, 1)).await;
    let (x, y) = (
        AbortController::new().unwrap(),
        AbortController::new().unwrap(),
    );
    let p = client.wait(name.clone().into(), with(&x));
    let q = client.wait(name.clone().into(), with(&y));
    until(|| async { stats(&name).await.open_waits == 1 }).await;
    x.abort();
    y.abort();
    err(p).await;
    err(q).await;
    assert_no_more_calls(&name, 1500, "no call after the last left").await;
}

/// A JS `onProgress` that counts its calls, and throws when told to.
fn counter(count: Rc<Cell<u32>>, throws: bool) -> (Function, Closure<dyn FnMut(JsValue)>) {
    let closure = Closure::<dyn FnMut(JsValue)>::new(move |_op: JsValue| {
        count.set(count.get() + 1);
        if throws {
            wasm_bindgen::throw_val(JsValue::from_str("listener broke"));
        }
    });
    (
        closure.as_ref().unchecked_ref::<Function>().clone(),
        closure,
    )
}

// README wait options: onProgress(op)
#[wasm_bindgen_test]
async fn on_progress_reaches_every_caller_and_a_throw_ends_only_its_own() {
    let name = start_job(job(3500, 5)).await;
    let client = client();
    let counts: Vec<Rc<Cell<u32>>> = (0..3).map(|_| Rc::default()).collect();
    let (f0, _c0) = counter(counts[0].clone(), false);
    let (f1, _c1) = counter(counts[1].clone(), false);
    let (f2, _c2) = counter(counts[2].clone(), true);
    let with = |f: &Function| Some(obj(&[("onProgress", f.clone().into())]));
    let a = client.wait(name.clone().into(), with(&f0));
    let b = client.wait(name.clone().into(), with(&f1));
    let thrown = err(client.wait(name.clone().into(), with(&f2))).await;
    assert_eq!(thrown.as_string().as_deref(), Some("listener broke"));
    let (a, b) = (ok(a).await, ok(b).await);
    assert_eq!(
        (field(&a, "done"), field(&b, "done")),
        (true.into(), true.into())
    );
    assert!(counts[0].get() >= 3, "{} states seen", counts[0].get());
    assert_eq!(counts[0].get(), counts[1].get(), "both saw every state");
    assert_eq!(counts[2].get(), 1, "the throwing caller left at once");
}

// README wait options: retryCodes
#[wasm_bindgen_test]
async fn retry_info_delays_the_next_try_on_both_paths() {
    for mode in ["wait", "poll"] {
        let mut request = job(0, 1);
        request.unavailable_calls = 2;
        request.retry_delay_ms = 700;
        let name = start_job(request).await;
        let backoff = obj(&[("initialDelayMs", 10.into()), ("maxDelayMs", 20.into())]);
        let options = obj(&[("mode", mode.into()), ("backoff", backoff)]);
        let started = Date::now();
        let op = ok(client().wait(name.clone().into(), Some(options))).await;
        let took = Date::now() - started;
        assert_eq!(field(&op, "done"), true);
        assert!(
            took >= 1400.0,
            "{mode}: two pauses of at least 700 ms, took {took} ms"
        );
        let stats = stats(&name).await;
        let rpcs = calls(&stats, "WaitOperation") + calls(&stats, "GetOperation");
        assert_eq!(rpcs, 3, "{mode}: {:?}", stats.calls);
    }
}

/// Counts the lifecycle listeners added to and removed from the window and
/// its document from now on (the real methods still run).
fn count_page_listeners() -> JsValue {
    let patch = Function::new_no_args(
        r#"
        const types = ["online", "offline", "visibilitychange", "freeze", "resume", "pageshow"];
        const counts = { added: 0, removed: 0 };
        for (const target of [window, document]) {
          const add = target.addEventListener, remove = target.removeEventListener;
          target.addEventListener = function (type, ...rest) {
            if (types.includes(type)) counts.added++;
            return add.call(this, type, ...rest);
          };
          target.removeEventListener = function (type, ...rest) {
            if (types.includes(type)) counts.removed++;
            return remove.call(this, type, ...rest);
          };
        }
        return counts;
        "#,
    );
    patch.call0(&JsValue::UNDEFINED).unwrap()
}

#[wasm_bindgen_test]
async fn page_listeners_live_as_long_as_the_waits() {
    if engine() != Engine::Chromium {
        engine_note("no freeze or resume events: a page back from the back-forward cache is seen by pageshow");
    }
    let counts = count_page_listeners();
    let count = |key: &str| field(&counts, key).as_f64().unwrap_or(-1.0);
    let client = client();
    let (a, b) = (start_job(job(800, 1)).await, start_job(job(1500, 1)).await);
    let first = Watched::new(client.wait(a.into(), None));
    let second = client.wait(b.into(), None);
    until(|| async { count("added") >= 6.0 }).await;
    assert_eq!(count("added"), 6.0, "one set of listeners for every loop");
    assert_eq!(count("removed"), 0.0);
    until(|| async { first.settled() }).await;
    assert_eq!(count("removed"), 0.0, "a loop still runs");
    ok(second).await;
    until(|| async { count("removed") == 6.0 }).await;
    assert_eq!(count("added"), 6.0);
}
