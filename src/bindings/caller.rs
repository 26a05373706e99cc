//! The caller's code around each RPC, in JS (`browser.js`): the headers, fixed
//! or given by functions asked before every RPC, and the client's `onCall`
//! hook. Each call gets one [`CallerCode`] holding its JS `Caller`, and every
//! RPC's fetch goes through it.

use std::rc::Rc;

use js_sys::{Array, Promise};
use wasm_bindgen::{prelude::wasm_bindgen, JsCast, JsValue};
use web_sys::AbortSignal;

use crate::bindings::error::thrown;
use crate::core::platform::CallerCode;
use crate::core::Error;

#[wasm_bindgen(module = "/src/bindings/browser.js")]
extern "C" {
    /// A call's headers (the client's and the call's layers) and hook.
    #[derive(Clone)]
    pub type Caller;

    #[wasm_bindgen(constructor, catch)]
    fn new(client: &JsValue, call: &JsValue, hook: &JsValue) -> Result<Caller, JsValue>;

    #[wasm_bindgen(method, getter)]
    fn key(this: &Caller) -> String;

    /// The fetch of one RPC, after the caller's code: a Promise of the
    /// Response, rejected as [`failure`] reads.
    #[wasm_bindgen(method)]
    pub fn post(
        this: &Caller,
        url: &str,
        own: Vec<String>,
        body: Vec<u8>,
        signal: &AbortSignal,
        name: &str,
    ) -> Promise;

    /// The RPC ended with `code`: the hook hears it.
    #[wasm_bindgen(method)]
    pub fn ended(this: &Caller, code: i32, code_name: &str);

    /// A Promise of whether the functions give other headers than the last
    /// RPC sent.
    #[wasm_bindgen(method)]
    pub fn changed(this: &Caller) -> Promise;

    /// A layer of headers as given: a fixed one checked (throws why not).
    #[wasm_bindgen(catch)]
    fn layer(given: &JsValue) -> Result<JsValue, JsValue>;
}

/// The caller's code of a call: the client's layer of headers (from
/// [`client_layer`]) and hook, and the call's layer as given.
pub fn caller_code(client: &JsValue, call: &JsValue, hook: &JsValue) -> Result<CallerCode, Error> {
    let caller = Caller::new(client, call, hook).map_err(invalid)?;
    Ok(CallerCode {
        key: caller.key(),
        code: Rc::new(caller),
    })
}

/// The client's `headers`: an object checked now, or a function.
pub fn client_layer(given: &JsValue) -> Result<JsValue, Error> {
    layer(given).map_err(invalid)
}

/// The JS `Caller` of `code` (one without headers if the core made it).
pub fn js_of(code: Option<&CallerCode>) -> Caller {
    code.and_then(|code| code.code.downcast_ref::<Caller>())
        .cloned()
        .or_else(|| {
            Caller::new(
                &JsValue::UNDEFINED,
                &JsValue::UNDEFINED,
                &JsValue::UNDEFINED,
            )
            .ok()
        })
        .unwrap_or_else(|| JsValue::UNDEFINED.unchecked_into())
}

/// What a rejection by the caller's code means: `[1, thrown]` is what the
/// caller's code threw, `[2, why]` headers it gave that are refused; `None`
/// for any other rejection (the fetch's).
pub fn failure(reason: &JsValue) -> Option<Error> {
    let tagged = reason.dyn_ref::<Array>()?;
    let value = tagged.get(1);
    Some(match tagged.get(0).as_f64() {
        Some(2.0) => invalid(value),
        _ => Error::Callback(thrown(value)),
    })
}

/// A message thrown by browser.js, as INVALID_ARGUMENT.
fn invalid(message: JsValue) -> Error {
    Error::InvalidArgument(message.as_string().unwrap_or_default())
}
