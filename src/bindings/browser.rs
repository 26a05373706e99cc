//! The core's [`Platform`] in a browser window or worker: `fetch` (see
//! [`crate::bindings::fetch`]), `setTimeout`, `Date.now`, `Math.random`, and
//! the page's network and lifecycle events.

use std::{any::Any, time::Duration};

use wasm_bindgen::{closure::Closure, prelude::wasm_bindgen, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::bindings::caller::no_caller;
use crate::bindings::fetch::{describe, fetch};
use crate::core::platform::{PageEvent, Platform, Post, Response, Task};
use crate::core::wait::policy::millis;
use crate::core::Error;

#[wasm_bindgen(module = "/src/bindings/browser.js")]
extern "C" {
    /// `navigator.onLine`; true where there is no navigator.
    fn online() -> bool;

    /// The `nextHopProtocol` of the latest resource timing entry of `url`
    /// ("h2", "http/1.1"), or "".
    #[wasm_bindgen(js_name = nextHop)]
    fn next_hop(url: &str) -> String;

    /// Listens to the network and lifecycle events of the window (only
    /// `online` and `offline` in a worker), calling `report` with the place
    /// of each event's name in `names` (see [`PAGE_EVENTS`]); the returned
    /// function stops it.
    #[wasm_bindgen(js_name = watchPage)]
    fn watch_page(report: &Closure<dyn FnMut(u8)>, names: &str) -> js_sys::Function;

    /// A timer of `ms` milliseconds: `done` resolves when it fires.
    type Timer;
    #[wasm_bindgen(constructor)]
    fn new(ms: u32) -> Timer;
    #[wasm_bindgen(method, getter)]
    fn done(this: &Timer) -> js_sys::Promise;
    /// Clears the timer (its promise then never resolves).
    #[wasm_bindgen(method)]
    fn clear(this: &Timer);
}

/// A sleep: clears its timer when dropped.
struct Sleep {
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

/// The page's listeners: removed when dropped.
struct PageListeners {
    stop: js_sys::Function,
    _report: Closure<dyn FnMut(u8)>,
}

impl Drop for PageListeners {
    fn drop(&mut self) {
        let _ = self.stop.call0(&JsValue::UNDEFINED);
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
        web_sys::Request::new_with_str(url)
            .map(drop)
            .map_err(|e| describe(&e))
    }

    fn spawn(&self, task: Task<'static, ()>) {
        wasm_bindgen_futures::spawn_local(task);
    }

    fn next_hop(&self, url: &str) -> Option<String> {
        Some(next_hop(url))
    }

    fn online(&self) -> bool {
        online()
    }

    fn watch_page(&self, report: fn(PageEvent)) -> Box<dyn Any> {
        let report = Closure::<dyn FnMut(u8)>::new(move |place: u8| {
            if let Some(event) = PAGE_EVENTS.1.get(usize::from(place)) {
                report(*event);
            }
        });
        let stop = watch_page(&report, PAGE_EVENTS.0);
        Box::new(PageListeners {
            stop,
            _report: report,
        })
    }

    fn sleep(&self, duration: Duration) -> Task<'static, ()> {
        let ms = duration.as_millis().min(i32::MAX as u128) as u32;
        let timer = Timer::new(ms);
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
