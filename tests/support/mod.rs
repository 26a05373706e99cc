//! Helpers of the browser tests: the server's URLs, the demo Jobs client,
//! and short ways to build and read JS objects.
#![allow(dead_code)]

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
                include!(concat!(env!("OUT_DIR"), "/lro.demo.v1.rs"));
            }
        }
    }
}

pub use lro_web::proto::google::rpc::{BadRequest, ErrorInfo, ResourceInfo};
pub use proto::lro::demo::v1::{
    jobs_client::JobsClient, GetStatsRequest, JobProgress, JobResult, ServerStats, StartJobRequest,
};

/// The reference server's URL.
pub fn server() -> &'static str {
    option_env!("LRO_TEST_SERVER").unwrap_or("http://127.0.0.1:8080")
}

/// A URL where no server listens.
pub fn dead_server() -> &'static str {
    option_env!("LRO_DEAD_SERVER").unwrap_or("http://127.0.0.1:9")
}

/// A client of the reference server.
pub fn client() -> JsClient {
    JsClient::new(server().into(), None).expect("a client")
}

fn jobs() -> JobsClient<tonic_web_wasm_client::Client> {
    JobsClient::new(tonic_web_wasm_client::Client::new(server().into()))
}

/// A job request of that length and step count.
pub fn job(duration_ms: u32, steps: u32) -> StartJobRequest {
    StartJobRequest {
        duration_ms,
        steps,
        ..Default::default()
    }
}

/// Starts a job; its operation's name.
pub async fn start_job(request: StartJobRequest) -> String {
    jobs()
        .start_job(request)
        .await
        .expect("StartJob")
        .into_inner()
        .name
}

/// The server's counters, with the open waits on `name`.
pub async fn stats(name: &str) -> ServerStats {
    let request = GetStatsRequest { name: name.into() };
    jobs()
        .get_stats(request)
        .await
        .expect("GetStats")
        .into_inner()
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
        gloo_timers::future::TimeoutFuture::new(20).await;
    }
    panic!("condition not reached within 5 s");
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
