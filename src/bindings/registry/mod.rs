//! The type registry (feature `registry`): the message types of serialized
//! `FileDescriptorSet`s, decoded with prost-reflect to their proto3 JSON form,
//! and the `google.longrunning.operation_info` option of their methods.

use prost::Message;
use prost_reflect::{DescriptorPool, DynamicMessage, MethodDescriptor, SerializeOptions, Value};
use serde::Serializer;
use wasm_bindgen::JsValue;

use crate::core::wkt::type_name;
use crate::core::Error;

#[cfg(test)]
mod tests;

/// The extension that declares an LRO method's payload types.
const OPERATION_INFO: &str = "google.longrunning.operation_info";
/// What an LRO method returns.
const OPERATION: &str = "google.longrunning.Operation";

/// Message types registered from descriptor sets. Cloning is cheap (the pool
/// is shared until changed).
#[derive(Clone, Default)]
pub struct Registry {
    pool: DescriptorPool,
}

/// The payload types of an LRO method, as full message names.
#[derive(Debug, PartialEq)]
pub struct OperationTypes {
    /// The type of the operation's `response`.
    pub response: String,
    /// The type of the operation's `metadata`.
    pub metadata: String,
}

impl Registry {
    /// Adds every file of a serialized `FileDescriptorSet` (as written by
    /// `protoc --include_imports --descriptor_set_out` or `buf build -o`);
    /// files already registered under the same name are kept as they were.
    /// A malformed or incomplete set changes nothing.
    pub fn register(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let malformed = |why: String| invalid(format!("not a valid FileDescriptorSet: {why}"));
        // prost-reflect 0.16.5 panics (an index out of bounds while labelling
        // the error) on a file whose syntax it does not know, such as
        // "editions": refuse those first. Found by tests/fuzz.rs.
        let set =
            prost_types::FileDescriptorSet::decode(bytes).map_err(|e| malformed(e.to_string()))?;
        let unknown = set
            .file
            .iter()
            .find(|f| !matches!(f.syntax.as_deref(), None | Some("proto2" | "proto3")));
        if let Some(file) = unknown {
            return Err(malformed(format!(
                "{} has syntax {:?}; the registry reads proto2 and proto3 files only",
                file.name(),
                file.syntax()
            )));
        }
        self.pool
            .decode_file_descriptor_set(bytes)
            .map_err(|e| malformed(e.to_string()))
    }

    /// The payload decoded as the message its type URL names: `None` for a
    /// type not registered, `Some(Err(why))` for bytes that do not decode.
    pub fn decode(&self, type_url: &str, bytes: &[u8]) -> Option<Result<DynamicMessage, String>> {
        let message = self.pool.get_message_by_name(type_name(type_url))?;
        Some(DynamicMessage::decode(message, bytes).map_err(|e| e.to_string()))
    }

    /// The payload's proto3 JSON form as a JS value (see [`Registry::decode`]).
    pub fn to_js(&self, type_url: &str, bytes: &[u8]) -> Option<Result<JsValue, String>> {
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        let message = self.decode(type_url, bytes)?;
        Some(message.and_then(|m| json(&m, &serializer).map_err(|e| e.to_string())))
    }

    /// The response and metadata types of `method` ("lro.demo.v1.Jobs.StartJob"
    /// or "/lro.demo.v1.Jobs/StartJob"), from its `operation_info` option. Short
    /// names resolve as protobuf names do, from the method's package outwards.
    pub fn operation_types(&self, method: &str) -> Result<OperationTypes, Error> {
        let found = self.method(method)?;
        let full = found.full_name();
        if found.output().full_name() != OPERATION {
            return Err(invalid(format!(
                "{full} returns {}, not {OPERATION}",
                found.output().full_name()
            )));
        }
        let missing = || invalid(format!("{full} has no {OPERATION_INFO} option"));
        let extension = self
            .pool
            .get_extension_by_name(OPERATION_INFO)
            .ok_or_else(missing)?;
        let options = found.options();
        if !options.has_extension(&extension) {
            return Err(missing());
        }
        let info = options.get_extension(&extension);
        let field = |name: &str| -> Result<String, Error> {
            let value = info.as_message().and_then(|m| m.get_field_by_name(name));
            let short = value.as_deref().and_then(Value::as_str).unwrap_or("");
            if short.is_empty() {
                return Err(invalid(format!("{full}'s {OPERATION_INFO} has no {name}")));
            }
            self.resolve(short, found.parent_file().package_name()).ok_or_else(|| {
                invalid(format!(
                    "{full}'s {OPERATION_INFO}.{name} is {short:?}, which names no registered message"
                ))
            })
        };
        Ok(OperationTypes {
            response: field("response_type")?,
            metadata: field("metadata_type")?,
        })
    }

    fn method(&self, name: &str) -> Result<MethodDescriptor, Error> {
        let path = name.trim_start_matches('/').replace('/', ".");
        let (service, method) = path.rsplit_once('.').ok_or_else(|| {
            invalid(format!(
                "{name:?} is not a method name such as \"pkg.Service.Method\""
            ))
        })?;
        self.pool
            .get_service_by_name(service)
            .and_then(|s| s.methods().find(|m| m.name() == method))
            .ok_or_else(|| invalid(format!("no registered service has a method {path}")))
    }

    /// A message name as written in `package`: relative names are looked up in
    /// the package, then in each enclosing one; a leading `.` means absolute.
    fn resolve(&self, name: &str, package: &str) -> Option<String> {
        if let Some(absolute) = name.strip_prefix('.') {
            return self.known(absolute.to_owned());
        }
        let mut scope = package;
        loop {
            let candidate = match scope {
                "" => name.to_owned(),
                _ => format!("{scope}.{name}"),
            };
            if let Some(found) = self.known(candidate) {
                return Some(found);
            }
            if scope.is_empty() {
                return None;
            }
            scope = scope.rsplit_once('.').map_or("", |(outer, _)| outer);
        }
    }

    fn known(&self, name: String) -> Option<String> {
        self.pool.get_message_by_name(&name).map(|_| name)
    }
}

/// A decoded message in proto3 JSON form, through any serde serializer:
/// camelCase names, 64-bit integers as strings, enums by name, unset fields
/// left out, well-known types in their JSON forms.
pub fn json<S: Serializer>(message: &DynamicMessage, serializer: S) -> Result<S::Ok, S::Error> {
    message.serialize_with_options(serializer, &SerializeOptions::new())
}

fn invalid(message: String) -> Error {
    Error::InvalidArgument(message)
}
