//! [`Json`] as a JS value: plain objects, arrays, strings, numbers, booleans
//! and null.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::core::json::Json;

/// The JS value of `json`.
pub fn to_js(json: &Json) -> JsValue {
    match json {
        Json::Null => JsValue::NULL,
        Json::Bool(b) => JsValue::from_bool(*b),
        Json::Number(n) => JsValue::from_f64(*n),
        Json::String(s) => JsValue::from_str(s),
        Json::Array(items) => items.iter().map(to_js).collect::<Array>().into(),
        Json::Object(members) => {
            let object = Object::new();
            for (key, value) in members {
                let (name, value) = (JsValue::from_str(key), to_js(value));
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
