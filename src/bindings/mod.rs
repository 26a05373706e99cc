//! The bindings: the JS face of the core. The `OperationsClient` class, the
//! options it reads, abort signals, results turned into JS objects, payload
//! types (and the type registry), and [`browser::Browser`], the core's
//! platform in a window or a worker.

pub mod abort;
pub mod browser;
pub mod caller;
pub mod client;
pub mod convert;
pub mod error;
pub mod fetch;
pub mod options;
pub mod payload;
#[cfg(feature = "registry")]
pub mod registry;
