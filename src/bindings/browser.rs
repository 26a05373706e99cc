//! The core's [`Platform`] in a browser window or worker: `fetch` with a
//! streamed body, `setTimeout`, `Date.now`, `Math.random`, and the page's
//! network and lifecycle events.

use std::{any::Any, rc::Rc, time::Duration};

use js_sys::Uint8Array;
use wasm_bindgen::{closure::Closure, prelude::wasm_bindgen, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, ReadableStreamDefaultReader, ReadableStreamReadResult};

use crate::bindings::caller::{failure, js_of};
use crate::bindings::error::thrown;
use crate::core::error::code_name;
use crate::core::platform::{CallerCode, Platform, Response, Task};
use crate::core::text::text;
use crate::core::wait::{page::PageEvent, policy::millis};
use crate::core::Error;
use crate::proto::google::rpc::Code;

#[wasm_bindgen(module = "/src/bindings/browser.js")]
extern "C" {
    /// `navigator.onLine`; true where there is no navigator.
    fn online() -> bool;

    /// The `nextHopProtocol` of the latest resource timing entry of `url`
    /// ("h2", "http/1.1"), or "".
    #[wasm_bindgen(js_name = nextHop)]
    fn next_hop(url: &str) -> String;

    /// Listens to the network and lifecycle events of the window (only
    /// `online` and `offline` in a worker), calling `report` with
    /// [`PageEvent::from_code`]'s codes; the returned function stops it.
    #[wasm_bindgen(js_name = watchPage)]
    fn watch_page(report: &Closure<dyn FnMut(u8)>) -> js_sys::Function;

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

/// A fetch's response; aborts the fetch when dropped before its body was
/// read to its end.
struct FetchResponse {
    response: web_sys::Response,
    reader: Option<ReadableStreamDefaultReader>,
    abort: Option<AbortController>,
}

impl Drop for FetchResponse {
    fn drop(&mut self) {
        if let Some(controller) = &self.abort {
            controller.abort();
        }
    }
}

/// Aborts a fetch whose response has not arrived when the call is dropped.
struct AbortOnDrop(Option<AbortController>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(controller) = &self.0 {
            controller.abort();
        }
    }
}

impl Platform for Browser {
    fn post(
        &self,
        url: &str,
        headers: &[(&str, String)],
        body: Vec<u8>,
        caller: Option<&CallerCode>,
        name: &str,
    ) -> Task<'static, Result<Box<dyn Response>, Error>> {
        let own = headers
            .iter()
            .flat_map(|(name, value)| [(*name).to_owned(), value.clone()])
            .collect();
        let started = match AbortController::new() {
            Ok(controller) => Ok((
                JsFuture::from(js_of(caller).post(url, own, body, &controller.signal(), name)),
                controller,
            )),
            Err(e) => Err(network("fetch is not available", &e)),
        };
        Box::pin(async move {
            let (fetch, controller) = started?;
            let mut guard = AbortOnDrop(Some(controller));
            let response = fetch.await.map_err(|e| {
                failure(&e).unwrap_or_else(|| {
                    network(
                        "the server could not be reached, or it refused this origin (CORS)",
                        &e,
                    )
                })
            })?;
            Ok(Box::new(FetchResponse {
                response: response.unchecked_into(),
                reader: None,
                abort: guard.0.take(),
            }) as Box<dyn Response>)
        })
    }

    fn ended(&self, caller: &CallerCode, code: Code) {
        js_of(Some(caller)).ended(code as i32, code_name(code as i32));
    }

    fn headers_changed(&self, caller: &CallerCode) -> Task<'static, Result<bool, Error>> {
        let changed = JsFuture::from(js_of(Some(caller)).changed());
        Box::pin(async move {
            match changed.await {
                Ok(changed) => Ok(changed.is_truthy()),
                Err(e) => Err(failure(&e).unwrap_or_else(|| Error::Callback(thrown(e)))),
            }
        })
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

    fn watch_page(&self, report: Rc<dyn Fn(PageEvent)>) -> Box<dyn Any> {
        let report = Closure::<dyn FnMut(u8)>::new(move |code| {
            if let Some(event) = PageEvent::from_code(code) {
                report(event);
            }
        });
        let stop = watch_page(&report);
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

impl Response for FetchResponse {
    fn status(&self) -> u16 {
        self.response.status()
    }

    fn status_text(&self) -> String {
        self.response.status_text()
    }

    fn header(&self, name: &str) -> Option<String> {
        self.response.headers().get(name).ok().flatten()
    }

    fn chunk(&mut self) -> Task<'_, Result<Option<Vec<u8>>, Error>> {
        Box::pin(async move {
            if self.reader.is_none() {
                let Some(stream) = self.response.body() else {
                    return Ok(None);
                };
                self.reader = Some(stream.get_reader().unchecked_into());
            }
            let Some(reader) = &self.reader else {
                return Ok(None);
            };
            let read: ReadableStreamReadResult = JsFuture::from(reader.read())
                .await
                .map_err(|e| network("the connection broke while the response was read", &e))?
                .unchecked_into();
            if read.get_done() != Some(false) {
                return Ok(None);
            }
            let chunk: Uint8Array = read
                .get_value()
                .dyn_into()
                .unwrap_or_else(|_| Uint8Array::new_with_length(0));
            Ok(Some(chunk.to_vec()))
        })
    }

    fn finish(&mut self) {
        self.abort = None;
    }
}

fn network(what: &str, error: &JsValue) -> Error {
    Error::Network(text![what, ": ", describe(error)])
}

/// A JS error's message, or the value as a string.
pub fn describe(value: &JsValue) -> String {
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    value
        .as_string()
        .unwrap_or_else(|| "a value that is not an Error".to_owned())
}
