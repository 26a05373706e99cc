//! The core's [`Platform`] in a browser window or worker: `fetch` (see
//! [`crate::bindings::fetch`]), `setTimeout`, `Date.now`, `Math.random`, and
//! the page's network and lifecycle events.

use std::{any::Any, time::Duration};

use wasm_bindgen::{closure::Closure, prelude::wasm_bindgen, JsError, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::bindings::caller::no_caller;
use crate::bindings::fetch::fetch;
use crate::core::platform::{PageEvent, Platform, Post, Response, Task};
use crate::core::wait::policy::millis;
use crate::core::Error;

#[wasm_bindgen(module = "/src/bindings/browser.js")]
extern "C" {
    /// `navigator.onLine`; true where there is no navigator.
    fn online() -> bool;

    /// Why `url` cannot be fetched, if it cannot (what `new Request`
    /// throws, described): a string, or undefined.
    #[wasm_bindgen(js_name = refusedUrl)]
    fn refused_url(url: &str) -> JsValue;

    /// The `nextHopProtocol` of the latest resource timing entry of `url`
    /// ("h2", "http/1.1"), or "".
    #[wasm_bindgen(js_name = nextHop)]
    fn next_hop(url: &str) -> JsValue;

    /// Listens to the network and lifecycle events of the window (only
    /// `online` and `offline` in a worker), calling `report` with the place
    /// of each event's name in `names` (see [`PAGE_EVENTS`]); `clear` of
    /// what it returns stops it.
    #[wasm_bindgen(js_name = watchPage)]
    fn watch_page(report: &Report, names: &str) -> Timer;

    /// A timer of `ms` milliseconds, or of `signal`'s abort: `done`
    /// resolves when it fires.
    pub type Timer;
    #[wasm_bindgen(constructor)]
    fn new(ms: u32, signal: Option<&web_sys::AbortSignal>) -> Timer;
    #[wasm_bindgen(method, getter)]
    pub fn done(this: &Timer) -> js_sys::Promise;
    /// Clears the timer (its promise then never resolves).
    #[wasm_bindgen(method)]
    pub fn clear(this: &Timer);
}

/// The page's listener: the closure type the futures' queue uses too, so
/// that the module holds its shims once.
type Report = Closure<dyn FnMut(JsValue) -> Result<(), JsError>>;

/// A sleep: clears its timer when dropped.
pub struct Sleep {
    timer: Timer,
    done: JsFuture,
}

impl Drop for Sleep {
    fn drop(&mut self) {
        self.timer.clear();
    }
}

impl std::future::Future for Sleep {
    type Output = ();
    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<()> {
        std::pin::Pin::new(&mut self.done).poll(cx).map(drop)
    }
}

/// Resolves when `signal` aborts; stops listening when dropped.
pub fn on_abort(signal: &web_sys::AbortSignal) -> Sleep {
    let timer = Timer::new(0, Some(signal));
    let done = JsFuture::from(timer.done());
    Sleep { timer, done }
}

/// The page's listeners: removed when dropped.
struct PageListeners {
    stop: Timer,
    _report: Report,
}

impl Drop for PageListeners {
    fn drop(&mut self) {
        self.stop.clear();
    }
}

/// The browser, as the core's platform.
pub struct Browser;

/// The page's events, by the names `watchPage` reports them with (the
/// place of each name in this list).
const PAGE_EVENTS: (&str, [PageEvent; 6]) = (
    "offline online hidden visible freeze resume",
    [
        PageEvent::Offline,
        PageEvent::Online,
        PageEvent::Hidden,
        PageEvent::Visible,
        PageEvent::Frozen,
        PageEvent::Resumed,
    ],
);

impl Platform for Browser {
    fn post(&self, post: Post) -> Task<'static, Result<Box<dyn Response>, Error>> {
        fetch(&no_caller(), post)
    }

    fn check_url(&self, url: &str) -> Result<(), String> {
        refused_url(url).as_string().map_or(Ok(()), Err)
    }

    fn spawn(&self, task: Task<'static, ()>) {
        wasm_bindgen_futures::spawn_local(task);
    }

    fn next_hop(&self, url: &str) -> Option<String> {
        next_hop(url).as_string()
    }

    fn online(&self) -> bool {
        online()
    }

    fn watch_page(&self, report: fn(PageEvent)) -> Box<dyn Any> {
        let report = Report::new(move |place: JsValue| {
            if let Some(event) = place.as_f64().and_then(|p| PAGE_EVENTS.1.get(p as usize)) {
                report(*event);
            }
            Ok(())
        });
        let stop = watch_page(&report, PAGE_EVENTS.0);
        Box::new(PageListeners {
            stop,
            _report: report,
        })
    }

    fn sleep(&self, duration: Duration) -> Task<'static, ()> {
        let ms = duration.as_millis().min(i32::MAX as u128) as u32;
        let timer = Timer::new(ms, None);
        let done = JsFuture::from(timer.done());
        Box::pin(Sleep { timer, done })
    }

    fn now(&self) -> Duration {
        millis(js_sys::Date::now())
    }

    fn random(&self) -> f64 {
        js_sys::Math::random()
    }
}
