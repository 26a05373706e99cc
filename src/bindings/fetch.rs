//! One RPC's `fetch`, through the caller's code (`browser.js`'s `Caller`,
//! which adds the caller's headers and runs the `onCall` hook), and its
//! response read chunk by chunk: the core's [`Response`].

use js_sys::{Promise, Uint8Array};
use wasm_bindgen::{prelude::wasm_bindgen, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::bindings::browser::Timer;
use crate::bindings::error::thrown;
use crate::core::platform::{Post, Response, Task};
use crate::core::text::text;
use crate::core::Error;

#[wasm_bindgen(module = "/src/bindings/browser.js")]
extern "C" {
    /// A call's headers (the client's and the call's layers) and hook.
    #[derive(Clone)]
    pub type Caller;

    /// The fetch of one RPC of `method`, after the caller's code: its
    /// `done` a Promise of the Response, rejected as [`failure`] reads, and
    /// `clear` aborts it.
    #[wasm_bindgen(method)]
    fn post(this: &Caller, url: &str, method: &str, own: &str, body: Vec<u8>, name: &str) -> Timer;

    /// How the caller's code failed an RPC, when it did: why the headers
    /// it gave are refused, and what it threw.
    #[wasm_bindgen(js_name = failure)]
    fn caller_failure(reason: &JsValue) -> Option<js_sys::Array>;

    /// The value of header `name` of `response`, if it has one.
    fn header(response: &web_sys::Response, name: &str) -> JsValue;

    /// A Promise of the next chunk of `response`'s body (a Uint8Array),
    /// or of undefined at its end.
    fn chunk(response: &web_sys::Response) -> Promise;

    /// A JS error's message, or the value as a string.
    fn describe(value: &JsValue) -> JsValue;
}

/// What a rejection of [`Caller`]'s promises means: a `CallerFailure` is
/// the caller's code's (what it threw, or headers it gave that are
/// refused); `None` for any other rejection (the fetch's).
pub fn failure(reason: &JsValue) -> Option<Error> {
    let failure = caller_failure(reason)?;
    Some(match failure.get(0).as_string() {
        Some(why) => Error::InvalidArgument(why),
        None => Error::Callback(thrown(failure.get(1))),
    })
}

/// A fetch's response; aborts the fetch when dropped before its body was
/// read to its end.
struct FetchResponse {
    response: web_sys::Response,
    abort: Option<Timer>,
}

impl Drop for FetchResponse {
    fn drop(&mut self) {
        if let Some(fetch) = &self.abort {
            fetch.clear();
        }
    }
}

/// Aborts a fetch whose response has not arrived when the call is dropped.
struct AbortOnDrop(Option<Timer>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(fetch) = &self.0 {
            fetch.clear();
        }
    }
}

/// Starts `post`'s fetch through `caller`'s code; the task resolves with
/// the response's head, and aborts the fetch when dropped before.
pub fn fetch(caller: &Caller, post: Post) -> Task<'static, Result<Box<dyn Response>, Error>> {
    // Names and values, a line each: none holds a line break.
    let mut own = String::new();
    for (name, value) in &post.headers {
        for part in [name, value.as_str()] {
            if !own.is_empty() {
                own.push('\n');
            }
            own.push_str(part);
        }
    }
    let handle = caller.post(&post.url, post.method, &own, post.body, &post.name);
    let fetch = JsFuture::from(handle.done());
    let mut guard = AbortOnDrop(Some(handle));
    Box::pin(async move {
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
            abort: guard.0.take(),
        }) as Box<dyn Response>)
    })
}

impl Response for FetchResponse {
    fn status(&self) -> u16 {
        self.response.status()
    }

    fn status_text(&self) -> String {
        self.response.status_text()
    }

    fn header(&self, name: &str) -> Option<String> {
        header(&self.response, name).as_string()
    }

    fn chunk(&mut self) -> Task<'_, Result<Option<Vec<u8>>, Error>> {
        let next = JsFuture::from(chunk(&self.response));
        Box::pin(async move {
            let chunk = next
                .await
                .map_err(|e| network("the connection broke while the response was read", &e))?;
            if chunk.is_undefined() {
                return Ok(None);
            }
            Ok(Some(chunk.unchecked_into::<Uint8Array>().to_vec()))
        })
    }

    fn finish(&mut self) {
        self.abort = None;
    }
}

fn network(what: &str, error: &JsValue) -> Error {
    Error::Network(text![
        what,
        ": ",
        describe(error).as_string().unwrap_or_default()
    ])
}
