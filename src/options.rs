//! Reads the options objects a JS caller passes, with a clear error for each
//! value of the wrong type. `undefined` and `null` mean "not given".

use std::time::Duration;

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortSignal;

use crate::{CallOptions, Error, Headers};

/// Options of one call, as given from JS.
#[derive(Default)]
pub struct JsCallOptions {
    /// Deadline and headers.
    pub call: CallOptions,
    /// The caller's AbortSignal.
    pub signal: Option<AbortSignal>,
}

/// The ListOperations fields of `list`'s options.
#[derive(Default)]
pub struct ListFields {
    /// `filter`.
    pub filter: String,
    /// `pageSize`.
    pub page_size: i32,
    /// `pageToken`.
    pub page_token: String,
}

fn invalid(what: &str, expected: &str) -> Error {
    Error::InvalidArgument(format!("{what} must be {expected}"))
}

/// The options object itself, or None when not given.
fn object<'a>(value: &'a JsValue, what: &str) -> Result<Option<&'a Object>, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value
        .dyn_ref::<Object>()
        .filter(|_| value.is_object())
        .map(Some)
        .ok_or_else(|| invalid(what, "an object"))
}

fn field(object: &Object, key: &str) -> Option<JsValue> {
    Reflect::get(object, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

fn string(object: &Object, key: &str) -> Result<Option<String>, Error> {
    field(object, key)
        .map(|v| {
            v.as_string()
                .ok_or_else(|| invalid(&format!("options.{key}"), "a string"))
        })
        .transpose()
}

/// `timeoutMs`: a finite number of milliseconds, 0 meaning "no deadline".
fn timeout(object: &Object) -> Result<Option<Duration>, Error> {
    let Some(value) = field(object, "timeoutMs") else {
        return Ok(None);
    };
    let millis = value.as_f64().filter(|ms| ms.is_finite() && *ms >= 0.0);
    let millis = millis.ok_or_else(|| {
        invalid(
            "options.timeoutMs",
            "a finite number of milliseconds, 0 or more",
        )
    })?;
    Ok(Some(Duration::from_secs_f64(millis / 1000.0)))
}

fn headers(object: &Object) -> Result<Headers, Error> {
    let Some(value) = field(object, "headers") else {
        return Ok(Headers::default());
    };
    let headers = value
        .dyn_ref::<Object>()
        .filter(|_| value.is_object())
        .ok_or_else(|| invalid("options.headers", "an object of strings"))?;
    let mut pairs = Vec::new();
    for entry in Object::entries(headers).iter() {
        let entry: Array = entry.unchecked_into();
        let name = entry.get(0).as_string().unwrap_or_default();
        let value = entry
            .get(1)
            .as_string()
            .ok_or_else(|| invalid(&format!("the value of header {name:?}"), "a string"))?;
        pairs.push((name, value));
    }
    Headers::parse(pairs)
}

/// The constructor's `{ headers?, timeoutMs? }`.
pub fn client(value: &JsValue) -> Result<CallOptions, Error> {
    let Some(object) = object(value, "options")? else {
        return Ok(CallOptions::default());
    };
    Ok(CallOptions {
        timeout: timeout(object)?,
        headers: headers(object)?,
    })
}

/// A call's `{ signal?, timeoutMs?, headers? }`.
pub fn call(value: &JsValue) -> Result<JsCallOptions, Error> {
    let Some(object) = object(value, "options")? else {
        return Ok(JsCallOptions::default());
    };
    let signal = field(object, "signal")
        .map(|v| {
            v.dyn_into::<AbortSignal>()
                .map_err(|_| invalid("options.signal", "an AbortSignal"))
        })
        .transpose()?;
    Ok(JsCallOptions {
        call: CallOptions {
            timeout: timeout(object)?,
            headers: headers(object)?,
        },
        signal,
    })
}

/// `list`'s `{ filter?, pageSize?, pageToken? }` (beside the call options).
pub fn list(value: &JsValue) -> Result<ListFields, Error> {
    let Some(object) = object(value, "options")? else {
        return Ok(ListFields::default());
    };
    let page_size = match field(object, "pageSize") {
        None => 0,
        Some(v) => v
            .as_f64()
            .filter(|n| n.fract() == 0.0 && (0.0..=f64::from(i32::MAX)).contains(n))
            .ok_or_else(|| invalid("options.pageSize", "a whole number, 0 or more"))?
            as i32,
    };
    Ok(ListFields {
        filter: string(object, "filter")?.unwrap_or_default(),
        page_size,
        page_token: string(object, "pageToken")?.unwrap_or_default(),
    })
}

/// An operation name: a string.
pub fn name(value: &JsValue) -> Result<String, Error> {
    value
        .as_string()
        .ok_or_else(|| invalid("the operation name", "a string"))
}
