//! The Operations service's messages on the wire, read and written by hand
//! over [`wire`]: the structs are prost's (generated in
//! [`crate::proto`]), the encoding is not, so the wasm carries no prost
//! runtime and no `bytes` crate. Eight small messages make this cheaper than
//! a generic codec. Reading follows protobuf's rules: unknown fields are
//! skipped, a repeated scalar keeps its last value, a repeated message field
//! merges, a known field of the wrong wire type is an error.

use prost_types::{Any, Duration};

mod retry_info;
pub mod wire;

pub use retry_info::retry_delay;

use crate::proto::google::longrunning::{
    operation, CancelOperationRequest, DeleteOperationRequest, GetOperationRequest,
    ListOperationsRequest, ListOperationsResponse, Operation, WaitOperationRequest,
};
use crate::proto::google::rpc::Status;
use wire::{fields, Wire};

/// The type URL of `google.protobuf.Empty`.
pub const EMPTY_TYPE_URL: &str = "type.googleapis.com/google.protobuf.Empty";

/// An empty `google.protobuf.Empty`, packed: the response of a done
/// operation that reports none.
pub fn empty() -> Any {
    Any {
        type_url: EMPTY_TYPE_URL.to_owned(),
        value: Vec::new(),
    }
}

/// A message that can be written in the protobuf wire format.
pub trait Encode {
    /// Appends the message's fields to `out`, in field-number order (as
    /// protoc and prost write them), defaults left out.
    fn encode(&self, out: &mut Vec<u8>);

    /// The message's bytes.
    fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.encode(&mut out);
        out
    }
}

/// A message that can be read from the protobuf wire format.
pub trait Decode: Default {
    /// Merges the fields in `bytes` into `self`.
    fn merge(&mut self, bytes: &[u8]) -> Result<(), String>;

    /// The message in `bytes`, or why they are not one.
    fn decode(bytes: &[u8]) -> Result<Self, String> {
        let mut message = Self::default();
        message.merge(bytes)?;
        Ok(message)
    }
}

fn varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn key(out: &mut Vec<u8>, number: u32, wire_type: u8) {
    varint(out, u64::from(number << 3 | u32::from(wire_type)));
}

fn len_field(out: &mut Vec<u8>, number: u32, bytes: &[u8]) {
    key(out, number, 2);
    varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

fn string(out: &mut Vec<u8>, number: u32, value: &str) {
    if !value.is_empty() {
        len_field(out, number, value.as_bytes());
    }
}

/// An int32 or int64: negative values are sign-extended to ten bytes.
fn int(out: &mut Vec<u8>, number: u32, value: i64) {
    if value != 0 {
        key(out, number, 0);
        varint(out, value as u64);
    }
}

fn message(out: &mut Vec<u8>, number: u32, value: &impl Encode) {
    len_field(out, number, &value.to_bytes());
}

/// Reads a string field.
fn text(wire: Wire) -> Result<String, String> {
    match wire {
        Wire::Len(bytes) => wire::string(bytes).map(str::to_owned),
        _ => Err(wrong_type()),
    }
}

/// Merges a message field into `slot`.
fn merge_into<M: Decode>(slot: &mut M, wire: Wire) -> Result<(), String> {
    match wire {
        Wire::Len(bytes) => slot.merge(bytes),
        _ => Err(wrong_type()),
    }
}

/// Reads an int32, bool or other varint field.
fn number(wire: Wire) -> Result<u64, String> {
    match wire {
        Wire::Varint(n) => Ok(n),
        _ => Err(wrong_type()),
    }
}

fn wrong_type() -> String {
    "a field has the wrong wire type for its type".to_owned()
}

impl Encode for Duration {
    fn encode(&self, out: &mut Vec<u8>) {
        int(out, 1, self.seconds);
        int(out, 2, i64::from(self.nanos));
    }
}

impl Encode for Any {
    fn encode(&self, out: &mut Vec<u8>) {
        string(out, 1, &self.type_url);
        if !self.value.is_empty() {
            len_field(out, 2, &self.value);
        }
    }
}

impl Decode for Any {
    fn merge(&mut self, bytes: &[u8]) -> Result<(), String> {
        for field in fields(bytes) {
            match field? {
                (1, wire) => self.type_url = text(wire)?,
                (2, Wire::Len(value)) => self.value = value.to_vec(),
                (2, _) => return Err(wrong_type()),
                _ => {}
            }
        }
        Ok(())
    }
}

impl Encode for Status {
    fn encode(&self, out: &mut Vec<u8>) {
        int(out, 1, i64::from(self.code));
        string(out, 2, &self.message);
        for detail in &self.details {
            message(out, 3, detail);
        }
    }
}

impl Decode for Status {
    fn merge(&mut self, bytes: &[u8]) -> Result<(), String> {
        for field in fields(bytes) {
            match field? {
                (1, wire) => self.code = number(wire)? as i32,
                (2, wire) => self.message = text(wire)?,
                (3, wire) => {
                    let mut detail = Any::default();
                    merge_into(&mut detail, wire)?;
                    self.details.push(detail);
                }
                _ => {}
            }
        }
        Ok(())
    }
}

impl Encode for Operation {
    fn encode(&self, out: &mut Vec<u8>) {
        string(out, 1, &self.name);
        if let Some(metadata) = &self.metadata {
            message(out, 2, metadata);
        }
        int(out, 3, i64::from(self.done));
        match &self.result {
            Some(operation::Result::Error(status)) => message(out, 4, status),
            Some(operation::Result::Response(response)) => message(out, 5, response),
            None => {}
        }
    }
}

impl Decode for Operation {
    fn merge(&mut self, bytes: &[u8]) -> Result<(), String> {
        use operation::Result::{Error, Response};
        for field in fields(bytes) {
            match field? {
                (1, wire) => self.name = text(wire)?,
                (2, wire) => merge_into(self.metadata.get_or_insert_with(Any::default), wire)?,
                (3, wire) => self.done = number(wire)? != 0,
                // A oneof: a field of the other case replaces the value.
                (4, wire) => match &mut self.result {
                    Some(Error(status)) => merge_into(status, wire)?,
                    result => *result = Some(Error(decoded(wire)?)),
                },
                (5, wire) => match &mut self.result {
                    Some(Response(any)) => merge_into(any, wire)?,
                    result => *result = Some(Response(decoded(wire)?)),
                },
                _ => {}
            }
        }
        Ok(())
    }
}

/// A message field read into a new message.
fn decoded<M: Decode>(wire: Wire) -> Result<M, String> {
    let mut message = M::default();
    merge_into(&mut message, wire)?;
    Ok(message)
}

impl Encode for ListOperationsResponse {
    fn encode(&self, out: &mut Vec<u8>) {
        for operation in &self.operations {
            message(out, 1, operation);
        }
        string(out, 2, &self.next_page_token);
    }
}

impl Decode for ListOperationsResponse {
    fn merge(&mut self, bytes: &[u8]) -> Result<(), String> {
        for field in fields(bytes) {
            match field? {
                (1, wire) => self.operations.push(decoded(wire)?),
                (2, wire) => self.next_page_token = text(wire)?,
                _ => {}
            }
        }
        Ok(())
    }
}

/// google.protobuf.Empty, the reply of CancelOperation and DeleteOperation:
/// any fields it has are unknown ones, skipped.
impl Decode for () {
    fn merge(&mut self, bytes: &[u8]) -> Result<(), String> {
        fields(bytes).try_for_each(|field| field.map(drop))
    }
}

/// The requests that hold only the operation's name (field 1).
macro_rules! name_only {
    ($($request:ty),*) => {$(
        impl Encode for $request {
            fn encode(&self, out: &mut Vec<u8>) {
                string(out, 1, &self.name);
            }
        }
    )*};
}

name_only!(
    GetOperationRequest,
    CancelOperationRequest,
    DeleteOperationRequest
);

impl Encode for ListOperationsRequest {
    fn encode(&self, out: &mut Vec<u8>) {
        string(out, 1, &self.filter);
        int(out, 2, i64::from(self.page_size));
        string(out, 3, &self.page_token);
        string(out, 4, &self.name);
    }
}

impl Encode for WaitOperationRequest {
    fn encode(&self, out: &mut Vec<u8>) {
        string(out, 1, &self.name);
        if let Some(timeout) = &self.timeout {
            message(out, 2, timeout);
        }
    }
}

#[cfg(test)]
mod tests;
