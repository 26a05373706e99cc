//! One RPC's `fetch`, through the caller's code (`browser.js`'s `Caller`,
//! which adds the caller's headers and runs the `onCall` hook), and its
//! response read chunk by chunk: the core's [`Response`].

use js_sys::{Promise, Uint8Array};
use wasm_bindgen::{prelude::wasm_bindgen, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, AbortSignal, ReadableStreamDefaultReader, ReadableStreamReadResult,
};

use crate::bindings::error::thrown;
use crate::core::platform::{Post, Response, Task};
use crate::core::text::text;
use crate::core::Error;

#[wasm_bindgen(module = "/src/bindings/browser.js")]
extern "C" {
    /// A call's headers (the client's and the call's layers) and hook.
    #[derive(Clone)]
    pub type Caller;

    /// The fetch of one RPC of `method`, after the caller's code: a Promise
    /// of the Response, rejected as [`failure`] reads.
    #[wasm_bindgen(method)]
    fn post(
        this: &Caller,
        url: &str,
        method: &str,
        own: Vec<String>,
        body: Vec<u8>,
        signal: &AbortSignal,
        name: &str,
    ) -> Promise;

    /// How the caller's code failed an RPC: what it threw, or why the
    /// headers it gave are refused.
    type CallerFailure;
    #[wasm_bindgen(method, getter)]
    fn thrown(this: &CallerFailure) -> JsValue;
    #[wasm_bindgen(method, getter)]
    fn refused(this: &CallerFailure) -> Option<String>;
}

/// What a rejection of [`Caller`]'s promises means: a `CallerFailure` is
/// the caller's code's (what it threw, or headers it gave that are
/// refused); `None` for any other rejection (the fetch's).
pub fn failure(reason: &JsValue) -> Option<Error> {
    let failure = reason.dyn_ref::<CallerFailure>()?;
    Some(match failure.refused() {
        Some(why) => Error::InvalidArgument(why),
        None => Error::Callback(thrown(failure.thrown())),
    })
}

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

/// Starts `post`'s fetch through `caller`'s code; the task resolves with
/// the response's head, and aborts the fetch when dropped before.
pub fn fetch(caller: &Caller, post: Post) -> Task<'static, Result<Box<dyn Response>, Error>> {
    let own = post
        .headers
        .into_iter()
        .flat_map(|(name, value)| [name.to_owned(), value])
        .collect();
    let started = match AbortController::new() {
        Ok(controller) => Ok((
            JsFuture::from(caller.post(
                &post.url,
                post.method,
                own,
                post.body,
                &controller.signal(),
                &post.name,
            )),
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
