//! Reads the options objects a JS caller passes. The table of every key,
//! its kind and default is `js/options.js`, where `readOptions` checks what
//! each key holds (property reads and type tests cost far less there than
//! as wasm imports) and hands the values over, one array per table; this
//! module reads them by name (build/options.rs gives each key's place) into the
//! core's types, with a clear INVALID_ARGUMENT error for anything wrong.
//! `undefined` and `null` mean "not given".

use std::time::Duration;

use js_sys::{Array, Function};
use wasm_bindgen::{prelude::wasm_bindgen, JsCast, JsValue};
use web_sys::AbortSignal;

use crate::bindings::payload::{Expected, Payloads};
use crate::core::client::CallOptions;
use crate::core::text::text;
use crate::core::transport::DEFAULT_MAX_RESPONSE;
use crate::core::wait::policy::{self, Backoff, Mode, WaitPolicy};
use crate::core::{error::code_name, Error};
use crate::proto::google::rpc::Code as RpcCode;

/// Each key's place in its table (generated from js/options.js). Every key
/// is read here but two, which the generator marks: `shareAcrossTabs`
/// (tabs.js's) and `backoff`, whose keys come as a table of their own. A key
/// added to the table and not read here fails the build's lints.
mod places {
    include!(concat!(env!("OUT_DIR"), "/options.rs"));
}
use places::{backoff, call, client as client_keys, list, wait as wait_keys};

// The package's glue imports the options module of its entry's folder; the
// tests' takes a copy of it.
#[cfg_attr(feature = "package", wasm_bindgen(raw_module = "./options.js"))]
#[cfg_attr(not(feature = "package"), wasm_bindgen(module = "/js/options.js"))]
extern "C" {
    /// The values of the options `value` read by `tables` ("client",
    /// "call", "call list", "call wait"): an array per table, or the
    /// message of what is wrong.
    #[wasm_bindgen(catch, js_name = readOptions)]
    fn read_options(tables: &str, value: &JsValue) -> Result<Array, JsValue>;

    /// What says which waits may share a loop, or a leader across tabs: the
    /// keyed values of the client options `client` (or the key made of them
    /// before) and `more`, functions by identity. The page's engine and
    /// tabs.js both key by it.
    #[wasm_bindgen(js_name = sharingKey)]
    pub fn sharing_key(client: &JsValue, more: &JsValue) -> JsValue;
}

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
    /// `maxResponseBytes`, in place of the client's.
    pub max_response: Option<usize>,
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

/// Which options a method takes: the readings of js/options.js.
#[derive(Clone, Copy, PartialEq)]
pub enum Kind {
    /// `{ signal?, timeoutMs?, headers? }`.
    Call,
    /// A call's, and `{ filter?, pageSize?, pageToken? }`.
    List,
    /// A call's, and the wait's.
    Wait,
}

impl Kind {
    /// The tables js/options.js reads it by.
    fn tables(self) -> &'static str {
        match self {
            Kind::Call => "call",
            Kind::List => "call list",
            Kind::Wait => "call wait",
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

fn invalid(what: &str, expected: &str) -> Error {
    Error::InvalidArgument(text![what, " must be ", expected])
}

/// The values of options `value` read by `names` (a table each), or the
/// reader's message as an INVALID_ARGUMENT error.
fn tables(names: &str, value: &JsValue) -> Result<Array, Error> {
    read_options(names, value).map_err(|message| {
        Error::InvalidArgument(
            message
                .as_string()
                .unwrap_or_else(|| "the options are not readable".to_owned()),
        )
    })
}

/// The values of one table, read by place.
struct Table(Array);

impl Table {
    fn of(tables: &Array, at: u32) -> Table {
        Table(tables.get(at).unchecked_into())
    }

    fn get(&self, place: u32) -> JsValue {
        self.0.get(place)
    }

    fn number(&self, place: u32) -> Option<f64> {
        self.get(place).as_f64()
    }

    fn string(&self, place: u32) -> Option<String> {
        self.get(place).as_string()
    }

    fn millis(&self, place: u32) -> Option<Duration> {
        self.number(place).map(policy::millis)
    }
}

/// A `maxResponseBytes` at `place`, if given. Past 2^32 - 1 no frame length
/// can reach it anyway.
fn limit(v: &Table, place: u32) -> Option<usize> {
    v.number(place).map(|n| n.min(f64::from(u32::MAX)) as usize)
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
    /// What keeps this client's waits apart from another's: its keyed
    /// options and its hook ([`sharing_key`]).
    pub sharing: JsValue,
}

/// The constructor's options (`shareAcrossTabs` is js/tabs.js's).
pub fn client(value: &JsValue) -> Result<JsClientOptions, Error> {
    let v = Table::of(&tables("client", value)?, 0);
    let max_response = limit(&v, client_keys::MAX_RESPONSE_BYTES).unwrap_or(DEFAULT_MAX_RESPONSE);
    Ok(JsClientOptions {
        defaults: CallOptions {
            timeout: v.millis(client_keys::TIMEOUT_MS),
            ..CallOptions::default()
        },
        headers: v.get(client_keys::HEADERS),
        max_response,
        http2: v.get(client_keys::HTTP2).as_bool(),
        on_call: v.get(client_keys::ON_CALL),
        sharing: sharing_key(value, &v.get(client_keys::ON_CALL)),
    })
}

/// The options of a method that takes `kind`: a call's, and `list`'s or a
/// wait's (see js/options.js).
pub fn read(kind: Kind, value: &JsValue) -> Result<JsOptions, Error> {
    let tables = tables(kind.tables(), value)?;
    let mut options = JsOptions::default();
    let v = Table::of(&tables, 0);
    // js/options.js checked it: an AbortSignal or nothing.
    let signal = v.get(call::SIGNAL);
    options.signal = (!signal.is_undefined()).then(|| signal.unchecked_into());
    options.call.timeout = v.millis(call::TIMEOUT_MS);
    options.headers = v.get(call::HEADERS);
    options.max_response = limit(&v, call::MAX_RESPONSE_BYTES);
    if kind == Kind::List {
        let v = Table::of(&tables, 1);
        options.filter = v.string(list::FILTER).unwrap_or_default();
        options.page_size = v.number(list::PAGE_SIZE).unwrap_or_default() as i32;
        options.page_token = v.string(list::PAGE_TOKEN).unwrap_or_default();
    }
    if kind == Kind::Wait {
        wait(&Table::of(&tables, 1), &Table::of(&tables, 2), &mut options)?;
    }
    Ok(options)
}

/// A wait's values (`v`) and its backoff's (`b`), after the call's.
fn wait(v: &Table, b: &Table, options: &mut JsOptions) -> Result<(), Error> {
    let policy = &mut options.policy;
    policy.budget = options.call.timeout.take().filter(|t| !t.is_zero());
    policy.mode = v
        .string(wait_keys::MODE)
        .and_then(|m| Mode::parse(&m))
        .unwrap_or_default();
    // js/options.js checked it: an array of strings or nothing.
    let codes = v.get(wait_keys::RETRY_CODES);
    if !codes.is_undefined() {
        policy.retry_codes = retry_codes(&Table(codes.unchecked_into()))?;
    }
    let default = Backoff::default();
    policy.backoff = Backoff {
        initial: b
            .millis(backoff::INITIAL_DELAY_MS)
            .unwrap_or(default.initial),
        max: b.millis(backoff::MAX_DELAY_MS).unwrap_or(default.max),
        multiplier: b.number(backoff::MULTIPLIER).unwrap_or(default.multiplier),
    };
    options.on_progress = v.get(wait_keys::ON_PROGRESS).dyn_into::<Function>().ok();
    policy.long_poll = policy::long_poll(
        v.millis(wait_keys::LONG_POLL_MS),
        options.on_progress.is_some(),
    );
    let response = v.string(wait_keys::RESPONSE_TYPE);
    let metadata = v.string(wait_keys::METADATA_TYPE);
    options.declared = match v.string(wait_keys::METHOD) {
        Some(method) => Declared::Method(method),
        None if response.is_some() || metadata.is_some() => {
            Declared::Types(Expected::new(response, metadata))
        }
        None => Declared::Nothing,
    };
    Ok(())
}

fn retry_codes(names: &Table) -> Result<Vec<RpcCode>, Error> {
    (0..names.0.length())
        .map(|place| {
            names
                .string(place)
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
