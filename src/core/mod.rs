//! The core: everything of the client that is not JS. It never touches a JS
//! value; what it needs of the browser goes through [`platform::Platform`],
//! which the bindings implement. `rule_tests` below holds every file of this
//! folder to that.

pub mod base64;
pub mod client;
pub mod codec;
#[cfg(feature = "registry")]
pub mod descriptor;
pub mod error;
#[cfg(test)]
pub mod fake;
pub mod json;
pub mod platform;
pub mod sort;
pub mod text;
pub mod transport;
pub mod wait;
pub mod wkt;

pub use error::Error;

#[cfg(test)]
mod rule_tests {
    use std::{fs, path::Path};

    /// Names that only JS-facing code uses.
    const JS_NAMES: [&str; 5] = ["JsValue", "wasm_bindgen", "js_sys", "web_sys", "gloo_"];

    fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
        for entry in fs::read_dir(dir).expect("the core's folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = fs::read_to_string(&path).expect("a source file");
                out.push((path.display().to_string(), text));
            }
        }
    }

    #[test]
    fn the_core_never_touches_js() {
        let mut files = Vec::new();
        sources(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/core"),
            &mut files,
        );
        assert!(files.len() > 10, "the core's files are found");
        for (path, text) in files {
            for name in JS_NAMES {
                // This file names them only in the list above.
                let allowed = usize::from(path.ends_with("core/mod.rs"));
                let count = text.matches(name).count();
                assert!(count <= allowed, "{path} names {name}");
            }
        }
    }
}
