//! lro-web: drive Google-style long-running operations
//! (`google.longrunning.Operations`) from a web page, over gRPC-Web, in
//! WebAssembly.
//!
//! From JavaScript, use the `OperationsClient` class (see [`JsClient`]).
//! Operations, statuses and `Any` payloads become plain JS objects named as in
//! proto3 JSON; every failure rejects with an `RpcError` carrying its gRPC
//! code and the server's error details.
//!
//! The crate has two halves:
//! - `core`: the client, the gRPC-Web transport, the Operations codec and the
//!   wire reader, the waiting loop and its policy, headers, errors, the
//!   proto3 JSON of the well-known types, and (feature `registry`) the
//!   descriptors of registered types and their JSON. It knows nothing of JS
//!   values; what it needs of the browser (an HTTP POST, timers, a clock) it
//!   asks through the `Platform` trait. A test holds it to that.
//! - `bindings`: the JS class, its options, abort signals, the conversion of
//!   results to JS objects, payload types and the type registry, and the
//!   `Platform` of the browser.
//!
//! # Limitations
//! - gRPC-Web carries unary calls and server streams only; this client makes
//!   unary calls. No client streaming, no HTTP/2 trailers (gRPC-Web frames them).
//! - Browsers hide response headers that the server does not expose through
//!   CORS: a server must expose `grpc-status`, `grpc-message` and
//!   `grpc-status-details-bin`.
//! - Failures of the network are reported by browsers as an opaque
//!   `TypeError`; they all become UNAVAILABLE.
#![deny(missing_docs)]

mod bindings;
mod core;
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
mod heap;
pub mod proto;

pub use bindings::client::JsClient;

/// The internals the fuzzer and the tests that reach inside hold to their
/// oracles (prost, prost-reflect, std): not part of the package's API.
#[cfg(feature = "fuzzing")]
pub mod fuzzing {
    pub use crate::core::codec;
    #[cfg(feature = "registry")]
    pub use crate::core::descriptor;
    pub use crate::core::json::Json;

    /// A payload as the client hands it to JS (`{ typeUrl, value, decoded? }`),
    /// for the browser tests of the conversion.
    pub fn any_to_js(any: &prost_types::Any) -> wasm_bindgen::JsValue {
        crate::bindings::convert::any(any, &Default::default())
    }
    pub use crate::core::transport::{frames, status};
    pub use crate::core::wkt;
    #[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
    pub use crate::heap::counting as heap;
}
