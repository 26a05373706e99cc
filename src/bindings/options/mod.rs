//! Reads the options objects a JS caller passes. The checks of what each
//! key holds are in `read.js` (property reads and type tests are far cheaper
//! there than as wasm imports); it hands the values over as one array per
//! options object, which this module reads into the core's types, with a
//! clear INVALID_ARGUMENT error for anything wrong. `undefined` and `null`
//! mean "not given".

use std::time::Duration;

use js_sys::{Array, Function};
use wasm_bindgen::{prelude::wasm_bindgen, JsCast, JsValue};
use web_sys::AbortSignal;

use crate::bindings::payload::{Expected, Payloads};
use crate::core::text::text;
use crate::core::transport::DEFAULT_MAX_RESPONSE;
use crate::core::wait::policy::{self, Backoff, Mode, WaitPolicy};
use crate::core::{error::code_name, CallOptions, Error};
use crate::proto::google::rpc::Code as RpcCode;

#[wasm_bindgen(module = "/src/bindings/options/read.js")]
extern "C" {
    /// The values of the options `value` of a kind (0 the constructor's,
    /// then [`Kind`]'s), or the message of what is wrong.
    #[wasm_bindgen(catch, js_name = readOptions)]
    fn read_options(kind: u8, value: &JsValue) -> Result<Array, JsValue>;
}

/// `read_options`'s kind of the constructor's options.
const CLIENT: u8 = 0;

/// The options of one call, as given from JS: every method's keys, those
/// it does not take left at their defaults.
#[derive(Default)]
pub struct JsOptions {
    /// Deadline (a wait's `timeoutMs` is its budget instead); the bindings
    /// add the caller's code.
    pub call: CallOptions,
    /// `headers` as given: an object, or a function that gives one.
    pub headers: JsValue,
    /// The caller's AbortSignal.
    pub signal: Option<AbortSignal>,
    /// `list`'s `filter`.
    pub filter: String,
    /// `list`'s `pageSize`.
    pub page_size: i32,
    /// `list`'s `pageToken`.
    pub page_token: String,
    /// A wait's budget, mode, backoff, retried codes and longest hold.
    pub policy: WaitPolicy,
    /// A wait's `onProgress`.
    pub on_progress: Option<Function>,
    /// A wait's `method`, or `responseType` and `metadataType`.
    pub declared: Declared,
}

impl JsOptions {
    /// The payload types the caller declared, if any.
    pub fn expected(&self, types: &Payloads) -> Result<Option<Expected>, Error> {
        match &self.declared {
            Declared::Nothing => Ok(None),
            Declared::Method(method) => types.method_types(method).map(Some),
            Declared::Types(expected) => Ok(Some(expected.clone())),
        }
    }
}

/// Which options a method takes (the numbers are read.js's kinds).
#[derive(Clone, Copy, PartialEq)]
pub enum Kind {
    /// `{ signal?, timeoutMs?, headers? }`.
    Call = 1,
    /// A call's, and `{ filter?, pageSize?, pageToken? }`.
    List = 2,
    /// A call's, and the wait's.
    Wait = 3,
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

fn invalid(what: &str, expected: &str) -> Error {
    Error::InvalidArgument(text![what, " must be ", expected])
}

/// The values read.js gives for options `value` of `kind`, or its message
/// as an INVALID_ARGUMENT error.
fn values(kind: u8, value: &JsValue) -> Result<Values, Error> {
    read_options(kind, value)
        .map(|array| Values { array, at: 0 })
        .map_err(|message| {
            Error::InvalidArgument(
                message
                    .as_string()
                    .unwrap_or_else(|| "the options are not readable".to_owned()),
            )
        })
}

/// The values of one options object, read in order.
struct Values {
    array: Array,
    at: u32,
}

impl Values {
    fn next(&mut self) -> JsValue {
        self.at += 1;
        self.array.get(self.at - 1)
    }

    fn number(&mut self) -> Option<f64> {
        self.next().as_f64()
    }

    fn string(&mut self) -> Option<String> {
        self.next().as_string()
    }

    fn millis(&mut self) -> Option<Duration> {
        self.number().map(policy::millis)
    }

    /// A call's `[signal, timeoutMs, headers]`.
    fn call(&mut self, options: &mut JsOptions) {
        options.signal = self.next().dyn_into::<AbortSignal>().ok();
        options.call.timeout = self.millis();
        options.headers = self.next();
    }
}

/// The constructor's options.
pub struct JsClientOptions {
    /// `timeoutMs`: every call's default.
    pub defaults: CallOptions,
    /// `headers`: an object (checked) or a function that gives one.
    pub headers: JsValue,
    /// `onCall`: the hook around every RPC.
    pub on_call: JsValue,
    /// `maxResponseBytes`.
    pub max_response: usize,
    /// `http2`: whether the server is reached over HTTP/2 (or HTTP/3), when
    /// the caller says so.
    pub http2: Option<bool>,
}

/// The constructor's `{ headers?, timeoutMs?, maxResponseBytes?, http2? }`.
pub fn client(value: &JsValue) -> Result<JsClientOptions, Error> {
    let mut v = values(CLIENT, value)?;
    let headers = v.next();
    let timeout = v.millis();
    // Past 2^32 - 1 no frame length can reach it anyway.
    let max_response = v.number().map_or(DEFAULT_MAX_RESPONSE, |n| {
        n.min(f64::from(u32::MAX)) as usize
    });
    Ok(JsClientOptions {
        defaults: CallOptions {
            timeout,
            caller: None,
        },
        headers,
        max_response,
        http2: v.next().as_bool(),
        on_call: v.next(),
    })
}

/// The options of a method that takes `kind`: a call's `{ signal?,
/// timeoutMs?, headers? }`, and `list`'s `{ filter?, pageSize?, pageToken? }`
/// or a wait's `{ timeoutMs?, mode?, onProgress?, retryCodes?, backoff?,
/// longPollMs?, method?, responseType?, metadataType? }`.
pub fn read(kind: Kind, value: &JsValue) -> Result<JsOptions, Error> {
    let mut v = values(kind as u8, value)?;
    let mut options = JsOptions::default();
    v.call(&mut options);
    if kind == Kind::List {
        options.filter = v.string().unwrap_or_default();
        options.page_size = v.number().unwrap_or_default() as i32;
        options.page_token = v.string().unwrap_or_default();
    }
    if kind == Kind::Wait {
        wait(&mut v, &mut options)?;
    }
    Ok(options)
}

/// A wait's values, after the call's.
fn wait(v: &mut Values, options: &mut JsOptions) -> Result<(), Error> {
    let policy = &mut options.policy;
    policy.budget = options.call.timeout.take().filter(|t| !t.is_zero());
    policy.mode = v.string().and_then(|m| Mode::parse(&m)).unwrap_or_default();
    let codes = v.next();
    if !codes.is_undefined() {
        policy.retry_codes = retry_codes(&Array::from(&codes))?;
    }
    let default = Backoff::default();
    policy.backoff = Backoff {
        initial: v.millis().unwrap_or(default.initial),
        max: v.millis().unwrap_or(default.max),
        multiplier: v.number().unwrap_or(default.multiplier),
    };
    options.on_progress = v.next().dyn_into::<Function>().ok();
    policy.long_poll = policy::long_poll(v.millis(), options.on_progress.is_some());
    let (method, response, metadata) = (v.string(), v.string(), v.string());
    options.declared = match method {
        Some(method) => Declared::Method(method),
        None if response.is_some() || metadata.is_some() => {
            Declared::Types(Expected::new(response, metadata))
        }
        None => Declared::Nothing,
    };
    Ok(())
}

fn retry_codes(names: &Array) -> Result<Vec<RpcCode>, Error> {
    names
        .iter()
        .map(|name| {
            name.as_string()
                // By the names the wasm has anyway (for `codeName`): no
                // second table of them.
                .and_then(|name| (0..=16).find(|&code| code_name(code) == name))
                .and_then(|code| RpcCode::try_from(code).ok())
                .ok_or_else(|| {
                    invalid(
                        "options.retryCodes",
                        "an array of code names such as \"UNAVAILABLE\"",
                    )
                })
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
