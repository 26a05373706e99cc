//! Message types from serialized `FileDescriptorSet`s, and their payloads
//! decoded to proto3 JSON by those descriptors: the type registry's core.
//!
//! [`read`] reads a set with the wire reader; [`link`] adds its files to a
//! [`Pool`], tables with owned storage whose types point at each other by
//! index; [`decode`] walks a payload with them, handing the well-known types
//! to [`crate::core::wkt`].

mod decode;
mod link;
mod read;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

use crate::core::text::text;
use crate::core::Error;

/// The extension that declares an LRO method's payload types.
const OPERATION_INFO: &str = "google.longrunning.operation_info";
/// What an LRO method returns.
const OPERATION: &str = "google.longrunning.Operation";

/// Registered message and enum types, by index.
#[derive(Clone, Default)]
pub struct Pool {
    /// The registered files' paths.
    files: Vec<String>,
    messages: Vec<MessageType>,
    enums: Vec<EnumType>,
    methods: Vec<MethodType>,
    /// Every message and enum by full name, sorted by name.
    names: Vec<(String, Symbol)>,
}

/// A message or an enum: its index in [`Pool`]'s tables.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Symbol {
    Message(u32),
    Enum(u32),
}

/// A field's type, as far as decoding goes.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Double,
    Float,
    Int64,
    Uint64,
    Int32,
    Fixed64,
    Fixed32,
    Bool,
    String,
    Group,
    Message(u32),
    Bytes,
    Uint32,
    Enum(u32),
    Sfixed32,
    Sfixed64,
    Sint32,
    Sint64,
}

/// One message type.
#[derive(Clone)]
struct MessageType {
    /// Its full name, such as `lro.demo.v1.JobResult`.
    name: String,
    /// Its fields, in declaration order.
    fields: Vec<FieldType>,
    /// The entry type of a map field.
    map_entry: bool,
}

/// One field of a message type.
#[derive(Clone)]
struct FieldType {
    number: u32,
    /// Its proto3 JSON name.
    json: String,
    kind: Kind,
    repeated: bool,
    /// A map (a repeated field of a map entry type).
    map: bool,
    /// Set even at its default value: a message, a oneof member, proto3
    /// `optional`, any singular proto2 field.
    presence: bool,
    /// The oneof it is part of.
    oneof: Option<u32>,
}

/// One enum type.
#[derive(Clone)]
struct EnumType {
    /// Its values' numbers and names, in declaration order.
    values: Vec<(i32, String)>,
    /// google.protobuf.NullValue, whose values are all JSON's `null`.
    null: bool,
}

/// One method of a service.
#[derive(Clone)]
struct MethodType {
    /// `pkg.Service.Method`.
    name: String,
    /// The full name of the message it returns.
    output: String,
    /// The package of its file, where `operation_info`'s names resolve.
    package: String,
    /// `operation_info`'s `response_type` and `metadata_type` as written.
    operation_info: Option<(String, String)>,
}

/// The payload types of an LRO method, as full message names.
#[derive(Debug, PartialEq)]
pub struct OperationTypes {
    /// The type of the operation's `response`.
    pub response: String,
    /// The type of the operation's `metadata`.
    pub metadata: String,
}

fn invalid(message: String) -> Error {
    Error::InvalidArgument(message)
}

impl Pool {
    /// These types and every file of a serialized `FileDescriptorSet` (as
    /// written by `protoc --include_imports --descriptor_set_out` or `buf
    /// build -o`); files already registered under the same name are kept as
    /// they were. A malformed or incomplete set is refused as a whole.
    pub fn with(&self, bytes: &[u8]) -> Result<Pool, Error> {
        let mut pool = self.clone();
        link::add(&mut pool, bytes)
            .map_err(|why| invalid(text!["not a valid FileDescriptorSet: ", why]))?;
        Ok(pool)
    }

    /// Whether a file of this path is registered.
    pub fn has_file(&self, path: &str) -> bool {
        self.files.iter().any(|f| f == path)
    }

    fn symbol(&self, full_name: &str) -> Option<Symbol> {
        let at = self
            .names
            .binary_search_by(|(name, _)| name.as_str().cmp(full_name))
            .ok()?;
        Some(self.names[at].1)
    }

    /// The index of the message type of this full name.
    fn message(&self, full_name: &str) -> Option<u32> {
        match self.symbol(full_name)? {
            Symbol::Message(index) => Some(index),
            Symbol::Enum(_) => None,
        }
    }

    /// A type name as written in `scope` (a package or a message's full
    /// name): relative names are looked up in the scope, then in each
    /// enclosing one; a leading `.` means absolute.
    fn resolve(&self, name: &str, scope: &str) -> Option<(String, Symbol)> {
        if let Some(absolute) = name.strip_prefix('.') {
            return Some((absolute.to_owned(), self.symbol(absolute)?));
        }
        let mut scope = scope;
        loop {
            let candidate = match scope {
                "" => name.to_owned(),
                _ => text![scope, '.', name],
            };
            if let Some(found) = self.symbol(&candidate) {
                return Some((candidate, found));
            }
            if scope.is_empty() {
                return None;
            }
            // A byte search: `rsplit_once` brings a generic searcher into the wasm.
            let dot = scope.bytes().rposition(|b| b == b'.').unwrap_or(0);
            scope = scope.get(..dot).unwrap_or("");
        }
    }

    /// The full name of a message type named `name` in `package`.
    fn resolve_message(&self, name: &str, package: &str) -> Option<String> {
        match self.resolve(name, package)? {
            (full, Symbol::Message(_)) => Some(full),
            (_, Symbol::Enum(_)) => None,
        }
    }

    /// The response and metadata types of `method` ("lro.demo.v1.Jobs.StartJob"
    /// or "/lro.demo.v1.Jobs/StartJob"), from its `operation_info` option. Short
    /// names resolve as protobuf names do, from the method's package outwards.
    pub fn operation_types(&self, method: &str) -> Result<OperationTypes, Error> {
        // "/pkg.Service/Method" or "pkg.Service.Method": dots only.
        let dots = method.bytes().skip_while(|&b| b == b'/');
        let path: Vec<u8> = dots.map(|b| if b == b'/' { b'.' } else { b }).collect();
        let path = String::from_utf8(path).unwrap_or_default();
        if !path.bytes().any(|b| b == b'.') {
            return Err(invalid(text![
                '"',
                method,
                "\" is not a method name such as \"pkg.Service.Method\""
            ]));
        }
        let found = self
            .methods
            .iter()
            .find(|m| m.name == path)
            .ok_or_else(|| invalid(text!["no registered service has a method ", path]))?;
        let full = &found.name;
        if found.output != OPERATION {
            return Err(invalid(text![
                full,
                " returns ",
                found.output,
                ", not ",
                OPERATION
            ]));
        }
        let (response, metadata) = found
            .operation_info
            .as_ref()
            .ok_or_else(|| invalid(text![full, " has no ", OPERATION_INFO, " option"]))?;
        let field = |name: &str, short: &str| -> Result<String, Error> {
            if short.is_empty() {
                return Err(invalid(text![
                    full,
                    "'s ",
                    OPERATION_INFO,
                    " has no ",
                    name
                ]));
            }
            self.resolve_message(short, &found.package).ok_or_else(|| {
                invalid(text![
                    full,
                    "'s ",
                    OPERATION_INFO,
                    '.',
                    name,
                    " is \"",
                    short,
                    "\", which names no registered message"
                ])
            })
        };
        Ok(OperationTypes {
            response: field("response_type", response)?,
            metadata: field("metadata_type", metadata)?,
        })
    }
}
