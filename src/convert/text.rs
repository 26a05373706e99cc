//! The JSON text of the objects the client hands to JS, written natively in
//! one pass. What JSON cannot carry goes beside it: every `value`'s bytes in
//! one buffer (the text holds `[offset, length]`), and `decoded` values with
//! fractional numbers (the text holds their index as `decodedRef`), so that no
//! float is ever formatted here.

use crate::json::Json;
use crate::payload::{mismatch, Decoded, Payloads};
use crate::proto::google::longrunning::{operation, ListOperationsResponse, Operation};
use crate::proto::google::rpc;

use super::{code_name, empty};

#[cfg(test)]
mod tests;

/// JSON text and what goes beside it.
pub struct Text<'a> {
    /// The JSON text.
    pub json: String,
    /// The payload bytes that `value`s point into.
    pub bytes: Vec<u8>,
    /// `decoded` values the text does not hold (see `decodedRef`).
    pub side: Vec<Decoded>,
    types: &'a Payloads,
}

impl<'a> Text<'a> {
    /// An empty text, decoding payloads with `types`.
    pub fn new(types: &'a Payloads) -> Text<'a> {
        Text {
            json: String::new(),
            bytes: Vec::new(),
            side: Vec::new(),
            types,
        }
    }

    fn raw(&mut self, text: &str) {
        self.json.push_str(text);
    }

    /// An integer, written without `core::fmt` (the hot path of a page
    /// of operations writes two per payload).
    fn int(&mut self, n: i64) {
        if n < 0 {
            self.json.push('-');
        }
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        let mut rest = n.unsigned_abs();
        loop {
            at -= 1;
            digits[at] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        for &digit in &digits[at..] {
            self.json.push(char::from(digit));
        }
    }

    /// A JSON string literal.
    pub fn string(&mut self, s: &str) {
        self.json.reserve(s.len() + 2);
        self.json.push('"');
        let mut from = 0;
        for (i, b) in s.bytes().enumerate() {
            let escape = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                0..=0x1f => "",
                _ => continue,
            };
            // `from` and `i` are at ASCII bytes, so `get` always succeeds;
            // unlike indexing it brings in no panic path.
            self.json.push_str(s.get(from..i).unwrap_or_default());
            if escape.is_empty() {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                self.json.push_str("\\u00");
                self.json.push(HEX[usize::from(b >> 4)] as char);
                self.json.push(HEX[usize::from(b & 15)] as char);
            } else {
                self.json.push_str(escape);
            }
            from = i + 1;
        }
        self.json.push_str(s.get(from..).unwrap_or_default());
        self.json.push('"');
    }

    fn key(&mut self, key: &str, first: bool) {
        if !first {
            self.raw(",");
        }
        self.raw("\"");
        self.raw(key);
        self.raw("\":");
    }

    /// A JSON value, if it holds only whole numbers; false otherwise.
    fn json_value(&mut self, value: &Json) -> bool {
        match value {
            Json::Null => self.raw("null"),
            Json::Bool(b) => self.raw(if *b { "true" } else { "false" }),
            Json::Number(n) if n.fract() == 0.0 && n.abs() < 9e15 => self.int(*n as i64),
            Json::Number(_) => return false,
            Json::String(s) => self.string(s),
            Json::Array(items) => {
                self.raw("[");
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.raw(",");
                    }
                    if !self.json_value(item) {
                        return false;
                    }
                }
                self.raw("]");
            }
            Json::Object(members) => {
                self.raw("{");
                for (i, (key, item)) in members.iter().enumerate() {
                    if i > 0 {
                        self.raw(",");
                    }
                    self.string(key);
                    self.raw(":");
                    if !self.json_value(item) {
                        return false;
                    }
                }
                self.raw("}");
            }
        }
        true
    }

    /// `{ typeUrl, value, decoded? | decodedRef?, decodeError? }`; a payload
    /// of another type than `expected` is not decoded.
    pub fn any(&mut self, any: &prost_types::Any, expected: Option<&str>, what: &str) {
        self.raw("{\"typeUrl\":");
        self.string(&any.type_url);
        self.raw(",\"value\":[");
        self.int(self.bytes.len() as i64);
        self.raw(",");
        self.int(any.value.len() as i64);
        self.raw("]");
        self.bytes.extend_from_slice(&any.value);
        let decoded = match mismatch(any, expected, what) {
            Some(why) => Some(Err(why)),
            None => self.types.decode(&any.type_url, &any.value),
        };
        match decoded {
            Some(Ok(decoded)) => {
                let mark = self.json.len();
                self.raw(",\"decoded\":");
                let inline = matches!(&decoded, Decoded::Json(json) if self.json_value(json));
                if !inline {
                    self.json.truncate(mark);
                    self.raw(",\"decodedRef\":");
                    self.int(self.side.len() as i64);
                    self.side.push(decoded);
                }
            }
            Some(Err(why)) => {
                self.raw(",\"decodeError\":");
                self.string(&why);
            }
            None => {}
        }
        self.raw("}");
    }

    /// A JSON array of `Any`s.
    pub fn any_list(&mut self, list: &[prost_types::Any]) {
        self.raw("[");
        for (i, any) in list.iter().enumerate() {
            if i > 0 {
                self.raw(",");
            }
            self.any(any, None, "");
        }
        self.raw("]");
    }

    /// `{ code, codeName, message, details }`.
    pub fn status(&mut self, status: &rpc::Status) {
        self.raw("{\"code\":");
        self.int(i64::from(status.code));
        self.raw(",\"codeName\":\"");
        self.raw(code_name(status.code));
        self.raw("\",\"message\":");
        self.string(&status.message);
        self.raw(",\"details\":");
        self.any_list(&status.details);
        self.raw("}");
    }

    /// `{ name, done, metadata?, error? | response? }` (see [`super::operation`]).
    pub fn operation(&mut self, op: &Operation) {
        let types = self.types;
        let expected = types.expected();
        self.raw("{\"name\":");
        self.string(&op.name);
        self.key("done", false);
        self.raw(if op.done { "true" } else { "false" });
        if let Some(metadata) = &op.metadata {
            self.key("metadata", false);
            self.any(metadata, expected.metadata.as_deref(), "the metadata");
        }
        let response = expected.response.as_deref();
        match (&op.result, op.done) {
            (Some(operation::Result::Error(error)), _) => {
                self.key("error", false);
                self.status(error);
            }
            (Some(operation::Result::Response(r)), _) => {
                self.key("response", false);
                self.any(r, response, "the response");
            }
            (None, true) => {
                self.key("response", false);
                self.any(&empty(), response, "the response");
            }
            (None, false) => {}
        }
        self.raw("}");
    }

    /// `{ operations, nextPageToken }`.
    pub fn list(&mut self, list: &ListOperationsResponse) {
        self.raw("{\"operations\":[");
        for (i, op) in list.operations.iter().enumerate() {
            if i > 0 {
                self.raw(",");
            }
            self.operation(op);
        }
        self.raw("],\"nextPageToken\":");
        self.string(&list.next_page_token);
        self.raw("}");
    }
}
