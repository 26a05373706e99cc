//! The one mapping of [`Error`] to a JS value: an `RpcError` or
//! `OperationError`, made by `js/errors.js` (the one maker of lro-web's
//! errors, which the tabs and the iterators use too).

use std::rc::Rc;

use wasm_bindgen::{prelude::wasm_bindgen, JsValue};

use crate::bindings::{convert, payload::Payloads};
use crate::core::error::{code_name, Thrown};
use crate::core::Error;

/// A caller's value, kept for the core to carry back.
pub fn thrown(value: JsValue) -> Thrown {
    Thrown(Rc::new(value))
}

/// The caller's value inside a [`Thrown`] (undefined if the core was handed
/// something else, which the bindings never do).
pub fn thrown_to_js(thrown: &Thrown) -> JsValue {
    thrown
        .0
        .downcast_ref::<JsValue>()
        .cloned()
        .unwrap_or(JsValue::UNDEFINED)
}

impl From<Error> for JsValue {
    fn from(error: Error) -> JsValue {
        to_js(error, &Payloads::default())
    }
}

/// The JS value a failed call rejects with, its details decoded with
/// `types`: an `RpcError` or `OperationError`, or, for an abort or a
/// callback that threw, the caller's own value.
pub fn to_js(error: Error, types: &Payloads) -> JsValue {
    let code = error.code() as i32;
    match &error {
        Error::Aborted(reason) | Error::Callback(reason) => thrown_to_js(reason),
        Error::Operation(status) => operation_error(convert::status(status, types)),
        Error::Deadline(budget) => deadline_exceeded(budget.as_millis() as u64 as f64),
        _ => rpc_error(
            code,
            code_name(code),
            &error.message(),
            convert::any_list(error.details(), types),
        ),
    }
}

// The package's glue imports the errors module its JS shares (each entry's
// folder has an `errors.js`); the tests' takes a copy of it.
#[cfg_attr(feature = "package", wasm_bindgen(raw_module = "./errors.js"))]
#[cfg_attr(not(feature = "package"), wasm_bindgen(module = "/js/errors.js"))]
extern "C" {
    /// An `RpcError` with `code`, `codeName`, `message` and `details`.
    #[wasm_bindgen(js_name = rpcError)]
    fn rpc_error(code: i32, code_name: &str, message: &str, details: JsValue) -> JsValue;

    /// The `OperationError` of an operation that failed with `status`.
    #[wasm_bindgen(js_name = operationError)]
    fn operation_error(status: JsValue) -> JsValue;

    /// The DEADLINE_EXCEEDED `RpcError` of a budget of `ms` milliseconds.
    #[wasm_bindgen(js_name = deadlineExceeded)]
    fn deadline_exceeded(ms: f64) -> JsValue;
}
