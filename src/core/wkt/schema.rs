//! The field tables of the message types decoded without setup: google.rpc's
//! Status and error details (proto/google/rpc/*.proto), and the wrappers.

use super::wire::Wire;

/// A field's type, as far as its JSON form goes.
#[derive(Clone, Copy)]
pub enum Ty {
    /// `string`.
    Str,
    /// `bytes`: base64.
    Bytes,
    /// `bool`.
    Bool,
    /// `int32`: a number.
    I32,
    /// `uint32`: a number.
    U32,
    /// `int64`: a string.
    I64,
    /// `uint64`: a string.
    U64,
    /// `double`.
    Double,
    /// `float`.
    Float,
    /// A message of this table.
    Msg(&'static [Field]),
    /// google.protobuf.Duration.
    Duration,
    /// google.protobuf.Any.
    Any,
}

/// One field of a table.
pub struct Field {
    /// Its number.
    pub number: u32,
    /// Its proto3 JSON name.
    pub json: &'static str,
    /// Its type (of the values, for a map: `map<string, string>`).
    pub ty: Ty,
    /// `repeated`.
    pub repeated: bool,
    /// `map<string, string>`.
    pub map: bool,
    /// proto3 `optional`: present even at its default.
    pub optional: bool,
}

const fn one(number: u32, json: &'static str, ty: Ty) -> Field {
    Field {
        number,
        json,
        ty,
        repeated: false,
        map: false,
        optional: false,
    }
}

const fn many(number: u32, json: &'static str, ty: Ty) -> Field {
    Field {
        repeated: true,
        ..one(number, json, ty)
    }
}

const fn map(number: u32, json: &'static str) -> Field {
    Field {
        map: true,
        ..one(number, json, Ty::Str)
    }
}

const STATUS: &[Field] = &[
    one(1, "code", Ty::I32),
    one(2, "message", Ty::Str),
    many(3, "details", Ty::Any),
];
const ERROR_INFO: &[Field] = &[
    one(1, "reason", Ty::Str),
    one(2, "domain", Ty::Str),
    map(3, "metadata"),
];
const RETRY_INFO: &[Field] = &[one(1, "retryDelay", Ty::Duration)];
const DEBUG_INFO: &[Field] = &[many(1, "stackEntries", Ty::Str), one(2, "detail", Ty::Str)];
const QUOTA_VIOLATION: &[Field] = &[
    one(1, "subject", Ty::Str),
    one(2, "description", Ty::Str),
    one(3, "apiService", Ty::Str),
    one(4, "quotaMetric", Ty::Str),
    one(5, "quotaId", Ty::Str),
    map(6, "quotaDimensions"),
    one(7, "quotaValue", Ty::I64),
    Field {
        optional: true,
        ..one(8, "futureQuotaValue", Ty::I64)
    },
];
const QUOTA_FAILURE: &[Field] = &[many(1, "violations", Ty::Msg(QUOTA_VIOLATION))];
const PRECONDITION_VIOLATION: &[Field] = &[
    one(1, "type", Ty::Str),
    one(2, "subject", Ty::Str),
    one(3, "description", Ty::Str),
];
const PRECONDITION_FAILURE: &[Field] = &[many(1, "violations", Ty::Msg(PRECONDITION_VIOLATION))];
const LOCALIZED_MESSAGE: &[Field] = &[one(1, "locale", Ty::Str), one(2, "message", Ty::Str)];
const FIELD_VIOLATION: &[Field] = &[
    one(1, "field", Ty::Str),
    one(2, "description", Ty::Str),
    one(3, "reason", Ty::Str),
    one(4, "localizedMessage", Ty::Msg(LOCALIZED_MESSAGE)),
];
const BAD_REQUEST: &[Field] = &[many(1, "fieldViolations", Ty::Msg(FIELD_VIOLATION))];
const REQUEST_INFO: &[Field] = &[one(1, "requestId", Ty::Str), one(2, "servingData", Ty::Str)];
const RESOURCE_INFO: &[Field] = &[
    one(1, "resourceType", Ty::Str),
    one(2, "resourceName", Ty::Str),
    one(3, "owner", Ty::Str),
    one(4, "description", Ty::Str),
];
const LINK: &[Field] = &[one(1, "description", Ty::Str), one(2, "url", Ty::Str)];
const HELP: &[Field] = &[many(1, "links", Ty::Msg(LINK))];

/// The table of a message type known here, by full name.
pub fn message(name: &str) -> Option<&'static [Field]> {
    Some(match name {
        "google.rpc.Status" => STATUS,
        "google.rpc.ErrorInfo" => ERROR_INFO,
        "google.rpc.RetryInfo" => RETRY_INFO,
        "google.rpc.DebugInfo" => DEBUG_INFO,
        "google.rpc.QuotaFailure" => QUOTA_FAILURE,
        "google.rpc.PreconditionFailure" => PRECONDITION_FAILURE,
        "google.rpc.BadRequest" => BAD_REQUEST,
        "google.rpc.RequestInfo" => REQUEST_INFO,
        "google.rpc.ResourceInfo" => RESOURCE_INFO,
        "google.rpc.Help" => HELP,
        "google.rpc.LocalizedMessage" => LOCALIZED_MESSAGE,
        _ => return None,
    })
}

/// The value type of a wrapper (google.protobuf.Int64Value, ...), by full name.
pub fn wrapper(name: &str) -> Option<Ty> {
    Some(match name.strip_prefix("google.protobuf.")? {
        "DoubleValue" => Ty::Double,
        "FloatValue" => Ty::Float,
        "Int64Value" => Ty::I64,
        "UInt64Value" => Ty::U64,
        "Int32Value" => Ty::I32,
        "UInt32Value" => Ty::U32,
        "BoolValue" => Ty::Bool,
        "StringValue" => Ty::Str,
        "BytesValue" => Ty::Bytes,
        _ => return None,
    })
}

/// The wire value of a scalar type's default, for a wrapper without field 1.
pub fn default_wire(ty: Ty) -> Wire<'static> {
    match ty {
        Ty::Double => Wire::Fixed64(0),
        Ty::Float => Wire::Fixed32(0),
        Ty::Str | Ty::Bytes | Ty::Msg(_) | Ty::Duration | Ty::Any => Wire::Len(&[]),
        Ty::Bool | Ty::I32 | Ty::U32 | Ty::I64 | Ty::U64 => Wire::Varint(0),
    }
}
