//! Helpers of the browser tests: the server's URLs, the demo Jobs client,
//! and short ways to build and read JS objects.
// Each test crate uses a part of these.
#![allow(dead_code, unused_imports)]

use std::future::Future;

use js_sys::{Object, Promise, Reflect, Uint8Array};
use lro_web::JsClient;
use prost::Message;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The generated demo service, next to lro-web's google.* types.
pub mod proto {
    pub use lro_web::proto::google;
    pub mod lro {
        pub mod demo {
            pub mod v1 {
                include!(concat!(env!("OUT_DIR"), "/demo/lro.demo.v1.rs"));
            }
        }
    }
}

pub use lro_web::proto::google::rpc::{BadRequest, ErrorInfo, ResourceInfo};
pub use proto::lro::demo::v1::{
    jobs_client::JobsClient, GetStatsRequest, JobProgress, JobResult, ServerStats, StartJobRequest,
};

/// Where the test scripts serve `servers.json`: the URLs of this run's
/// reference servers, read at run time, so that a server on another port
/// does not rebuild the suites. The one fixed port (scripts/lib.sh reads it
/// from this line).
pub const DIRECTORY: &str = "http://127.0.0.1:47080/servers.json";

thread_local! {
    /// Role to URL, leaked once per page: the URLs live as long as the page.
    static SERVERS: std::collections::HashMap<String, &'static str> = load_servers()
        .as_object()
        .expect("servers.json is an object")
        .iter()
        .filter_map(|(role, url)| Some((role.clone(), &*Box::leak(url.as_str()?.into()))))
        .collect();
}

/// `servers.json`, fetched once per test page. Synchronously: the tests'
/// helpers are plain functions, and this page exists only for the tests.
fn load_servers() -> serde_json::Value {
    let request = web_sys::XmlHttpRequest::new().expect("XMLHttpRequest");
    request
        .open_with_async("GET", DIRECTORY, false)
        .expect("open servers.json");
    request.send().unwrap_or_else(|_| {
        panic!("no test directory at {DIRECTORY}: run the suites with npm run test:browser")
    });
    let text = request.response_text().ok().flatten().unwrap_or_default();
    serde_json::from_str(&text).expect("servers.json is JSON")
}

/// The URL of the reference server started as `role` in servers.json.
pub fn server_url(role: &str) -> &'static str {
    SERVERS.with(|servers| {
        *servers
            .get(role)
            .unwrap_or_else(|| panic!("servers.json names no {role} server"))
    })
}

/// The reference server's URL.
pub fn server() -> &'static str {
    server_url("main")
}

/// A URL where no server listens.
pub fn dead_server() -> &'static str {
    server_url("dead")
}

/// A reference server started with `--no-wait`: WaitOperation is UNIMPLEMENTED.
pub fn no_wait_server() -> &'static str {
    server_url("nowait")
}

/// A reference server started with `--fail-rate 0.3`: Get and Wait calls fail
/// UNAVAILABLE now and then.
pub fn flaky_server() -> &'static str {
    server_url("flaky")
}

/// A reference server started with `--max-wait-ms 300`: WaitOperation returns early.
pub fn short_wait_server() -> &'static str {
    server_url("short")
}

/// A reference server started with `--tls`: HTTPS, so browsers speak HTTP/2
/// to it (its certificate is self-signed; webdriver.json accepts it).
pub fn tls_server() -> &'static str {
    server_url("tls")
}

/// A reference server whose Operations service asks for a bearer token
/// that expires (`--auth`: `authorization: Bearer t-<expiry ms>`), and
/// holds a WaitOperation at most 300 ms.
pub fn auth_server() -> &'static str {
    server_url("auth")
}

/// The browser engine running the tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// Chromium's Blink.
    Chromium,
    /// Firefox's Gecko.
    Gecko,
    /// WebKit as WebKitGTK builds it (libsoup's network stack; Safari's is Apple's).
    WebKitGtk,
}

/// Which engine runs the tests, from its user agent string.
pub fn engine() -> Engine {
    let navigator = field(&js_sys::global(), "navigator");
    let agent = text(&navigator, "userAgent");
    if agent.contains("Firefox/") {
        Engine::Gecko
    } else if agent.contains("AppleWebKit") && !agent.contains("Chrom") {
        Engine::WebKitGtk
    } else {
        Engine::Chromium
    }
}

/// Prints, among the test's output, how this engine differs from the
/// others in what the test checks.
pub fn engine_note(note: &str) {
    web_sys::console::log_1(&format!("{:?}: {note}", engine()).into());
}

/// A client of the reference server.
pub fn client() -> JsClient {
    client_of(server())
}

/// A client of the server at `url`.
pub fn client_of(url: &str) -> JsClient {
    JsClient::new(url.into(), None).expect("a client")
}

/// The demo Jobs service of the server at `url`.
pub fn jobs_client(url: &str) -> JobsClient<tonic_web_wasm_client::Client> {
    JobsClient::new(tonic_web_wasm_client::Client::new(url.into()))
}

/// A job request of that length and step count.
pub fn job(duration_ms: u32, steps: u32) -> StartJobRequest {
    StartJobRequest {
        duration_ms,
        steps,
        ..Default::default()
    }
}

/// Starts a job on the reference server; its operation's name.
pub async fn start_job(request: StartJobRequest) -> String {
    start_job_on(server(), request).await
}

/// Starts a job on the server at `url`; its operation's name.
pub async fn start_job_on(url: &str, request: StartJobRequest) -> String {
    let response = jobs_client(url).start_job(request).await.expect("StartJob");
    response.into_inner().name
}

/// The reference server's counters for the operation `name` ("" for all calls).
pub async fn stats(name: &str) -> ServerStats {
    stats_on(server(), name).await
}

/// The counters of the server at `url` for the operation `name`.
pub async fn stats_on(url: &str, name: &str) -> ServerStats {
    let request = GetStatsRequest {
        name: name.into(),
        ..Default::default()
    };
    let response = jobs_client(url).get_stats(request).await.expect("GetStats");
    response.into_inner()
}

/// How many calls of `method` named the operation, per `stats`.
pub fn calls(stats: &ServerStats, method: &str) -> u64 {
    stats.calls.get(method).copied().unwrap_or(0)
}

/// Sleeps `ms` milliseconds.
pub async fn sleep(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

/// Polls `check` every 20 ms until it holds; fails after 5 s.
pub async fn until<F, Fut>(check: F)
where
    F: Fn() -> Fut,
    Fut: Future<Output = bool>,
{
    for _ in 0..250 {
        if check().await {
            return;
        }
        sleep(20).await;
    }
    panic!("condition not reached within 5 s");
}

/// Waits until no WaitOperation on `name` is open, then checks that the
/// server sees no further call naming it for `ms` milliseconds.
pub async fn assert_no_more_calls(name: &str, ms: u32, why: &str) {
    until(|| async { stats(name).await.open_waits == 0 }).await;
    let settled = stats(name).await.calls;
    sleep(ms).await;
    assert_eq!(stats(name).await.calls, settled, "{why}");
}

/// The value a promise resolves with; fails the test if it rejects.
pub async fn ok(promise: Promise) -> JsValue {
    match JsFuture::from(promise).await {
        Ok(value) => value,
        Err(error) => panic!("call failed: {}", describe(&error)),
    }
}

/// The value a promise rejects with; fails the test if it resolves.
pub async fn err(promise: Promise) -> JsValue {
    match JsFuture::from(promise).await {
        Ok(value) => panic!("call should have failed, got {value:?}"),
        Err(error) => error,
    }
}

fn describe(error: &JsValue) -> String {
    format!("{} {}", text(error, "codeName"), text(error, "message"))
}

/// An object with these properties.
pub fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in pairs {
        Reflect::set(&object, &(*key).into(), value).unwrap();
    }
    object.into()
}

/// A property (undefined when absent).
pub fn field(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

/// A string property ("" when absent or not a string).
pub fn text(value: &JsValue, key: &str) -> String {
    field(value, key).as_string().unwrap_or_default()
}

/// Whether the object has the property at all.
pub fn has(value: &JsValue, key: &str) -> bool {
    Reflect::has(value, &key.into()).unwrap()
}

/// Decodes the `value` bytes of an `AnyMessage`.
pub fn decode<M: Message + Default>(any: &JsValue) -> M {
    let bytes = Uint8Array::new(&field(any, "value")).to_vec();
    M::decode(bytes.as_slice()).expect("payload decodes as its type")
}

/// Checks a rejection is an RpcError: a real Error, with that code and name.
pub fn assert_rpc_error(error: &JsValue, code: i32, code_name: &str) {
    assert!(
        error.is_instance_of::<js_sys::Error>(),
        "an Error: {error:?}"
    );
    assert_eq!(text(error, "name"), "RpcError");
    assert_eq!(field(error, "code"), code, "{}", describe(error));
    assert_eq!(text(error, "codeName"), code_name);
    assert!(js_sys::Array::is_array(&field(error, "details")));
}
