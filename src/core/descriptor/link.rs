//! A set's files added to a [`Pool`]: every message and enum named first,
//! then each field's type resolved to a table index, and the set refused as
//! a whole when anything is missing or wrong.

use super::read::{self, File};
use super::{EnumType, FieldType, Kind, MessageType, MethodType, Pool, Symbol};
use crate::core::sort::heapsort;
use crate::core::text::text;
use crate::core::wkt::camel;

/// Field numbers go from 1 to 2^29 - 1.
const MAX_FIELD: i32 = (1 << 29) - 1;

type Result<T> = std::result::Result<T, String>;

/// Adds the files of a serialized set that are not registered yet; on an
/// error, `pool` is left part-built (the caller throws it away).
pub fn add(pool: &mut Pool, bytes: &[u8]) -> Result<()> {
    let mut files = read::set(bytes)?;
    files.retain(|f| !pool.has_file(&f.name));
    for (i, file) in files.iter().enumerate() {
        if files[..i].iter().any(|f| f.name == file.name) {
            return Err(text![file.name, " is in the set twice"]);
        }
        if !matches!(file.syntax.as_str(), "" | "proto2" | "proto3") {
            return Err(text![
                file.name,
                " has syntax \"",
                file.syntax,
                "\"; the registry reads proto2 and proto3 files only"
            ]);
        }
        for dependency in &file.dependencies {
            if !pool.has_file(dependency) && !files.iter().any(|f| &f.name == dependency) {
                return Err(text![
                    file.name,
                    " imports ",
                    dependency,
                    ", which is neither registered nor in the set"
                ]);
            }
        }
    }
    // First every name, so that fields can point at types declared later.
    let first = pool.messages.len();
    for file in &files {
        declare(pool, &file.package, &file.messages, &file.enums)?;
    }
    heapsort(&mut pool.names, |a, b| a.0 < b.0);
    if let Some(twice) = pool.names.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(text![twice[0].0, " is defined twice"]);
    }
    let mut next = first;
    for file in &files {
        let proto3 = file.syntax == "proto3";
        for message in &file.messages {
            fields(pool, &mut next, message, proto3)?;
        }
        for service in &file.services {
            let scope = join(&file.package, &service.name);
            for method in &service.methods {
                let name = join(&scope, &method.name);
                let output = pool
                    .resolve_message(&method.output, &scope)
                    .ok_or_else(|| {
                        text![name, " returns \"", method.output, "\", not a message"]
                    })?;
                pool.methods.push(MethodType {
                    name,
                    output,
                    package: file.package.clone(),
                    operation_info: method.operation_info.clone(),
                });
            }
        }
    }
    pool.files.extend(files.into_iter().map(|f: File| f.name));
    Ok(())
}

fn join(scope: &str, name: &str) -> String {
    match scope {
        "" => name.to_owned(),
        _ => text![scope, '.', name],
    }
}

/// Names (and adds, without fields) the messages and enums of `scope`.
fn declare(
    pool: &mut Pool,
    scope: &str,
    messages: &[read::Message],
    enums: &[read::Enum],
) -> Result<()> {
    for enumeration in enums {
        let index = pool.enums.len() as u32;
        let values = enumeration.values.iter().map(|(n, v)| (*v, n.clone()));
        let name = join(scope, &enumeration.name);
        pool.enums.push(EnumType {
            values: values.collect(),
            null: name == "google.protobuf.NullValue",
        });
        pool.names.push((name, Symbol::Enum(index)));
    }
    for message in messages {
        let name = join(scope, &message.name);
        if message.name.is_empty() {
            return Err(text!["a message in \"", scope, "\" has no name"]);
        }
        let index = pool.messages.len() as u32;
        pool.messages.push(MessageType {
            name: name.clone(),
            fields: Vec::new(),
            map_entry: message.map_entry,
        });
        pool.names.push((name.clone(), Symbol::Message(index)));
        declare(pool, &name, &message.messages, &message.enums)?;
    }
    Ok(())
}

/// Fills in the fields of `message` (at index `*next`) and of the messages
/// inside it, in the order [`declare`] added them.
fn fields(pool: &mut Pool, next: &mut usize, message: &read::Message, proto3: bool) -> Result<()> {
    let at = *next;
    *next += 1;
    let scope = pool.messages[at].name.clone();
    let mut table = Vec::with_capacity(message.fields.len());
    for field in &message.fields {
        let name = || text![scope, '.', field.name];
        if !(1..=MAX_FIELD).contains(&field.number) {
            return Err(text![name(), " has number ", field.number]);
        }
        if table
            .iter()
            .any(|f: &FieldType| f.number == field.number as u32)
        {
            return Err(text![name(), " reuses number ", field.number]);
        }
        let oneof = match field.oneof {
            Some(i) if i < 0 || i as u32 >= message.oneofs => {
                return Err(text![name(), " is in a oneof that is not declared"])
            }
            other => other.map(|i| i as u32),
        };
        let kind = kind(pool, field, &scope).ok_or_else(|| {
            text![
                name(),
                " has type ",
                field.ty,
                " \"",
                field.type_name,
                "\", which is not registered"
            ]
        })?;
        let repeated = field.label == 3;
        let map =
            repeated && matches!(kind, Kind::Message(m) if pool.messages[m as usize].map_entry);
        let presence = field.proto3_optional
            || oneof.is_some()
            || (!repeated && (matches!(kind, Kind::Message(_) | Kind::Group) || !proto3));
        table.push(FieldType {
            number: field.number as u32,
            json: field
                .json_name
                .clone()
                .unwrap_or_else(|| json_name(&field.name)),
            kind,
            repeated,
            map,
            presence,
            oneof,
        });
    }
    pool.messages[at].fields = table;
    for inner in &message.messages {
        fields(pool, next, inner, proto3)?;
    }
    if message.map_entry {
        let entry = &pool.messages[at];
        let has = |n| entry.fields.iter().any(|f| f.number == n && !f.repeated);
        // Keys are integers, bools or strings.
        let key = entry.fields.iter().find(|f| f.number == 1).map(|f| f.kind);
        let bad_key = matches!(
            key,
            Some(
                Kind::Double
                    | Kind::Float
                    | Kind::Bytes
                    | Kind::Message(_)
                    | Kind::Group
                    | Kind::Enum(_)
            )
        );
        if !has(1) || !has(2) || entry.fields.len() != 2 || bad_key {
            return Err(text![
                scope,
                " is a map entry without a valid key and a value"
            ]);
        }
    }
    Ok(())
}

/// A field's kind, with its message or enum type resolved from `scope`.
fn kind(pool: &Pool, field: &read::Field, scope: &str) -> Option<Kind> {
    Some(match field.ty {
        1 => Kind::Double,
        2 => Kind::Float,
        3 => Kind::Int64,
        4 => Kind::Uint64,
        5 => Kind::Int32,
        6 => Kind::Fixed64,
        7 => Kind::Fixed32,
        8 => Kind::Bool,
        9 => Kind::String,
        12 => Kind::Bytes,
        13 => Kind::Uint32,
        15 => Kind::Sfixed32,
        16 => Kind::Sfixed64,
        17 => Kind::Sint32,
        18 => Kind::Sint64,
        // A group, a message, an enum, or (type left out) whichever the name is.
        0 | 10 | 11 | 14 => match (field.ty, pool.resolve(&field.type_name, scope)?.1) {
            (10, Symbol::Message(_)) => Kind::Group,
            (0 | 11, Symbol::Message(m)) => Kind::Message(m),
            (0 | 14, Symbol::Enum(e)) => Kind::Enum(e),
            _ => return None,
        },
        _ => return None,
    })
}

/// The JSON name protoc gives a field: lowerCamelCase.
fn json_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    camel(name, &mut out);
    out
}
