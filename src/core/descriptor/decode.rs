//! A payload of a registered type to its proto3 JSON form, walked with the
//! [`Pool`]'s tables: camelCase (or `json_name`) names, 64-bit integers as
//! strings, enums by name (unknown values as numbers; NullValue as `null`), fields without
//! presence left out at their default, maps as objects, the well-known types
//! in their own forms (by [`wkt`]), nested Anys with `@type`.

use super::{FieldType, Kind, Pool};
use crate::core::base64;
use crate::core::codec::wire::type_name;
use crate::core::codec::wire::{self, fields, Wire};
use crate::core::json::Json;
use crate::core::sort::sorted;
use crate::core::text::text;
use crate::core::wkt;

/// How deep messages may nest, as prost's decoder allows.
const DEPTH: u32 = 100;

type Result<T> = std::result::Result<T, String>;

impl Pool {
    /// The proto3 JSON form of a payload of the registered type its URL
    /// names: `None` for a type not registered, `Some(Err(why))` for bytes
    /// that do not decode.
    pub fn to_json(&self, type_url: &str, bytes: &[u8]) -> Option<Result<Json>> {
        let index = self.message(type_name(type_url))?;
        Some(self.decode(index, bytes, 0))
    }

    /// A message of type `index` found `depth` messages down.
    fn decode(&self, index: u32, bytes: &[u8], depth: u32) -> Result<Json> {
        if depth > DEPTH {
            return Err(text!["messages nest deeper than ", DEPTH, " levels"]);
        }
        let message = &self.messages[index as usize];
        if message.name.starts_with("google.protobuf.") {
            let nested = Nested { pool: self, depth };
            if let Some(json) = wkt::to_json_in(&message.name, bytes, &nested) {
                return json;
            }
        }
        self.fields(&message.fields, bytes, depth)
    }

    fn fields(&self, table: &[FieldType], bytes: &[u8], depth: u32) -> Result<Json> {
        let mut slots: Vec<Slot> = table.iter().map(|_| Slot::Unset).collect();
        for field in fields(bytes) {
            let (number, wire) = field?;
            let Some(at) = table.iter().position(|f| f.number == number) else {
                continue;
            };
            let spec = &table[at];
            if let Some(oneof) = spec.oneof {
                // Setting one member of a oneof clears the others.
                for (other, slot) in table.iter().zip(&mut slots) {
                    if other.oneof == Some(oneof) && other.number != number {
                        // A message replaced is still read, as prost reads
                        // it: broken bytes are an error wherever they are.
                        if let (Slot::Parts(parts), Kind::Message(m)) = (&*slot, other.kind) {
                            self.merged(m, parts, depth + 1)?;
                        }
                        *slot = Slot::Unset;
                    }
                }
            }
            let slot = &mut slots[at];
            match (spec.kind, wire) {
                (Kind::Group, _) => {
                    return Err(text![spec.json, " is a group, which is not supported"])
                }
                (Kind::Message(m), Wire::Len(b)) if spec.map => {
                    let entry = self.entry(m, b, depth)?;
                    match slot {
                        Slot::Map(entries) => entries.push(entry),
                        _ => *slot = Slot::Map(vec![entry]),
                    }
                }
                (Kind::Message(m), Wire::Len(b)) if spec.repeated => {
                    slot.push(self.decode(m, b, depth + 1)?);
                }
                // A message seen again merges with what came before: its
                // parts are read as one.
                (Kind::Message(_), Wire::Len(b)) => match slot {
                    Slot::Parts(parts) => parts.push(b),
                    _ => *slot = Slot::Parts(vec![b]),
                },
                (kind, Wire::Len(b)) if spec.repeated && packable(kind) => {
                    for wire in packed(kind, b)? {
                        slot.push(self.scalar(kind, wire)?.0);
                    }
                }
                (kind, wire) => {
                    let (json, default) = self.scalar(kind, wire)?;
                    match spec.repeated {
                        true => slot.push(json),
                        false if default && !spec.presence => *slot = Slot::Unset,
                        false => *slot = Slot::One(json),
                    }
                }
            }
        }
        let mut members = Vec::new();
        for (spec, slot) in table.iter().zip(slots) {
            let json = match slot {
                Slot::Unset => continue,
                Slot::One(json) => json,
                Slot::Parts(parts) => match spec.kind {
                    Kind::Message(m) => self.merged(m, &parts, depth + 1)?,
                    _ => continue,
                },
                Slot::Many(items) => Json::Array(items),
                Slot::Map(entries) => Json::Object(sorted(entries)),
            };
            members.push((spec.json.clone(), json));
        }
        Ok(Json::Object(members))
    }

    /// A message of type `index` sent in parts, merged: read as the parts
    /// one after the other, once each part is known to be whole (a broken
    /// part must not swallow the next).
    fn merged(&self, index: u32, parts: &[&[u8]], depth: u32) -> Result<Json> {
        if let [one] = parts {
            return self.decode(index, one, depth);
        }
        for part in parts {
            for field in fields(part) {
                field?;
            }
        }
        self.decode(index, &parts.concat(), depth)
    }

    /// A map entry of type `index`: its key as JSON names it, and its value
    /// (the value type's default when left out).
    fn entry(&self, index: u32, bytes: &[u8], depth: u32) -> Result<(String, Json)> {
        let table = &self.messages[index as usize].fields;
        let json = self.fields(table, bytes, depth)?;
        let Json::Object(mut members) = json else {
            return Ok((String::new(), json));
        };
        let (key_spec, value_spec) = match table.as_slice() {
            [a, b] if a.number == 1 => (a, b),
            [a, b] => (b, a),
            _ => return Err("a map entry type without a key and a value".to_owned()),
        };
        let mut take = |spec: &FieldType| {
            let at = members.iter().position(|(name, _)| *name == spec.json);
            at.map(|at| members.swap_remove(at).1)
        };
        let key = match take(key_spec) {
            Some(Json::String(key)) => key,
            Some(Json::Bool(b)) => if b { "true" } else { "false" }.to_owned(),
            // A 32-bit integer: exact in an f64.
            Some(Json::Number(n)) => text![n as i64],
            // Left out, or at its default in proto3.
            _ => match key_spec.kind {
                Kind::String => "",
                Kind::Bool => "false",
                _ => "0",
            }
            .to_owned(),
        };
        let value = match take(value_spec) {
            Some(value) => value,
            None => match value_spec.kind {
                Kind::Message(m) => self.decode(m, &[], depth + 1)?,
                Kind::Enum(e) => {
                    let first = self.enums[e as usize].values.first().map_or(0, |v| v.0);
                    self.scalar(value_spec.kind, Wire::Varint(first as u64))?.0
                }
                kind => self.scalar(kind, default_wire(kind))?.0,
            },
        };
        Ok((key, value))
    }

    /// The JSON of one value of a non-message kind, and whether it is the
    /// kind's default.
    fn scalar(&self, kind: Kind, wire: Wire) -> Result<(Json, bool)> {
        let number = |n: f64| (Json::Number(n), n == 0.0);
        let long = |n: i64| (Json::str(text![n]), n == 0);
        Ok(match (kind, wire) {
            (Kind::Double, Wire::Fixed64(n)) => {
                (wkt::float(f64::from_bits(n)), f64::from_bits(n) == 0.0)
            }
            (Kind::Float, Wire::Fixed32(n)) => {
                let f = f64::from(f32::from_bits(n));
                (wkt::float(f), f == 0.0)
            }
            (Kind::Int32, Wire::Varint(n)) => number(f64::from(n as i32)),
            (Kind::Uint32, Wire::Varint(n)) => number(f64::from(n as u32)),
            (Kind::Sint32, Wire::Varint(n)) => number(zigzag(u64::from(n as u32)) as f64),
            (Kind::Fixed32, Wire::Fixed32(n)) => number(f64::from(n)),
            (Kind::Sfixed32, Wire::Fixed32(n)) => number(f64::from(n as i32)),
            (Kind::Int64, Wire::Varint(n)) => long(n as i64),
            (Kind::Sint64, Wire::Varint(n)) => long(zigzag(n)),
            (Kind::Sfixed64, Wire::Fixed64(n)) => long(n as i64),
            (Kind::Uint64, Wire::Varint(n)) | (Kind::Fixed64, Wire::Fixed64(n)) => {
                (Json::str(text![n]), n == 0)
            }
            (Kind::Bool, Wire::Varint(n)) => (Json::Bool(n != 0), n == 0),
            (Kind::String, Wire::Len(b)) => {
                let s = wire::string(b)?;
                (Json::str(s), s.is_empty())
            }
            (Kind::Bytes, Wire::Len(b)) => (Json::str(base64::encode(b)), b.is_empty()),
            (Kind::Enum(e), Wire::Varint(n)) => {
                let enumeration = &self.enums[e as usize];
                let values = &enumeration.values;
                let n = n as i32;
                let default = values.first().map_or(0, |(first, _)| *first);
                let json = match values.iter().find(|(v, _)| *v == n) {
                    _ if enumeration.null => Json::Null,
                    Some((_, name)) => Json::str(name.as_str()),
                    None => Json::Number(f64::from(n)),
                };
                (json, n == default)
            }
            _ => return Err("a field has the wrong wire type for its type".to_owned()),
        })
    }
}

/// Decodes a nested Any of a registered type for [`wkt`], one level down.
struct Nested<'a> {
    pool: &'a Pool,
    depth: u32,
}

impl wkt::Types for Nested<'_> {
    fn to_json(&self, type_url: &str, bytes: &[u8]) -> Option<Result<Json>> {
        let index = self.pool.message(type_name(type_url))?;
        Some(self.pool.decode(index, bytes, self.depth + 1))
    }
}

/// What is known of one field while reading a message.
enum Slot<'a> {
    Unset,
    One(Json),
    /// A message's parts, merged when read.
    Parts(Vec<&'a [u8]>),
    Many(Vec<Json>),
    Map(Vec<(String, Json)>),
}

impl Slot<'_> {
    fn push(&mut self, json: Json) {
        match self {
            Slot::Many(items) => items.push(json),
            _ => *self = Slot::Many(vec![json]),
        }
    }
}

/// A zigzag-encoded integer (sint64; sint32 from its low 32 bits, as prost reads it).
fn zigzag(n: u64) -> i64 {
    (n >> 1) as i64 ^ -((n & 1) as i64)
}

/// Kinds a packed list may hold: the numbers, bools and enums.
fn packable(kind: Kind) -> bool {
    !matches!(
        kind,
        Kind::String | Kind::Bytes | Kind::Message(_) | Kind::Group
    )
}

/// The wire value of a kind's default.
fn default_wire(kind: Kind) -> Wire<'static> {
    match kind {
        Kind::Double | Kind::Fixed64 | Kind::Sfixed64 => Wire::Fixed64(0),
        Kind::Float | Kind::Fixed32 | Kind::Sfixed32 => Wire::Fixed32(0),
        Kind::String | Kind::Bytes | Kind::Message(_) | Kind::Group => Wire::Len(&[]),
        _ => Wire::Varint(0),
    }
}

/// The values of a packed list of `kind`.
fn packed(kind: Kind, mut bytes: &[u8]) -> Result<Vec<Wire<'static>>> {
    let mut out = Vec::new();
    let size = match default_wire(kind) {
        Wire::Fixed64(_) => 8,
        Wire::Fixed32(_) => 4,
        _ => 0,
    };
    if size > 0 && bytes.len() % size != 0 {
        return Err("a packed list ends inside a value".to_owned());
    }
    while !bytes.is_empty() {
        out.push(match size {
            8 => {
                let (head, tail) = bytes.split_at(8);
                bytes = tail;
                let mut b = [0; 8];
                b.copy_from_slice(head);
                Wire::Fixed64(u64::from_le_bytes(b))
            }
            4 => {
                let (head, tail) = bytes.split_at(4);
                bytes = tail;
                let mut b = [0; 4];
                b.copy_from_slice(head);
                Wire::Fixed32(u32::from_le_bytes(b))
            }
            _ => Wire::Varint(wire::varint(&mut bytes)?),
        });
    }
    Ok(out)
}
