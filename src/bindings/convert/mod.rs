//! Protobuf messages to plain JS objects, following the proto3 JSON names
//! (camelCase). Unset fields are left out, never `null`.
//!
//! Objects cross from wasm to JS as one tape ([`tape`]): a list of
//! integers, one text of every string and one buffer of payload bytes, read
//! by a small JS function that builds the objects with object literals. A
//! handful of crossings per call, whatever its size, and no `JSON.parse` of
//! the whole reply: that is what makes a page of 1,000 operations fast.
//! `value`s are views of one copy of the payload bytes per call (as
//! protobuf-es's are views of the response).

mod tape;

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

use crate::bindings::payload::Payloads;
use crate::proto::google::longrunning::{ListOperationsResponse, Operation};
use crate::proto::google::rpc;
use tape::Tape;

#[wasm_bindgen(inline_js = r#"
// A number's two words (little-endian, as wasm and every browser's host).
const number = new Float64Array(1);
const words = new Int32Array(number.buffer);

export function fromTape(ints, text, wasmBytes, kind) {
  const bytes = wasmBytes.slice();
  let k = 0;
  const str = () => {
    const at = ints[k];
    k += 2;
    return text.substring(at, at + ints[k - 1]);
  };
  const json = () => {
    const tag = ints[k++];
    if (tag < 3) return tag ? tag == 2 : null;
    if (tag == 3) {
      words[0] = ints[k++];
      words[1] = ints[k++];
      return number[0];
    }
    if (tag == 4) return str();
    if (tag == 5) return many(json);
    // fromEntries defines each key, "__proto__" too, as JSON.parse does.
    return Object.fromEntries(many(() => [str(), json()]));
  };
  const any = () => {
    const a = { typeUrl: str(), value: bytes.subarray(ints[k], ints[k] + ints[k + 1]) };
    k += 2;
    switch (ints[k++]) {
      case 2: a.decodeError = str(); break;
      case 3: a.decoded = json(); break;
    }
    return a;
  };
  const many = (read) => {
    const out = new Array(ints[k++]);
    for (let i = 0; i < out.length; i++) out[i] = read();
    return out;
  };
  const status = () => ({ code: ints[k++], codeName: str(), message: str(), details: many(any) });
  const operation = () => {
    const op = { name: str(), done: false };
    const flags = ints[k++];
    op.done = (flags & 8) !== 0;
    if (flags & 1) op.metadata = any();
    if (flags & 2) op.error = status();
    if (flags & 4) op.response = any();
    return op;
  };
  switch (kind) {
    case 0: return any();
    case 1: return status();
    case 2: return operation();
    case 3: return { operations: many(operation), nextPageToken: str() };
    default: return many(any);
  }
}
"#)]
extern "C" {
    /// The objects a tape describes (see [`tape`]).
    #[wasm_bindgen(js_name = fromTape)]
    fn from_tape(ints: &[i32], text: &str, bytes: &[u8], kind: u8) -> JsValue;
}

/// What a tape holds at its top.
#[derive(Clone, Copy)]
enum Kind {
    Any = 0,
    Status = 1,
    Operation = 2,
    List = 3,
    AnyList = 4,
}

/// Writes with `write`, then makes the JS objects.
fn finish(types: &Payloads, kind: Kind, write: impl FnOnce(&mut Tape)) -> JsValue {
    let mut tape = Tape::new(types);
    write(&mut tape);
    from_tape(&tape.ints, &tape.text, &tape.bytes, kind as u8)
}

pub use crate::core::error::code_name;

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
/// the type the published operations.proto names for a method that returns
/// no data on success. So a done
/// operation always has exactly one of `error` and `response`.
///
/// Payloads of another type than `types` declares are not decoded.
pub fn operation(op: &Operation, types: &Payloads) -> JsValue {
    finish(types, Kind::Operation, |t| t.operation(op))
}

/// `ListOperationsResponse` as `{ operations, nextPageToken }`.
pub fn list(response: &ListOperationsResponse, types: &Payloads) -> JsValue {
    finish(types, Kind::List, |t| t.list(response))
}

/// An LRO method's payload types as `{ responseType, metadataType }`.
#[cfg(feature = "registry")]
pub fn operation_types(types: &crate::bindings::registry::OperationTypes) -> JsValue {
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
