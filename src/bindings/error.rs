//! The one mapping of [`Error`] to a JS value: a real `Error` object whose
//! `name` says what it is, with `code`, `codeName`, `message` and `details`.

use std::rc::Rc;

use wasm_bindgen::{prelude::wasm_bindgen, JsValue};

use crate::bindings::{convert, payload::Payloads};
use crate::core::{error::code_name, platform::Thrown, Error};

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
    let name = match &error {
        Error::Aborted(reason) | Error::Callback(reason) => return thrown_to_js(reason),
        Error::Operation(_) => "OperationError",
        _ => "RpcError",
    };
    let code = error.code() as i32;
    let status = match &error {
        Error::Operation(status) => convert::status(status, types),
        _ => JsValue::UNDEFINED,
    };
    let details = convert::any_list(error.details(), types);
    rpc_error(
        name,
        &error.message(),
        code,
        code_name(code),
        details,
        status,
    )
}

#[wasm_bindgen(inline_js = r#"
export function rpcError(name, message, code, codeName, details, status) {
  const e = Object.assign(new Error(message), { name, code, codeName, details });
  if (status) e.status = status;
  return e;
}
"#)]
extern "C" {
    /// A real `Error` named `name`, with the fields of an RpcError (and
    /// `status`, for an OperationError).
    #[wasm_bindgen(js_name = rpcError)]
    fn rpc_error(
        name: &str,
        message: &str,
        code: i32,
        code_name: &str,
        details: JsValue,
        status: JsValue,
    ) -> JsValue;
}
