//! `google.protobuf.Any` payloads decoded to their proto3 JSON form, for the
//! types every client knows without setup: the well-known types and the
//! google.rpc error details (and google.rpc.Status).

use base64::{engine::general_purpose::STANDARD, Engine};
use prost::Message;
use prost_types::{value::Kind, Any, FieldMask, ListValue, Struct, Value};

use crate::json::{Json, Obj};
use crate::proto::google::rpc::{
    self, bad_request, help, precondition_failure, quota_failure, BadRequest, DebugInfo, ErrorInfo,
    Help, LocalizedMessage, PreconditionFailure, QuotaFailure, RequestInfo, ResourceInfo,
    RetryInfo,
};

/// Seconds of 0001-01-01T00:00:00Z and of 9999-12-31T23:59:59Z: a Timestamp's range.
const TIMESTAMP_SECONDS: std::ops::RangeInclusive<i64> = -62_135_596_800..=253_402_300_799;
/// A Duration's range in seconds, about 10,000 years either way.
const DURATION_SECONDS: std::ops::RangeInclusive<i64> = -315_576_000_000..=315_576_000_000;

macro_rules! wrappers {
    ($($name:ident($kind:ident, $ty:ty)),* $(,)?) => {$(
        #[derive(Clone, PartialEq, Message)]
        struct $name {
            #[prost($kind, tag = "1")]
            value: $ty,
        }
    )*};
}

wrappers! {
    DoubleValue(double, f64), FloatValue(float, f32), Int64Value(int64, i64),
    UInt64Value(uint64, u64), Int32Value(int32, i32), UInt32Value(uint32, u32),
    BoolValue(bool, bool), StringValue(string, String), BytesValue(bytes, Vec<u8>),
}

/// The full name of the type an Any's URL names (what follows the last `/`).
pub fn type_name(type_url: &str) -> &str {
    type_url.rsplit('/').next().unwrap_or(type_url)
}

/// The proto3 JSON form of a payload: `None` for a type not known here,
/// `Some(Err(why))` for bytes that are not a valid message of the named type.
pub fn decode(type_url: &str, bytes: &[u8]) -> Option<Result<Json, String>> {
    let json = match type_name(type_url) {
        "google.protobuf.Empty" => parse::<()>(bytes).map(|()| Obj::new().done()),
        "google.protobuf.Timestamp" => parse(bytes).and_then(timestamp),
        "google.protobuf.Duration" => parse(bytes).and_then(duration),
        "google.protobuf.FieldMask" => parse(bytes).map(|m: FieldMask| field_mask(&m)),
        "google.protobuf.Struct" => parse(bytes).and_then(|s: Struct| structure(&s)),
        "google.protobuf.Value" => parse(bytes).and_then(|v: Value| value(&v)),
        "google.protobuf.ListValue" => parse(bytes).and_then(|l: ListValue| list(&l)),
        "google.protobuf.Any" => parse(bytes).and_then(|a: Any| any(&a)),
        "google.protobuf.DoubleValue" => parse(bytes).map(|w: DoubleValue| float(w.value)),
        "google.protobuf.FloatValue" => parse(bytes).map(|w: FloatValue| float(f64::from(w.value))),
        "google.protobuf.Int64Value" => {
            parse(bytes).map(|w: Int64Value| Json::str(w.value.to_string()))
        }
        "google.protobuf.UInt64Value" => {
            parse(bytes).map(|w: UInt64Value| Json::str(w.value.to_string()))
        }
        "google.protobuf.Int32Value" => {
            parse(bytes).map(|w: Int32Value| Json::Number(w.value.into()))
        }
        "google.protobuf.UInt32Value" => {
            parse(bytes).map(|w: UInt32Value| Json::Number(w.value.into()))
        }
        "google.protobuf.BoolValue" => parse(bytes).map(|w: BoolValue| Json::Bool(w.value)),
        "google.protobuf.StringValue" => parse(bytes).map(|w: StringValue| Json::str(w.value)),
        "google.protobuf.BytesValue" => {
            parse(bytes).map(|w: BytesValue| Json::str(STANDARD.encode(w.value)))
        }
        "google.rpc.Status" => parse(bytes).and_then(|s: rpc::Status| status(&s)),
        "google.rpc.ErrorInfo" => parse(bytes).map(|m: ErrorInfo| error_info(&m)),
        "google.rpc.RetryInfo" => parse(bytes).and_then(|m: RetryInfo| retry_info(&m)),
        "google.rpc.DebugInfo" => parse(bytes).map(|m: DebugInfo| debug_info(&m)),
        "google.rpc.QuotaFailure" => parse(bytes).map(|m: QuotaFailure| quota_failure(&m)),
        "google.rpc.PreconditionFailure" => {
            parse(bytes).map(|m: PreconditionFailure| precondition_failure(&m))
        }
        "google.rpc.BadRequest" => parse(bytes).map(|m: BadRequest| bad_request(&m)),
        "google.rpc.RequestInfo" => parse(bytes).map(|m: RequestInfo| request_info(&m)),
        "google.rpc.ResourceInfo" => parse(bytes).map(|m: ResourceInfo| resource_info(&m)),
        "google.rpc.Help" => parse(bytes).map(|m: Help| help(&m)),
        "google.rpc.LocalizedMessage" => parse(bytes).map(|m: LocalizedMessage| localized(&m)),
        _ => return None,
    };
    Some(json)
}

fn parse<M: Message + Default>(bytes: &[u8]) -> Result<M, String> {
    M::decode(bytes).map_err(|e| e.to_string())
}

/// Types whose JSON form is not an object: a nested Any holds them as `value`.
fn has_special_form(name: &str) -> bool {
    name.starts_with("google.protobuf.") && name != "google.protobuf.Empty"
}

fn any(any: &Any) -> Result<Json, String> {
    let name = type_name(&any.type_url);
    let inner = decode(&any.type_url, &any.value)
        .ok_or_else(|| format!("nested Any of a type not known here: {name}"))??;
    let mut members = vec![("@type".to_owned(), Json::str(any.type_url.as_str()))];
    match inner {
        Json::Object(fields) if !has_special_form(name) => members.extend(fields),
        other => members.push(("value".to_owned(), other)),
    }
    Ok(Json::Object(members))
}

fn timestamp(t: prost_types::Timestamp) -> Result<Json, String> {
    if !TIMESTAMP_SECONDS.contains(&t.seconds) || !(0..1_000_000_000).contains(&t.nanos) {
        return Err(format!(
            "Timestamp {}s {}ns is outside 0001..9999",
            t.seconds, t.nanos
        ));
    }
    Ok(Json::str(t.to_string()))
}

fn duration(d: prost_types::Duration) -> Result<Json, String> {
    let same_sign = (d.seconds >= 0 && d.nanos >= 0) || (d.seconds <= 0 && d.nanos <= 0);
    if !DURATION_SECONDS.contains(&d.seconds) || d.nanos.abs() >= 1_000_000_000 || !same_sign {
        return Err(format!(
            "Duration {}s {}ns is not a valid duration",
            d.seconds, d.nanos
        ));
    }
    Ok(Json::str(d.to_string()))
}

fn field_mask(mask: &FieldMask) -> Json {
    let camel = |path: &String| {
        let mut out = String::with_capacity(path.len());
        let mut upper = false;
        for c in path.chars() {
            match c {
                '_' => upper = true,
                c if upper => {
                    out.extend(c.to_uppercase());
                    upper = false;
                }
                c => out.push(c),
            }
        }
        out
    };
    Json::str(mask.paths.iter().map(camel).collect::<Vec<_>>().join(","))
}

fn float(n: f64) -> Json {
    match n {
        n if n.is_nan() => Json::str("NaN"),
        n if n == f64::INFINITY => Json::str("Infinity"),
        n if n == f64::NEG_INFINITY => Json::str("-Infinity"),
        n => Json::Number(n),
    }
}

fn structure(s: &Struct) -> Result<Json, String> {
    let members = s.fields.iter().map(|(k, v)| Ok((k.clone(), value(v)?)));
    Ok(Json::Object(members.collect::<Result<_, String>>()?))
}

fn list(l: &ListValue) -> Result<Json, String> {
    Ok(Json::Array(
        l.values.iter().map(value).collect::<Result<_, _>>()?,
    ))
}

fn value(v: &Value) -> Result<Json, String> {
    match &v.kind {
        None | Some(Kind::NullValue(_)) => Ok(Json::Null),
        Some(Kind::NumberValue(n)) if n.is_finite() => Ok(Json::Number(*n)),
        // Not formatted with {n}: float formatting would add kilobytes to the wasm.
        Some(Kind::NumberValue(_)) => {
            Err("Value holds NaN or an infinity, which JSON cannot".into())
        }
        Some(Kind::StringValue(s)) => Ok(Json::str(s.as_str())),
        Some(Kind::BoolValue(b)) => Ok(Json::Bool(*b)),
        Some(Kind::StructValue(s)) => structure(s),
        Some(Kind::ListValue(l)) => list(l),
    }
}

/// google.rpc.Status, with its details as nested Anys.
pub fn status(s: &rpc::Status) -> Result<Json, String> {
    let details = s.details.iter().map(any).collect::<Result<Vec<_>, _>>()?;
    Ok(Obj::new()
        .int("code", s.code)
        .string("message", &s.message)
        .list("details", &details, Clone::clone)
        .done())
}

fn error_info(m: &ErrorInfo) -> Json {
    Obj::new()
        .string("reason", &m.reason)
        .string("domain", &m.domain)
        .map("metadata", &m.metadata)
        .done()
}

fn retry_info(m: &RetryInfo) -> Result<Json, String> {
    let delay = m.retry_delay.map(duration).transpose()?;
    Ok(Obj::new().opt("retryDelay", delay).done())
}

fn debug_info(m: &DebugInfo) -> Json {
    Obj::new()
        .list("stackEntries", &m.stack_entries, |s| Json::str(s.as_str()))
        .string("detail", &m.detail)
        .done()
}

fn quota_failure(m: &QuotaFailure) -> Json {
    let violation = |v: &quota_failure::Violation| {
        Obj::new()
            .string("subject", &v.subject)
            .string("description", &v.description)
            .string("apiService", &v.api_service)
            .string("quotaMetric", &v.quota_metric)
            .string("quotaId", &v.quota_id)
            .map("quotaDimensions", &v.quota_dimensions)
            .int64("quotaValue", v.quota_value)
            .opt(
                "futureQuotaValue",
                v.future_quota_value.map(|n| Json::str(n.to_string())),
            )
            .done()
    };
    Obj::new()
        .list("violations", &m.violations, violation)
        .done()
}

fn precondition_failure(m: &PreconditionFailure) -> Json {
    let violation = |v: &precondition_failure::Violation| {
        Obj::new()
            .string("type", &v.r#type)
            .string("subject", &v.subject)
            .string("description", &v.description)
            .done()
    };
    Obj::new()
        .list("violations", &m.violations, violation)
        .done()
}

fn bad_request(m: &BadRequest) -> Json {
    let violation = |v: &bad_request::FieldViolation| {
        Obj::new()
            .string("field", &v.field)
            .string("description", &v.description)
            .string("reason", &v.reason)
            .opt(
                "localizedMessage",
                v.localized_message.as_ref().map(localized),
            )
            .done()
    };
    Obj::new()
        .list("fieldViolations", &m.field_violations, violation)
        .done()
}

fn request_info(m: &RequestInfo) -> Json {
    Obj::new()
        .string("requestId", &m.request_id)
        .string("servingData", &m.serving_data)
        .done()
}

fn resource_info(m: &ResourceInfo) -> Json {
    Obj::new()
        .string("resourceType", &m.resource_type)
        .string("resourceName", &m.resource_name)
        .string("owner", &m.owner)
        .string("description", &m.description)
        .done()
}

fn help(m: &Help) -> Json {
    let link = |l: &help::Link| {
        Obj::new()
            .string("description", &l.description)
            .string("url", &l.url)
            .done()
    };
    Obj::new().list("links", &m.links, link).done()
}

fn localized(m: &LocalizedMessage) -> Json {
    Obj::new()
        .string("locale", &m.locale)
        .string("message", &m.message)
        .done()
}

#[cfg(test)]
mod tests;
