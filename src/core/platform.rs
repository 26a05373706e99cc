//! What the core needs of the browser, as traits that the bindings implement
//! (`crate::bindings::browser`): an HTTP POST whose body arrives in chunks,
//! timers, a clock, random numbers and the page's events, and the caller's
//! code around each RPC. The core itself never touches a JS value;
//! everything it gets through here is plain Rust.

use std::{any::Any, fmt, future::Future, pin::Pin, time::Duration};

use crate::core::Error;
use crate::proto::google::rpc::Code;

/// A future of the platform, boxed: one copy of the machinery serves every call.
pub type Task<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// The browser's services, as the core uses them.
pub trait Platform {
    /// Starts `post` with no caller's code around it, resolving with the
    /// response's head once it arrives. A failure to get one (the network,
    /// CORS) is [`Error::Network`]. Dropping the task, or the response
    /// before [`Response::finish`], aborts the request.
    fn post(&self, post: Post) -> Task<'static, Result<Box<dyn Response>, Error>>;

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
    fn watch_page(&self, report: fn(PageEvent)) -> Box<dyn Any>;

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

/// One RPC's HTTP request, as the transport makes it.
pub struct Post {
    /// Where to: the base URL, the service and the method.
    pub url: String,
    /// The method's name ("WaitOperation"), for the caller's code to see.
    pub method: &'static str,
    /// The operation (or collection) it is about, for the caller's code.
    pub name: String,
    /// The transport's own headers (the caller's may not set these).
    pub headers: Vec<(&'static str, String)>,
    /// The framed request message.
    pub body: Vec<u8>,
}

/// The caller's code around a call's RPCs, made by the bindings: what
/// gives the headers (fixed, or functions asked before each RPC) and a hook
/// that sees each RPC and how it ended.
pub trait CallerCode {
    /// Equal for callers of clients with the same keyed options (headers,
    /// deadline, response limit, protocol: the "key" rows of js/options.js)
    /// and hook, whose calls add the same headers (functions by identity):
    /// only those share a waiting loop.
    fn key(&self) -> &str;

    /// Starts `post` with the headers the caller's code gives (after its
    /// hook saw it), as [`Platform::post`] does; a failure of the caller's
    /// code is its error.
    fn post(&self, post: Post) -> Task<'static, Result<Box<dyn Response>, Error>>;

    /// The RPC that [`CallerCode::post`] started ended with `code`
    /// (CANCELLED when it was dropped unfinished).
    fn ended(&self, code: Code);

    /// Whether the header functions now give other headers than the last
    /// RPC sent (a token refreshed meanwhile); the next RPC sends those.
    fn headers_changed(&self) -> Task<'static, Result<bool, Error>>;
}

impl fmt::Debug for dyn CallerCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// What the page tells the waiting loops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageEvent {
    /// `offline`: the browser knows the network is down.
    Offline,
    /// `online`: the network is back.
    Online,
    /// The page became hidden (a background tab, a minimised window).
    Hidden,
    /// The page became visible.
    Visible,
    /// The page was frozen (`freeze`).
    Frozen,
    /// The page runs again: `resume`, or `pageshow` from the back-forward cache.
    Resumed,
}
