//! A JSON value, built natively (so the proto3 JSON forms can be tested
//! without a browser) and turned into a JS value in one place.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

/// A JSON value; object members keep their order.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number (always finite here).
    Number(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object.
    Object(Vec<(String, Json)>),
}

impl Json {
    /// A string value.
    pub fn str(text: impl Into<String>) -> Json {
        Json::String(text.into())
    }

    /// The JS value: plain objects, arrays, strings, numbers, booleans, null.
    pub fn to_js(&self) -> JsValue {
        match self {
            Json::Null => JsValue::NULL,
            Json::Bool(b) => JsValue::from_bool(*b),
            Json::Number(n) => JsValue::from_f64(*n),
            Json::String(s) => JsValue::from_str(s),
            Json::Array(items) => items.iter().map(Json::to_js).collect::<Array>().into(),
            Json::Object(members) => {
                let object = Object::new();
                for (key, value) in members {
                    // Defining a data property on a fresh object cannot fail.
                    let _ = Reflect::set(&object, &JsValue::from_str(key), &value.to_js());
                }
                object.into()
            }
        }
    }
}

/// Builds a proto3 JSON object, leaving out fields at their default value
/// (empty strings, zero numbers, empty lists and maps), as the mapping does.
#[derive(Default)]
pub struct Obj(Vec<(String, Json)>);

impl Obj {
    /// An empty object.
    pub fn new() -> Self {
        Obj::default()
    }

    /// A member, always present.
    pub fn field(mut self, key: &str, value: Json) -> Self {
        self.0.push((key.to_owned(), value));
        self
    }

    /// A string member, left out when empty.
    pub fn string(self, key: &str, value: &str) -> Self {
        if value.is_empty() {
            return self;
        }
        self.field(key, Json::str(value))
    }

    /// A 32-bit number member, left out when 0.
    pub fn int(self, key: &str, value: impl Into<f64>) -> Self {
        let value = value.into();
        if value == 0.0 {
            return self;
        }
        self.field(key, Json::Number(value))
    }

    /// A 64-bit integer member, as a string (proto3 JSON), left out when 0.
    pub fn int64(self, key: &str, value: i64) -> Self {
        if value == 0 {
            return self;
        }
        self.field(key, Json::str(value.to_string()))
    }

    /// A member from an optional value.
    pub fn opt(self, key: &str, value: Option<Json>) -> Self {
        match value {
            Some(value) => self.field(key, value),
            None => self,
        }
    }

    /// A list member, left out when empty.
    pub fn list<T>(self, key: &str, items: &[T], each: impl Fn(&T) -> Json) -> Self {
        if items.is_empty() {
            return self;
        }
        self.field(key, Json::Array(items.iter().map(each).collect()))
    }

    /// A `map<string, string>` member, keys sorted, left out when empty.
    pub fn map<'a>(
        self,
        key: &str,
        map: impl IntoIterator<Item = (&'a String, &'a String)>,
    ) -> Self {
        let mut pairs: Vec<_> = map.into_iter().collect();
        if pairs.is_empty() {
            return self;
        }
        pairs.sort();
        let members = pairs
            .into_iter()
            .map(|(k, v)| (k.clone(), Json::str(v.as_str())));
        self.field(key, Json::Object(members.collect()))
    }

    /// The object.
    pub fn done(self) -> Json {
        Json::Object(self.0)
    }
}
