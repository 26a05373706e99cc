//! Protobuf messages to plain JS objects, following the proto3 JSON names
//! (camelCase). Unset fields are left out, never `null`.
//!
//! Objects cross from wasm to JS as one JSON text ([`text`]), parsed by
//! `JSON.parse`, with the payload bytes beside it in one buffer: a handful of
//! crossings per call, whatever its size, instead of one per property. That is
//! what makes a page of 1,000 operations fast.

mod text;

use js_sys::Array;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

use crate::payload::Payloads;
use crate::proto::google::longrunning::{ListOperationsResponse, Operation};
use crate::proto::google::rpc::{self, Code};
use text::Text;

#[wasm_bindgen(inline_js = r#"
function any(a, bytes, side) {
  const [at, len] = a.value;
  a.value = bytes.slice(at, at + len);
  if (a.decodedRef !== undefined) {
    const ref = a.decodedRef;
    delete a.decodedRef;
    a.decoded = side[ref];
  }
  return a;
}
function status(s, bytes, side) {
  for (const d of s.details) any(d, bytes, side);
  return s;
}
function operation(op, bytes, side) {
  if (op.metadata !== undefined) any(op.metadata, bytes, side);
  if (op.error !== undefined) status(op.error, bytes, side);
  if (op.response !== undefined) any(op.response, bytes, side);
  return op;
}
export function fromJson(json, bytes, side, kind) {
  const v = JSON.parse(json);
  switch (kind) {
    case 0: return any(v, bytes, side);
    case 1: return status(v, bytes, side);
    case 2: return operation(v, bytes, side);
    case 3: for (const op of v.operations) operation(op, bytes, side); return v;
    default: for (const a of v) any(a, bytes, side); return v;
  }
}
"#)]
extern "C" {
    /// The objects of `json`, their `value`s sliced out of `bytes` and their
    /// `decodedRef`s replaced by `side`'s values.
    #[wasm_bindgen(js_name = fromJson)]
    fn from_json(json: &str, bytes: &[u8], side: &JsValue, kind: u8) -> JsValue;
}

/// What a text holds at its top.
#[derive(Clone, Copy)]
enum Kind {
    Any = 0,
    Status = 1,
    Operation = 2,
    List = 3,
    AnyList = 4,
}

/// Writes with `write`, then makes the JS objects.
fn finish(types: &Payloads, kind: Kind, write: impl FnOnce(&mut Text)) -> JsValue {
    let mut text = Text::new(types);
    write(&mut text);
    let side = match text.side.is_empty() {
        true => JsValue::UNDEFINED,
        false => text
            .side
            .iter()
            .map(|d| d.to_js())
            .collect::<Array>()
            .into(),
    };
    from_json(&text.json, &text.bytes, &side, kind as u8)
}

/// Type URL of `google.protobuf.Empty`, the response of an operation that is
/// done with neither `error` nor `response` (see [`operation`]).
pub const EMPTY_TYPE_URL: &str = "type.googleapis.com/google.protobuf.Empty";

/// The `google.rpc.Code` name of a numeric code; codes outside the enum read
/// as `"UNKNOWN"` (the numeric `code` is kept as it came).
pub fn code_name(code: i32) -> &'static str {
    Code::try_from(code).unwrap_or(Code::Unknown).as_str_name()
}

/// `google.protobuf.Any` as `{ typeUrl, value, decoded?, decodeError? }`:
/// `decoded` is the proto3 JSON form when the type is known here;
/// `decodeError` says why bytes of a known type did not decode.
pub fn any(any: &prost_types::Any, types: &Payloads) -> JsValue {
    finish(types, Kind::Any, |t| t.any(any, None, ""))
}

/// A list of `google.protobuf.Any`, as an array.
pub fn any_list(list: &[prost_types::Any], types: &Payloads) -> JsValue {
    finish(types, Kind::AnyList, |t| t.any_list(list))
}

/// `google.rpc.Status` as `{ code, codeName, message, details }`.
pub fn status(status: &rpc::Status, types: &Payloads) -> JsValue {
    finish(types, Kind::Status, |t| t.status(status))
}

/// `google.longrunning.Operation` as `{ name, done, metadata?, error?, response? }`.
///
/// An operation that is `done` with neither `error` nor `response` (the
/// published proto allows it: "some services might not provide the result")
/// becomes a success whose `response` is an empty `google.protobuf.Empty`,
/// the type the seed prescribes for methods that return no data. So a done
/// operation always has exactly one of `error` and `response`.
///
/// Payloads of another type than `types` declares are not decoded.
pub fn operation(op: &Operation, types: &Payloads) -> JsValue {
    finish(types, Kind::Operation, |t| t.operation(op))
}

/// An empty `google.protobuf.Empty`, packed.
pub fn empty() -> prost_types::Any {
    prost_types::Any {
        type_url: EMPTY_TYPE_URL.to_owned(),
        value: Vec::new(),
    }
}

/// `ListOperationsResponse` as `{ operations, nextPageToken }`.
pub fn list(response: &ListOperationsResponse, types: &Payloads) -> JsValue {
    finish(types, Kind::List, |t| t.list(response))
}

/// An LRO method's payload types as `{ responseType, metadataType }`.
#[cfg(feature = "registry")]
pub fn operation_types(types: &crate::registry::OperationTypes) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in [
        ("responseType", &types.response),
        ("metadataType", &types.metadata),
    ] {
        // Defining a data property on a plain, fresh object cannot fail.
        let _ = js_sys::Reflect::set(&object, &key.into(), &value.into());
    }
    object.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_names_follow_google_rpc_code() {
        assert_eq!(code_name(0), "OK");
        assert_eq!(code_name(1), "CANCELLED");
        assert_eq!(code_name(5), "NOT_FOUND");
        assert_eq!(code_name(16), "UNAUTHENTICATED");
        assert_eq!(code_name(99), "UNKNOWN");
        assert_eq!(code_name(-1), "UNKNOWN");
    }
}
