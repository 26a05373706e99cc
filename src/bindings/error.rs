//! The one mapping of [`Error`] to a JS value: a real `Error` object whose
//! `name` says what it is, with `code`, `codeName`, `message` and `details`.

use std::rc::Rc;

use js_sys::Reflect;
use wasm_bindgen::JsValue;

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
    let code = error.code();
    let js = js_sys::Error::new(&error.to_string());
    js.set_name(name);
    let object: &JsValue = js.as_ref();
    let set = |key: &str, value: JsValue| {
        // Setting a property on a fresh Error object cannot fail.
        let _ = Reflect::set(object, &JsValue::from_str(key), &value);
    };
    set("code", JsValue::from(code as i32));
    set("codeName", JsValue::from_str(code_name(code as i32)));
    set("details", convert::any_list(error.details(), types));
    if let Error::Operation(status) = &error {
        set("status", convert::status(status, types));
    }
    js.into()
}
