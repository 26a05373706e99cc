//! The objects the client hands to JS, written natively as a tape: a list
//! of integers, one text holding every string, and the payload bytes. The
//! reader in [`super`]'s inline JS walks the tape once and builds the objects
//! with object literals: no `JSON.parse` of the whole reply, no crossing of
//! the wasm boundary per property, one copy of the payload bytes. `decoded`
//! values, the built-in types' and the type registry's, are on the tape too,
//! as JSON.
//!
//! The grammar (each item is one or more `i32`s of [`Tape::ints`]):
//!
//! ```text
//! string    = start len              (UTF-16 units of `text`)
//! any       = string(typeUrl) at len (bytes of `bytes`) extra
//! extra     = 0                      (nothing decoded)
//!           | 2 string               (`decodeError`)
//!           | 3 json                 (`decoded`)
//! json      = 0 | 1 | 2              (null, false, true)
//!           | 3 low high             (a number: the f64's bits, low word first)
//!           | 4 string
//!           | 5 count json*          (an array)
//!           | 6 count (string json)* (an object; "__proto__" an own key)
//! status    = code string(codeName) string(message) count any*
//! operation = string(name) flags [any(metadata)] [status(error)] [any(response)]
//!             (flags: 1 metadata, 2 error, 4 response, 8 done)
//! list      = count operation* string(nextPageToken)
//! anys      = count any*
//! ```

use crate::bindings::payload::{mismatch, Payloads};
use crate::core::json::Json;
use crate::proto::google::longrunning::{operation, ListOperationsResponse, Operation};
use crate::proto::google::rpc;

use super::code_name;

#[cfg(test)]
mod tests;

const METADATA: i32 = 1;
const ERROR: i32 = 2;
const RESPONSE: i32 = 4;
const DONE: i32 = 8;

/// The tape.
pub struct Tape<'a> {
    /// The items (see the module's grammar).
    pub ints: Vec<i32>,
    /// Every string, one after the other.
    pub text: String,
    /// The length of `text` in UTF-16 units, as JS counts.
    utf16: usize,
    /// The payload bytes that `any`s point into.
    pub bytes: Vec<u8>,
    types: &'a Payloads,
}

/// An offset or a count as a tape item. Replies are far below 2 GiB (the
/// largest frame is `maxResponseBytes`), so this never saturates in practice.
fn item(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

impl<'a> Tape<'a> {
    /// An empty tape, decoding payloads with `types`.
    pub fn new(types: &'a Payloads) -> Tape<'a> {
        Tape {
            ints: Vec::new(),
            text: String::new(),
            utf16: 0,
            bytes: Vec::new(),
            types,
        }
    }

    /// A string: its place in `text`.
    pub fn string(&mut self, s: &str) {
        let len = if s.is_ascii() {
            s.len()
        } else {
            s.encode_utf16().count()
        };
        self.ints.extend([item(self.utf16), item(len)]);
        self.text.push_str(s);
        self.utf16 += len;
    }

    /// `{ typeUrl, value, decoded? | decodeError? }`; a payload of another
    /// type than `expected` is not decoded.
    pub fn any(&mut self, any: &prost_types::Any, expected: Option<&str>, what: &str) {
        self.string(&any.type_url);
        self.ints
            .extend([item(self.bytes.len()), item(any.value.len())]);
        self.bytes.extend_from_slice(&any.value);
        let decoded = match mismatch(any, expected, what) {
            Some(why) => Some(Err(why)),
            None => self.types.to_json(&any.type_url, &any.value),
        };
        match decoded {
            Some(Ok(json)) => {
                self.ints.push(3);
                self.json(&json);
            }
            Some(Err(why)) => {
                self.ints.push(2);
                self.string(&why);
            }
            None => self.ints.push(0),
        }
    }

    /// A JSON value (see the grammar).
    pub fn json(&mut self, json: &Json) {
        match json {
            Json::Null => self.ints.push(0),
            Json::Bool(b) => self.ints.push(1 + i32::from(*b)),
            Json::Number(n) => {
                let bits = n.to_bits();
                self.ints.extend([3, bits as i32, (bits >> 32) as i32]);
            }
            Json::String(s) => {
                self.ints.push(4);
                self.string(s);
            }
            Json::Array(items) => {
                self.ints.extend([5, item(items.len())]);
                items.iter().for_each(|i| self.json(i));
            }
            Json::Object(members) => {
                self.ints.extend([6, item(members.len())]);
                for (key, value) in members {
                    self.string(key);
                    self.json(value);
                }
            }
        }
    }

    /// A list of `Any`s.
    pub fn any_list(&mut self, list: &[prost_types::Any]) {
        self.ints.push(item(list.len()));
        for any in list {
            self.any(any, None, "");
        }
    }

    /// `{ code, codeName, message, details }`.
    pub fn status(&mut self, status: &rpc::Status) {
        self.ints.push(status.code);
        self.string(code_name(status.code));
        self.string(&status.message);
        self.any_list(&status.details);
    }

    /// `{ name, done, metadata?, error? | response? }` (see [`super::operation`]).
    pub fn operation(&mut self, op: &Operation) {
        let expected = self.types.expected();
        let (metadata_type, response_type) =
            (expected.metadata.as_deref(), expected.response.as_deref());
        self.string(&op.name);
        // Built only for a done operation without a result, not per operation.
        let empty;
        let (error, response) = match (&op.result, op.done) {
            (Some(operation::Result::Error(error)), _) => (Some(error), None),
            (Some(operation::Result::Response(r)), _) => (None, Some(r)),
            (None, true) => {
                empty = crate::core::codec::empty();
                (None, Some(&empty))
            }
            (None, false) => (None, None),
        };
        let flags = [
            (op.metadata.is_some(), METADATA),
            (error.is_some(), ERROR),
            (response.is_some(), RESPONSE),
            (op.done, DONE),
        ];
        let flags = flags.iter().filter(|(set, _)| *set).map(|(_, f)| f).sum();
        self.ints.push(flags);
        if let Some(metadata) = &op.metadata {
            self.any(metadata, metadata_type, "the metadata");
        }
        if let Some(error) = error {
            self.status(error);
        }
        if let Some(response) = response {
            self.any(response, response_type, "the response");
        }
    }

    /// `{ operations, nextPageToken }`.
    pub fn list(&mut self, list: &ListOperationsResponse) {
        self.ints.push(item(list.operations.len()));
        for op in &list.operations {
            self.operation(op);
        }
        self.string(&list.next_page_token);
    }
}
