//! Reads the options objects a JS caller passes, with a clear error for each
//! value of the wrong type. `undefined` and `null` mean "not given".

use std::time::Duration;

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortSignal;

use crate::bindings::payload::{Expected, Payloads};
use crate::core::transport::DEFAULT_MAX_RESPONSE;
use crate::core::wait::policy::{self, Backoff, Mode, WaitPolicy};
use crate::core::{CallOptions, Error, Headers};
use crate::proto::google::rpc::Code as RpcCode;

/// Options of one call, as given from JS.
#[derive(Default)]
pub struct JsCallOptions {
    /// Deadline and headers.
    pub call: CallOptions,
    /// The caller's AbortSignal.
    pub signal: Option<AbortSignal>,
}

/// What every call's options tell the steps around the call.
pub trait Options {
    /// The caller's signal, if any.
    fn signal(&self) -> Option<AbortSignal>;

    /// The payload types the caller declared, if any.
    fn expected(&self, _types: &Payloads) -> Result<Option<Expected>, Error> {
        Ok(None)
    }
}

impl Options for JsCallOptions {
    fn signal(&self) -> Option<AbortSignal> {
        self.signal.clone()
    }
}

impl Options for JsListOptions {
    fn signal(&self) -> Option<AbortSignal> {
        self.call.signal.clone()
    }
}

impl Options for JsWaitOptions {
    fn signal(&self) -> Option<AbortSignal> {
        self.call.signal.clone()
    }

    fn expected(&self, types: &Payloads) -> Result<Option<Expected>, Error> {
        match &self.declared {
            Declared::Nothing => Ok(None),
            Declared::Method(method) => types.method_types(method).map(Some),
            Declared::Types(expected) => Ok(Some(expected.clone())),
        }
    }
}

/// The payload types a wait's options declare.
#[derive(Default)]
pub enum Declared {
    /// None: payloads decode by their type URLs.
    #[default]
    Nothing,
    /// `method`: the types of its `operation_info` option.
    Method(String),
    /// `responseType` and/or `metadataType`.
    Types(Expected),
}

/// `list`'s options: the ListOperations fields and the call options.
#[derive(Default)]
pub struct JsListOptions {
    /// Signal, deadline and headers.
    pub call: JsCallOptions,
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

/// A number property, finite and at least `min`.
fn number(object: &Object, key: &str, what: &str, min: f64) -> Result<Option<f64>, Error> {
    let Some(value) = field(object, key) else {
        return Ok(None);
    };
    let n = value.as_f64().filter(|n| n.is_finite() && *n >= min);
    n.map(Some).ok_or_else(|| {
        invalid(
            &format!("options.{key}"),
            &format!("a finite number, {what}"),
        )
    })
}

/// A duration property in milliseconds, 0 or more.
fn millis(object: &Object, key: &str) -> Result<Option<Duration>, Error> {
    let ms = number(object, key, "0 or more milliseconds", 0.0)?;
    Ok(ms.map(policy::millis))
}

/// `timeoutMs`: 0 means "no deadline".
fn timeout(object: &Object) -> Result<Option<Duration>, Error> {
    millis(object, "timeoutMs")
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
            .ok_or_else(|| invalid(&format!("the value of header \"{name}\""), "a string"))?;
        pairs.push((name, value));
    }
    Headers::parse(pairs)
}

/// The constructor's options.
pub struct JsClientOptions {
    /// `headers` and `timeoutMs`: every call's defaults.
    pub defaults: CallOptions,
    /// `maxResponseBytes`.
    pub max_response: usize,
}

/// The constructor's `{ headers?, timeoutMs?, maxResponseBytes? }`.
pub fn client(value: &JsValue) -> Result<JsClientOptions, Error> {
    let Some(object) = object(value, "options")? else {
        return Ok(JsClientOptions {
            defaults: CallOptions::default(),
            max_response: DEFAULT_MAX_RESPONSE,
        });
    };
    let max = number(object, "maxResponseBytes", "1 or more bytes", 1.0)?;
    Ok(JsClientOptions {
        defaults: CallOptions {
            timeout: timeout(object)?,
            headers: headers(object)?,
        },
        // Past 2^32 - 1 no frame length can reach it anyway.
        max_response: max.map_or(DEFAULT_MAX_RESPONSE, |n| {
            n.min(f64::from(u32::MAX)) as usize
        }),
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

/// `list`'s `{ filter?, pageSize?, pageToken? }` beside the call options.
pub fn list(value: &JsValue) -> Result<JsListOptions, Error> {
    let call = call(value)?;
    let Some(object) = object(value, "options")? else {
        return Ok(JsListOptions::default());
    };
    let page_size = match field(object, "pageSize") {
        None => 0,
        Some(v) => v
            .as_f64()
            .filter(|n| n.fract() == 0.0 && (0.0..=f64::from(i32::MAX)).contains(n))
            .ok_or_else(|| invalid("options.pageSize", "a whole number, 0 or more"))?
            as i32,
    };
    Ok(JsListOptions {
        call,
        filter: string(object, "filter")?.unwrap_or_default(),
        page_size,
        page_token: string(object, "pageToken")?.unwrap_or_default(),
    })
}

/// `wait`'s and `result`'s options.
pub struct JsWaitOptions {
    /// Signal and headers (the call's `timeoutMs` is the wait's budget).
    pub call: JsCallOptions,
    /// Budget, mode, backoff, retried codes.
    pub policy: WaitPolicy,
    /// `onProgress`.
    pub on_progress: Option<js_sys::Function>,
    /// `method`, or `responseType` and `metadataType`.
    pub declared: Declared,
}

/// `{ timeoutMs?, mode?, onProgress?, retryCodes?, backoff?, longPollMs? }`
/// beside the call options.
pub fn wait(value: &JsValue) -> Result<JsWaitOptions, Error> {
    let mut call = call(value)?;
    let budget = call.call.timeout.take().filter(|t| !t.is_zero());
    let mut policy = WaitPolicy {
        budget,
        ..WaitPolicy::default()
    };
    let Some(object) = object(value, "options")? else {
        return Ok(JsWaitOptions {
            call,
            policy,
            on_progress: None,
            declared: Declared::Nothing,
        });
    };
    if let Some(mode) = string(object, "mode")? {
        policy.mode = Mode::parse(&mode)
            .ok_or_else(|| invalid("options.mode", "\"auto\", \"wait\" or \"poll\""))?;
    }
    if let Some(codes) = field(object, "retryCodes") {
        policy.retry_codes = retry_codes(&codes)?;
    }
    if let Some(value) = field(object, "backoff") {
        policy.backoff = backoff(&value)?;
    }
    let on_progress: Option<js_sys::Function> = field(object, "onProgress")
        .map(|f| {
            f.dyn_into()
                .map_err(|_| invalid("options.onProgress", "a function"))
        })
        .transpose()?;
    policy.long_poll = policy::long_poll(millis(object, "longPollMs")?, on_progress.is_some());
    Ok(JsWaitOptions {
        call,
        policy,
        on_progress,
        declared: declared(object)?,
    })
}

/// `{ initialDelayMs?, maxDelayMs?, multiplier? }`.
fn backoff(value: &JsValue) -> Result<Backoff, Error> {
    let object = object_field(value, "options.backoff")?;
    let default = Backoff::default();
    Ok(Backoff {
        initial: millis(object, "initialDelayMs")?.unwrap_or(default.initial),
        max: millis(object, "maxDelayMs")?.unwrap_or(default.max),
        multiplier: number(object, "multiplier", "1 or more", 1.0)?.unwrap_or(default.multiplier),
    })
}

/// `{ method? }` or `{ responseType?, metadataType? }`.
fn declared(object: &Object) -> Result<Declared, Error> {
    let method = string(object, "method")?;
    let response = string(object, "responseType")?;
    let metadata = string(object, "metadataType")?;
    match (method, response.is_some() || metadata.is_some()) {
        (Some(_), true) => Err(Error::InvalidArgument(
            "give options.method, or options.responseType and metadataType, not both".to_owned(),
        )),
        (Some(method), false) => Ok(Declared::Method(method)),
        (None, true) => Ok(Declared::Types(Expected::new(response, metadata))),
        (None, false) => Ok(Declared::Nothing),
    }
}

fn object_field<'a>(value: &'a JsValue, what: &str) -> Result<&'a Object, Error> {
    value
        .dyn_ref::<Object>()
        .filter(|_| value.is_object())
        .ok_or_else(|| invalid(what, "an object"))
}

fn retry_codes(value: &JsValue) -> Result<Vec<RpcCode>, Error> {
    let expected = "an array of code names such as \"UNAVAILABLE\"";
    if !Array::is_array(value) {
        return Err(invalid("options.retryCodes", expected));
    }
    Array::from(value)
        .iter()
        .map(|name| {
            name.as_string()
                .and_then(|name| RpcCode::from_str_name(&name))
                .ok_or_else(|| invalid("options.retryCodes", expected))
        })
        .collect()
}

/// An operation name: a string.
pub fn name(value: &JsValue) -> Result<String, Error> {
    value
        .as_string()
        .ok_or_else(|| invalid("the operation name", "a string"))
}

/// Bytes given as a Uint8Array or an ArrayBuffer.
#[cfg(feature = "registry")]
pub fn bytes(value: &JsValue, what: &str) -> Result<Vec<u8>, Error> {
    if let Some(array) = value.dyn_ref::<js_sys::Uint8Array>() {
        return Ok(array.to_vec());
    }
    if let Some(buffer) = value.dyn_ref::<js_sys::ArrayBuffer>() {
        return Ok(js_sys::Uint8Array::new(buffer).to_vec());
    }
    Err(invalid(what, "a Uint8Array or an ArrayBuffer"))
}

#[cfg(test)]
mod tests;
