//! lro-web: drive Google-style long-running operations
//! (`google.longrunning.Operations`) from a web page, over gRPC-Web, in
//! WebAssembly.
//!
//! From JavaScript, use the `OperationsClient` class (see [`JsClient`]); from
//! Rust, [`Client`]. Operations, statuses and `Any` payloads become plain JS
//! objects named as in proto3 JSON; every failure rejects with an `RpcError`
//! carrying its gRPC code and the server's error details.
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

mod abort;
mod base64;
mod client;
pub mod codec;
mod convert;
pub mod decode;
mod error;
mod headers;
mod js;
pub mod json;
mod options;
pub mod payload;
pub mod proto;
#[cfg(feature = "registry")]
pub mod registry;
pub mod transport;
pub mod wait;

pub use client::{CallOptions, Client, MAX_NAME_LEN};
pub use error::Error;
pub use headers::Headers;
pub use js::JsClient;
pub use wait::policy::{Backoff, Mode, WaitPolicy};

/// The heap allocator of the wasm build: talc, smaller and faster than
/// Rust's default (dlmalloc) for a single-threaded module.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
