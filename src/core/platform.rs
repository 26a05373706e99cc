//! What the core needs of the browser, as traits that the bindings implement
//! (`crate::bindings::browser`): an HTTP POST whose body arrives in chunks,
//! timers, a clock and random numbers. The core itself never touches a JS
//! value; everything it gets through here is plain Rust.

use std::{any::Any, fmt, future::Future, pin::Pin, rc::Rc, time::Duration};

use crate::core::{wait::page::PageEvent, Error};
use crate::proto::google::rpc::Code;

/// A future of the platform, boxed: one copy of the machinery serves every call.
pub type Task<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// The browser's services, as the core uses them.
pub trait Platform {
    /// Starts a POST of `body` to `url` with the transport's own `headers`
    /// and, when the call has caller's code, the headers that code gives (it
    /// sees `name`, the operation or collection), resolving with the
    /// response's head once it arrives. A failure to get one (the network,
    /// CORS) is [`Error::Network`]; a failure of the caller's code is its
    /// error. Dropping the task, or the response before
    /// [`Response::finish`], aborts the request.
    fn post(
        &self,
        url: &str,
        headers: &[(&str, String)],
        body: Vec<u8>,
        caller: Option<&CallerCode>,
        name: &str,
    ) -> Task<'static, Result<Box<dyn Response>, Error>>;

    /// The RPC that [`Platform::post`] started for `caller` ended with
    /// `code` (CANCELLED when it was dropped unfinished).
    fn ended(&self, caller: &CallerCode, code: Code);

    /// Whether `caller`'s header functions now give other headers than the
    /// last RPC sent (a token refreshed meanwhile); the next RPC sends those.
    fn headers_changed(&self, caller: &CallerCode) -> Task<'static, Result<bool, Error>>;

    /// Whether `url` parses as a URL the platform can request, with the
    /// reason when it does not.
    fn check_url(&self, url: &str) -> Result<(), String>;

    /// Runs `task` to its end on its own, beside the caller's.
    fn spawn(&self, task: Task<'static, ()>);

    /// How the browser reached `url` in its latest request
    /// (`PerformanceResourceTiming.nextHopProtocol`: "h2", "http/1.1"), if
    /// it tells.
    fn next_hop(&self, url: &str) -> Option<String>;

    /// Whether the browser believes it is online (`navigator.onLine`).
    fn online(&self) -> bool;

    /// Reports the page's events to `report` until the returned value is
    /// dropped, which stops listening.
    fn watch_page(&self, report: Rc<dyn Fn(PageEvent)>) -> Box<dyn Any>;

    /// Resolves after `duration`; dropping it clears the timer.
    fn sleep(&self, duration: Duration) -> Task<'static, ()>;

    /// The wall clock, as time since the Unix epoch.
    fn now(&self) -> Duration;

    /// A number drawn uniformly from `[0, 1)`.
    fn random(&self) -> f64;
}

/// A response whose head has arrived; its body is read chunk by chunk.
pub trait Response {
    /// The HTTP status code.
    fn status(&self) -> u16;

    /// The HTTP status text ("Service Unavailable"), possibly empty.
    fn status_text(&self) -> String;

    /// A response header's value, as the browser shows it (CORS may hide it).
    fn header(&self, name: &str) -> Option<String>;

    /// The next chunk of the body, or `None` at its end.
    fn chunk(&mut self) -> Task<'_, Result<Option<Vec<u8>>, Error>>;

    /// The body was read to its end: dropping the response no longer aborts it.
    fn finish(&mut self);
}

/// The caller's code around a call's RPCs, made by the bindings: what
/// gives the headers (fixed, or functions asked before each RPC) and a hook
/// that sees each RPC. The core only hands it to the [`Platform`].
#[derive(Clone)]
pub struct CallerCode {
    /// What the bindings made.
    pub code: Rc<dyn Any>,
    /// Equal for callers whose headers come from the same source (the same
    /// functions and hook, or equal fixed headers): only those share a
    /// waiting loop.
    pub key: String,
}

impl fmt::Debug for CallerCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key)
    }
}

/// A value that came from the caller's code and must go back to it as it
/// was: an abort signal's reason, what a callback threw. The core only
/// carries it; the bindings made it and know what is inside.
#[derive(Clone)]
pub struct Thrown(pub Rc<dyn Any>);

impl fmt::Debug for Thrown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Thrown")
    }
}
