//! The proto3 JSON form of `google.protobuf.Any` payloads, for the
//! types every client knows without setup: the well-known types and the
//! google.rpc error details (and google.rpc.Status).
//!
//! Table-driven: one wire-format reader ([`wire`]) and a table of fields per
//! message type ([`schema`]), not a prost-derived decoder per type, which
//! keeps the wasm small.

mod schema;
use std::sync::atomic::{AtomicU32, Ordering::Relaxed};

use crate::core::codec::wire;

use crate::core::base64;
use crate::core::json::Json;
use crate::core::sort::sorted;
use crate::core::text::{text, zero_padded};
use schema::{Field, Ty};
use wire::type_name;
use wire::{fields, seconds_nanos, Wire};

/// Seconds of 0001-01-01T00:00:00Z and of 9999-12-31T23:59:59Z: a Timestamp's range.
const TIMESTAMP_SECONDS: std::ops::RangeInclusive<i64> = -62_135_596_800..=253_402_300_799;
/// A Duration's range in seconds, about 10,000 years either way.
const DURATION_SECONDS: std::ops::RangeInclusive<i64> = -315_576_000_000..=315_576_000_000;

/// Message types known beyond the ones here: what a nested Any of another
/// type decodes through (the type registry's).
pub trait Types {
    /// The proto3 JSON form of a message of the type `type_url` names: `None`
    /// for a type not known, `Some(Err(why))` for bytes that do not decode.
    fn to_json(&self, type_url: &str, bytes: &[u8]) -> Option<Result<Json, String>>;
}

/// No types beyond the ones here.
struct Builtin;

impl Types for Builtin {
    fn to_json(&self, _: &str, _: &[u8]) -> Option<Result<Json, String>> {
        None
    }
}

/// The proto3 JSON form of a payload: `None` for a type not known here,
/// `Some(Err(why))` for bytes that are not a valid message of the named type.
pub fn to_json(type_url: &str, bytes: &[u8]) -> Option<Result<Json, String>> {
    to_json_in(type_url, bytes, &Builtin)
}

/// [`to_json`], with nested Anys of a type not known here decoded through
/// `types`.
pub fn to_json_in(type_url: &str, bytes: &[u8], types: &dyn Types) -> Option<Result<Json, String>> {
    let name = type_name(type_url);
    let json = match name {
        "google.protobuf.Empty" => message(bytes, &[], types),
        "google.protobuf.Timestamp" => seconds_nanos(bytes).and_then(timestamp),
        "google.protobuf.Duration" => seconds_nanos(bytes).and_then(duration),
        "google.protobuf.FieldMask" => field_mask(bytes),
        "google.protobuf.Struct" => structure(bytes, 0),
        "google.protobuf.Value" => value(bytes, 0),
        "google.protobuf.ListValue" => list(bytes, 0),
        "google.protobuf.Any" => any(bytes, types),
        _ => {
            if let Some(ty) = schema::wrapper(name) {
                wrapper(bytes, ty)
            } else {
                message(bytes, schema::message(name)?, types)
            }
        }
    };
    Some(json)
}

/// The value of one field of type `ty`, and whether it is the type's default.
fn scalar(ty: Ty, wire: Wire, types: &dyn Types) -> Result<(Json, bool), String> {
    let json = match (ty, wire) {
        (Ty::Str, Wire::Len(b)) => return wire::string(b).map(|s| (Json::str(s), s.is_empty())),
        (Ty::Bytes, Wire::Len(b)) => (Json::str(base64::encode(b)), b.is_empty()),
        (Ty::Bool, Wire::Varint(n)) => (Json::Bool(n != 0), n == 0),
        (Ty::I32, Wire::Varint(n)) => (Json::Number(f64::from(n as i32)), n as i32 == 0),
        (Ty::U32, Wire::Varint(n)) => (Json::Number(f64::from(n as u32)), n as u32 == 0),
        (Ty::I64, Wire::Varint(n)) => (Json::str(text![n as i64]), n == 0),
        (Ty::U64, Wire::Varint(n)) => (Json::str(text![n]), n == 0),
        (Ty::Double, Wire::Fixed64(n)) => (float(f64::from_bits(n)), n == 0),
        (Ty::Float, Wire::Fixed32(n)) => (float(f64::from(f32::from_bits(n))), n == 0),
        (Ty::Msg(fields), Wire::Len(b)) => (message(b, fields, types)?, false),
        (Ty::Duration, Wire::Len(b)) => (seconds_nanos(b).and_then(duration)?, false),
        (Ty::Any, Wire::Len(b)) => (any(b, types)?, false),
        _ => return Err("a field has the wrong wire type for its type".to_owned()),
    };
    Ok(json)
}

/// What is known of one field while reading a message.
enum Slot {
    Unset,
    One(Json),
    Many(Vec<Json>),
    Map(Vec<(String, Json)>),
}

/// A message of the table `table`, as a JSON object in the table's order,
/// fields at their default value left out.
fn message(bytes: &[u8], table: &[Field], types: &dyn Types) -> Result<Json, String> {
    let mut slots: Vec<Slot> = table.iter().map(|_| Slot::Unset).collect();
    for field in fields(bytes) {
        let (number, wire) = field?;
        let Some(at) = table.iter().position(|f| f.number == number) else {
            continue;
        };
        let spec = &table[at];
        let slot = &mut slots[at];
        if spec.map {
            let entry = map_entry(wire)?;
            match slot {
                Slot::Map(entries) => entries.push(entry),
                _ => *slot = Slot::Map(vec![entry]),
            }
            continue;
        }
        let (json, default) = scalar(spec.ty, wire, types)?;
        match (spec.repeated, &mut *slot) {
            (true, Slot::Many(items)) => items.push(json),
            (true, _) => *slot = Slot::Many(vec![json]),
            (false, _) if default && !spec.optional => *slot = Slot::Unset,
            (false, _) => *slot = Slot::One(json),
        }
    }
    let mut members = Vec::new();
    for (spec, slot) in table.iter().zip(slots) {
        let json = match slot {
            Slot::Unset => continue,
            Slot::One(json) => json,
            Slot::Many(items) => Json::Array(items),
            Slot::Map(entries) => Json::Object(sorted(entries)),
        };
        members.push((spec.json.to_owned(), json));
    }
    Ok(Json::Object(members))
}

/// A `map<string, string>` entry.
fn map_entry(wire: Wire) -> Result<(String, Json), String> {
    let Wire::Len(bytes) = wire else {
        return Err("a map entry has the wrong wire type".to_owned());
    };
    let (mut key, mut value) = (String::new(), String::new());
    for field in fields(bytes) {
        match field? {
            (1, Wire::Len(b)) => key = wire::string(b)?.to_owned(),
            (2, Wire::Len(b)) => value = wire::string(b)?.to_owned(),
            (1 | 2, _) => return Err("a map entry has the wrong wire type".to_owned()),
            _ => {}
        }
    }
    Ok((key, Json::str(value)))
}

/// A wrapper type's value: its field 1, or the type's default.
fn wrapper(bytes: &[u8], ty: Ty) -> Result<Json, String> {
    let mut value = None;
    for field in fields(bytes) {
        if let (1, wire) = field? {
            value = Some(scalar(ty, wire, &Builtin)?.0);
        }
    }
    Ok(match value {
        Some(json) => json,
        None => scalar(ty, schema::default_wire(ty), &Builtin)?.0,
    })
}

/// `.5`, `.000001`, `.000000007`: 0, 3, 6 or 9 digits, as proto3 JSON writes them.
fn fraction(nanos: u32) -> String {
    match i64::from(nanos) {
        0 => String::new(),
        n if n % 1_000_000 == 0 => text!['.', zero_padded(n / 1_000_000, 3)],
        n if n % 1_000 == 0 => text!['.', zero_padded(n / 1_000, 6)],
        n => text!['.', zero_padded(n, 9)],
    }
}

/// Year, month and day of a count of days since 1970-01-01 (H. Hinnant's
/// civil_from_days).
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn timestamp((seconds, nanos): (i64, i32)) -> Result<Json, String> {
    if !TIMESTAMP_SECONDS.contains(&seconds) || !(0..1_000_000_000).contains(&nanos) {
        return Err(text![
            "Timestamp ",
            seconds,
            "s ",
            nanos,
            "ns is outside 0001..9999"
        ]);
    }
    let (days, secs) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (y, m, d) = civil(days);
    let (hh, mm, ss) = (secs / 3600, secs / 60 % 60, secs % 60);
    let frac = fraction(nanos as u32);
    Ok(Json::str(text![
        zero_padded(y, 4),
        '-',
        zero_padded(m, 2),
        '-',
        zero_padded(d, 2),
        'T',
        zero_padded(hh, 2),
        ':',
        zero_padded(mm, 2),
        ':',
        zero_padded(ss, 2),
        frac,
        'Z'
    ]))
}

fn duration((seconds, nanos): (i64, i32)) -> Result<Json, String> {
    let same_sign = (seconds >= 0 && nanos >= 0) || (seconds <= 0 && nanos <= 0);
    if !DURATION_SECONDS.contains(&seconds) || nanos.abs() >= 1_000_000_000 || !same_sign {
        return Err(text![
            "Duration ",
            seconds,
            "s ",
            nanos,
            "ns is not a valid duration"
        ]);
    }
    let sign = if seconds < 0 || nanos < 0 { "-" } else { "" };
    let frac = fraction(nanos.unsigned_abs());
    Ok(Json::str(text![sign, seconds.unsigned_abs(), frac, 's']))
}

fn field_mask(bytes: &[u8]) -> Result<Json, String> {
    let mut paths = String::new();
    for field in fields(bytes) {
        if let (1, wire) = field? {
            let Wire::Len(b) = wire else {
                return Err("paths has the wrong wire type".to_owned());
            };
            if !paths.is_empty() {
                paths.push(',');
            }
            camel(wire::string(b)?, &mut paths);
        }
    }
    Ok(Json::str(paths))
}

/// Appends `path` in lowerCamelCase to `out`.
pub fn camel(path: &str, out: &mut String) {
    let mut upper = false;
    for c in path.chars() {
        match c {
            '_' => upper = true,
            // Field names are ASCII identifiers.
            c if upper => {
                out.push(c.to_ascii_uppercase());
                upper = false;
            }
            c => out.push(c),
        }
    }
}

/// A float's JSON: a number, or "NaN", "Infinity", "-Infinity".
pub fn float(n: f64) -> Json {
    match n {
        n if n.is_nan() => Json::str("NaN"),
        n if n == f64::INFINITY => Json::str("Infinity"),
        n if n == f64::NEG_INFINITY => Json::str("-Infinity"),
        n => Json::Number(n),
    }
}

/// Why a payload is refused that nests Structs, Values and ListValues, or
/// Anys, deeper than prost allows.
const TOO_DEEP: &str = "values nest deeper than 100 levels";

/// One level further into a Struct, or an error past 100 levels (prost's
/// limit): no payload nests deep enough to exhaust the stack.
fn deeper(depth: u32) -> Result<u32, String> {
    if depth >= 100 {
        return Err(TOO_DEEP.to_owned());
    }
    Ok(depth + 1)
}

/// google.protobuf.Struct: `map<string, Value> fields = 1`.
fn structure(bytes: &[u8], depth: u32) -> Result<Json, String> {
    let mut members = Vec::new();
    for field in fields(bytes) {
        let entry = match field? {
            (1, Wire::Len(entry)) => entry,
            (1, _) => return Err("a Struct field has the wrong wire type".to_owned()),
            _ => continue,
        };
        let (mut key, mut val) = (String::new(), Json::Null);
        for part in fields(entry) {
            match part? {
                (1, Wire::Len(b)) => key = wire::string(b)?.to_owned(),
                (2, Wire::Len(b)) => val = value(b, deeper(depth)?)?,
                (1 | 2, _) => return Err("a Struct entry has the wrong wire type".to_owned()),
                _ => {}
            }
        }
        members.push((key, val));
    }
    Ok(Json::Object(sorted(members)))
}

/// google.protobuf.ListValue: `repeated Value values = 1`.
fn list(bytes: &[u8], depth: u32) -> Result<Json, String> {
    let mut items = Vec::new();
    for field in fields(bytes) {
        match field? {
            (1, Wire::Len(b)) => items.push(value(b, deeper(depth)?)?),
            (1, _) => return Err("a ListValue field has the wrong wire type".to_owned()),
            _ => {}
        }
    }
    Ok(Json::Array(items))
}

/// google.protobuf.Value: a oneof of null, number, string, bool, struct, list.
fn value(bytes: &[u8], depth: u32) -> Result<Json, String> {
    let mut json = Json::Null;
    for field in fields(bytes) {
        json = match field? {
            (1, Wire::Varint(_)) => Json::Null,
            (2, Wire::Fixed64(n)) if f64::from_bits(n).is_finite() => {
                Json::Number(f64::from_bits(n))
            }
            // Not formatted with {n}: float formatting would add kilobytes to the wasm.
            (2, Wire::Fixed64(_)) => {
                return Err("Value holds NaN or an infinity, which JSON cannot".into())
            }
            (3, Wire::Len(b)) => Json::str(wire::string(b)?),
            (4, Wire::Varint(n)) => Json::Bool(n != 0),
            (5, Wire::Len(b)) => structure(b, deeper(depth)?)?,
            (6, Wire::Len(b)) => list(b, deeper(depth)?)?,
            (1..=6, _) => return Err("a Value field has the wrong wire type".to_owned()),
            _ => continue,
        };
    }
    Ok(json)
}

/// Types whose JSON form is not an object: a nested Any holds them as `value`.
fn has_special_form(name: &str) -> bool {
    let Some(short) = name.strip_prefix("google.protobuf.") else {
        return false;
    };
    matches!(
        short,
        "Any" | "Timestamp" | "Duration" | "FieldMask" | "Struct" | "Value" | "ListValue"
    ) || schema::wrapper(name).is_some()
}

/// Adds `by` to the count of nested Anys being decoded on this thread; the
/// count before. The wasm runs one thread, where a static is smallest (see
/// README, Size, for what a `thread_local!` would add); natively, where
/// tests run in parallel, each thread counts its own.
fn nested_anys(by: i32) -> u32 {
    #[cfg(target_arch = "wasm32")]
    {
        static NESTED: AtomicU32 = AtomicU32::new(0);
        NESTED.fetch_add(by as u32, Relaxed)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        thread_local!(static NESTED: AtomicU32 = const { AtomicU32::new(0) });
        NESTED.with(|nested| nested.fetch_add(by as u32, Relaxed))
    }
}

/// A nested google.protobuf.Any: the message's fields beside `@type`.
fn any(bytes: &[u8], types: &dyn Types) -> Result<Json, String> {
    let (mut type_url, mut value) = ("", &[][..]);
    for field in fields(bytes) {
        match field? {
            (1, Wire::Len(b)) => type_url = wire::string(b)?,
            (2, Wire::Len(b)) => value = b,
            (1 | 2, _) => return Err("an Any field has the wrong wire type".to_owned()),
            _ => {}
        }
    }
    let name = type_name(type_url);
    // Anys within Anys (or within the Statuses they hold) count their own
    // levels: at most 100, as Structs.
    let inner = match nested_anys(1) >= 100 {
        true => Some(Err(TOO_DEEP.to_owned())),
        false => to_json_in(type_url, value, types).or_else(|| types.to_json(type_url, value)),
    };
    nested_anys(-1);
    let inner = inner.ok_or_else(|| text!["nested Any of a type not known here: ", name])??;
    let mut members = vec![("@type".to_owned(), Json::str(type_url))];
    match inner {
        Json::Object(fields) if !has_special_form(name) => members.extend(fields),
        other => members.push(("value".to_owned(), other)),
    }
    Ok(Json::Object(members))
}

#[cfg(test)]
mod tests;
