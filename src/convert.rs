//! Protobuf messages to plain JS objects, by hand, following the proto3 JSON
//! names (camelCase). Unset fields are left out, never `null`.

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::JsValue;

use crate::payload::{mismatch, Payloads};
use crate::proto::google::longrunning::{operation, ListOperationsResponse, Operation};
use crate::proto::google::rpc::{self, Code};

/// Type URL of `google.protobuf.Empty`, the response of an operation that is
/// done with neither `error` nor `response` (see [`operation`]).
pub const EMPTY_TYPE_URL: &str = "type.googleapis.com/google.protobuf.Empty";

fn set(object: &Object, key: &str, value: &JsValue) {
    // Defining a data property on a plain, fresh object cannot fail.
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}

/// The `google.rpc.Code` name of a numeric code; codes outside the enum read
/// as `"UNKNOWN"` (the numeric `code` is kept as it came).
pub fn code_name(code: i32) -> &'static str {
    Code::try_from(code).unwrap_or(Code::Unknown).as_str_name()
}

/// `google.protobuf.Any` as `{ typeUrl, value, decoded?, decodeError? }`:
/// `decoded` is the proto3 JSON form when the type is known here;
/// `decodeError` says why bytes of a known type did not decode.
pub fn any(any: &prost_types::Any, types: &Payloads) -> JsValue {
    any_as(any, types, None, "")
}

/// [`any`] of a payload declared to be of type `expected`: one of another
/// type is not decoded, and `decodeError` names both types.
fn any_as(any: &prost_types::Any, types: &Payloads, expected: Option<&str>, what: &str) -> JsValue {
    let object = Object::new();
    set(&object, "typeUrl", &JsValue::from_str(&any.type_url));
    set(&object, "value", &Uint8Array::from(any.value.as_slice()));
    let decoded = match mismatch(any, expected, what) {
        Some(why) => Some(Err(why)),
        None => types.decode(&any.type_url, &any.value),
    };
    match decoded {
        Some(Ok(json)) => set(&object, "decoded", &json),
        Some(Err(why)) => set(&object, "decodeError", &JsValue::from_str(&why)),
        None => {}
    }
    object.into()
}

/// A list of `google.protobuf.Any`, as an array.
pub fn any_list(list: &[prost_types::Any], types: &Payloads) -> JsValue {
    list.iter().map(|a| any(a, types)).collect::<Array>().into()
}

/// `google.rpc.Status` as `{ code, codeName, message, details }`.
pub fn status(status: &rpc::Status, types: &Payloads) -> JsValue {
    let object = Object::new();
    set(&object, "code", &JsValue::from(status.code));
    set(
        &object,
        "codeName",
        &JsValue::from_str(code_name(status.code)),
    );
    set(&object, "message", &JsValue::from_str(&status.message));
    set(&object, "details", &any_list(&status.details, types));
    object.into()
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
    let object = Object::new();
    let expected = types.expected();
    set(&object, "name", &JsValue::from_str(&op.name));
    set(&object, "done", &JsValue::from_bool(op.done));
    if let Some(metadata) = &op.metadata {
        let metadata = any_as(
            metadata,
            types,
            expected.metadata.as_deref(),
            "the metadata",
        );
        set(&object, "metadata", &metadata);
    }
    let response =
        |r: &prost_types::Any| any_as(r, types, expected.response.as_deref(), "the response");
    match (&op.result, op.done) {
        (Some(operation::Result::Error(error)), _) => set(&object, "error", &status(error, types)),
        (Some(operation::Result::Response(r)), _) => set(&object, "response", &response(r)),
        (None, true) => set(&object, "response", &response(&empty())),
        (None, false) => {}
    }
    object.into()
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
    let object = Object::new();
    let operations: Array = response
        .operations
        .iter()
        .map(|op| operation(op, types))
        .collect();
    set(&object, "operations", &operations);
    set(
        &object,
        "nextPageToken",
        &JsValue::from_str(&response.next_page_token),
    );
    object.into()
}

/// An LRO method's payload types as `{ responseType, metadataType }`.
#[cfg(feature = "registry")]
pub fn operation_types(types: &crate::registry::OperationTypes) -> JsValue {
    let object = Object::new();
    set(&object, "responseType", &JsValue::from_str(&types.response));
    set(&object, "metadataType", &JsValue::from_str(&types.metadata));
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
