//! A serialized `google.protobuf.FileDescriptorSet`, read with the wire
//! reader into the few parts of its files that decoding to JSON needs:
//! messages, their fields and oneofs, enums, and the methods of services
//! with their `google.longrunning.operation_info` option.

use crate::core::codec::wire::{self, fields, Wire};

/// The `google.longrunning.operation_info` extension of `MethodOptions`.
const OPERATION_INFO: u32 = 1049;

/// One `FileDescriptorProto`.
#[derive(Default)]
pub struct File {
    /// Its path, such as `google/rpc/status.proto`.
    pub name: String,
    /// Its package, such as `google.rpc`, or empty.
    pub package: String,
    /// The paths of the files it imports.
    pub dependencies: Vec<String>,
    /// `proto2`, `proto3`, `editions`, or empty (proto2).
    pub syntax: String,
    /// Its top-level messages.
    pub messages: Vec<Message>,
    /// Its top-level enums.
    pub enums: Vec<Enum>,
    /// Its services.
    pub services: Vec<Service>,
}

/// One `DescriptorProto`.
#[derive(Default)]
pub struct Message {
    /// Its short name.
    pub name: String,
    /// Its fields, in declaration order.
    pub fields: Vec<Field>,
    /// The messages declared inside it.
    pub messages: Vec<Message>,
    /// The enums declared inside it.
    pub enums: Vec<Enum>,
    /// How many oneofs it declares.
    pub oneofs: u32,
    /// `option map_entry`: the entry type of a map field.
    pub map_entry: bool,
}

/// One `FieldDescriptorProto`.
#[derive(Default)]
pub struct Field {
    /// Its name, such as `elapsed_ms`.
    pub name: String,
    /// Its number.
    pub number: i32,
    /// `LABEL_OPTIONAL` 1, `LABEL_REQUIRED` 2, `LABEL_REPEATED` 3.
    pub label: i32,
    /// Its `FieldDescriptorProto.Type` (0 when left to `type_name`).
    pub ty: i32,
    /// The message or enum it holds, for those types.
    pub type_name: String,
    /// The oneof it is part of.
    pub oneof: Option<i32>,
    /// Its JSON name, when the file gives one.
    pub json_name: Option<String>,
    /// proto3 `optional`.
    pub proto3_optional: bool,
}

/// One `EnumDescriptorProto`.
#[derive(Default)]
pub struct Enum {
    /// Its short name.
    pub name: String,
    /// Its values' names and numbers, in declaration order.
    pub values: Vec<(String, i32)>,
}

/// One `ServiceDescriptorProto`.
#[derive(Default)]
pub struct Service {
    /// Its short name.
    pub name: String,
    /// Its methods.
    pub methods: Vec<Method>,
}

/// One `MethodDescriptorProto`.
#[derive(Default)]
pub struct Method {
    /// Its short name.
    pub name: String,
    /// The message type it returns, as the file writes it.
    pub output: String,
    /// Its `operation_info` option: `response_type` and `metadata_type`, as
    /// the file writes them.
    pub operation_info: Option<(String, String)>,
}

type Result<T> = std::result::Result<T, String>;

fn text(wire: Wire) -> Result<String> {
    match wire {
        Wire::Len(bytes) => wire::string(bytes).map(str::to_owned),
        _ => Err(wrong()),
    }
}

fn int(wire: Wire) -> Result<i32> {
    match wire {
        Wire::Varint(n) => Ok(n as i32),
        _ => Err(wrong()),
    }
}

fn len(wire: Wire<'_>) -> Result<&[u8]> {
    match wire {
        Wire::Len(bytes) => Ok(bytes),
        _ => Err(wrong()),
    }
}

fn wrong() -> String {
    "a field has the wrong wire type".to_owned()
}

/// The files of a serialized `FileDescriptorSet`.
pub fn set(bytes: &[u8]) -> Result<Vec<File>> {
    let mut files = Vec::new();
    for field in fields(bytes) {
        if let (1, wire) = field? {
            files.push(file(len(wire)?)?);
        }
    }
    Ok(files)
}

fn file(bytes: &[u8]) -> Result<File> {
    let mut file = File::default();
    for field in fields(bytes) {
        match field? {
            (1, w) => file.name = text(w)?,
            (2, w) => file.package = text(w)?,
            (3, w) => file.dependencies.push(text(w)?),
            (4, w) => file.messages.push(message(len(w)?)?),
            (5, w) => file.enums.push(enumeration(len(w)?)?),
            (6, w) => file.services.push(service(len(w)?)?),
            (12, w) => file.syntax = text(w)?,
            _ => {}
        }
    }
    Ok(file)
}

fn message(bytes: &[u8]) -> Result<Message> {
    let mut message = Message::default();
    for field in fields(bytes) {
        match field? {
            (1, w) => message.name = text(w)?,
            (2, w) => message.fields.push(field_proto(len(w)?)?),
            (3, w) => message.messages.push(self::message(len(w)?)?),
            (4, w) => message.enums.push(enumeration(len(w)?)?),
            (7, w) => {
                for option in fields(len(w)?) {
                    if let (7, w) = option? {
                        message.map_entry = int(w)? != 0;
                    }
                }
            }
            (8, w) => {
                len(w)?;
                message.oneofs += 1;
            }
            _ => {}
        }
    }
    Ok(message)
}

fn field_proto(bytes: &[u8]) -> Result<Field> {
    let mut field = Field::default();
    for part in fields(bytes) {
        match part? {
            (1, w) => field.name = text(w)?,
            (3, w) => field.number = int(w)?,
            (4, w) => field.label = int(w)?,
            (5, w) => field.ty = int(w)?,
            (6, w) => field.type_name = text(w)?,
            (9, w) => field.oneof = Some(int(w)?),
            (10, w) => field.json_name = Some(text(w)?),
            (17, w) => field.proto3_optional = int(w)? != 0,
            _ => {}
        }
    }
    Ok(field)
}

fn enumeration(bytes: &[u8]) -> Result<Enum> {
    let mut enumeration = Enum::default();
    for field in fields(bytes) {
        match field? {
            (1, w) => enumeration.name = text(w)?,
            (2, w) => {
                let (mut name, mut number) = (String::new(), 0);
                for part in fields(len(w)?) {
                    match part? {
                        (1, w) => name = text(w)?,
                        (2, w) => number = int(w)?,
                        _ => {}
                    }
                }
                enumeration.values.push((name, number));
            }
            _ => {}
        }
    }
    Ok(enumeration)
}

fn service(bytes: &[u8]) -> Result<Service> {
    let mut service = Service::default();
    for field in fields(bytes) {
        match field? {
            (1, w) => service.name = text(w)?,
            (2, w) => service.methods.push(method(len(w)?)?),
            _ => {}
        }
    }
    Ok(service)
}

fn method(bytes: &[u8]) -> Result<Method> {
    let mut method = Method::default();
    for field in fields(bytes) {
        match field? {
            (1, w) => method.name = text(w)?,
            (3, w) => method.output = text(w)?,
            (4, w) => {
                for option in fields(len(w)?) {
                    if let (OPERATION_INFO, w) = option? {
                        method.operation_info = Some(operation_info(len(w)?)?);
                    }
                }
            }
            _ => {}
        }
    }
    Ok(method)
}

/// `google.longrunning.OperationInfo`: `response_type` 1, `metadata_type` 2.
fn operation_info(bytes: &[u8]) -> Result<(String, String)> {
    let (mut response, mut metadata) = (String::new(), String::new());
    for field in fields(bytes) {
        match field? {
            (1, w) => response = text(w)?,
            (2, w) => metadata = text(w)?,
            _ => {}
        }
    }
    Ok((response, metadata))
}
