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
                    let (name, value) = (JsValue::from_str(key), value.to_js());
                    // Defining a data property on a fresh object cannot fail.
                    let _ = match key.as_str() {
                        // Setting "__proto__" would replace the prototype:
                        // define it as an own property, as JSON.parse does.
                        "__proto__" => Reflect::define_property(&object, &name, &data(value)),
                        _ => Reflect::set(&object, &name, &value),
                    };
                }
                object.into()
            }
        }
    }
}

/// A property descriptor of a plain data property holding `value`.
fn data(value: JsValue) -> Object {
    let descriptor = Object::new();
    let on = JsValue::TRUE;
    for (key, field) in [
        ("value", value),
        ("writable", on.clone()),
        ("enumerable", on.clone()),
        ("configurable", on),
    ] {
        let _ = Reflect::set(&descriptor, &JsValue::from_str(key), &field);
    }
    descriptor
}
