//! What the client knows of payload types for one call: the built-in types,
//! the registered ones (feature `registry`), and the response and metadata
//! types the caller declared.

use crate::core::codec::wire::type_name;
use crate::core::json::Json;
use crate::core::text::text;
use crate::core::wkt;
use crate::core::Error;

/// The payload types of one call: how an `Any` becomes `decoded`, and which
/// types the operation's response and metadata must have.
#[derive(Clone, Default)]
pub struct Payloads {
    #[cfg(feature = "registry")]
    registry: crate::bindings::registry::Registry,
    expected: Expected,
}

/// The declared types of an operation's payloads, as full message names
/// (`lro.demo.v1.JobResult`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Expected {
    /// The response's type.
    pub response: Option<String>,
    /// The metadata's type.
    pub metadata: Option<String>,
}

impl Expected {
    /// The declared types, with a leading `.` or a type URL's prefix taken off.
    pub fn new(response: Option<String>, metadata: Option<String>) -> Expected {
        let clean = |name: String| type_name(name.trim_start_matches('.')).to_owned();
        Expected {
            response: response.map(clean),
            metadata: metadata.map(clean),
        }
    }
}

/// Why a payload (`what`: "the metadata", ...) is not of the declared type,
/// or None when it is (or nothing was declared).
pub fn mismatch(any: &prost_types::Any, expected: Option<&str>, what: &str) -> Option<String> {
    let want = expected?;
    let got = type_name(&any.type_url);
    (got != want).then(|| text![what, " is a ", got, ", but a ", want, " was expected"])
}

impl Payloads {
    /// The registered types of a client, with nothing declared.
    #[cfg(feature = "registry")]
    pub fn with_registry(registry: crate::bindings::registry::Registry) -> Payloads {
        Payloads {
            registry,
            expected: Expected::default(),
        }
    }

    /// These payload types, expecting `expected`.
    pub fn expecting(mut self, expected: Expected) -> Payloads {
        self.expected = expected;
        self
    }

    /// The declared types.
    pub fn expected(&self) -> &Expected {
        &self.expected
    }

    /// The declared types of the operations `method` starts, from its
    /// `google.longrunning.operation_info` option.
    pub fn method_types(&self, method: &str) -> Result<Expected, Error> {
        #[cfg(feature = "registry")]
        {
            let types = self.registry.operation_types(method)?;
            Ok(Expected::new(Some(types.response), Some(types.metadata)))
        }
        #[cfg(not(feature = "registry"))]
        Err(Error::InvalidArgument(text![
            "options.method (\"",
            method,
            "\") needs registered types: import the client from \"lro-web/registry\" and \
             call registerTypes first, or give responseType and metadataType"
        ]))
    }

    /// The `decoded` form of a payload: `None` for a type not known here,
    /// `Some(Err(why))` for bytes that are not a message of the named type.
    pub fn to_json(&self, type_url: &str, bytes: &[u8]) -> Option<Result<Json, String>> {
        if let Some(json) = wkt::to_json(type_url, bytes) {
            return Some(json);
        }
        #[cfg(feature = "registry")]
        return self.registry.to_json(type_url, bytes);
        #[cfg(not(feature = "registry"))]
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn any(type_url: &str) -> prost_types::Any {
        prost_types::Any {
            type_url: type_url.to_owned(),
            value: Vec::new(),
        }
    }

    #[test]
    fn declared_names_lose_their_dot_and_url_prefix() {
        let expected = Expected::new(
            Some(".lro.demo.v1.JobResult".into()),
            Some("type.googleapis.com/lro.demo.v1.JobProgress".into()),
        );
        assert_eq!(expected.response.as_deref(), Some("lro.demo.v1.JobResult"));
        assert_eq!(
            expected.metadata.as_deref(),
            Some("lro.demo.v1.JobProgress")
        );
    }

    #[test]
    fn a_mismatch_names_both_types() {
        let result = any("type.googleapis.com/lro.demo.v1.JobResult");
        assert_eq!(mismatch(&result, None, "the response"), None);
        let right = Some("lro.demo.v1.JobResult");
        assert_eq!(mismatch(&result, right, "the response"), None);
        let wrong = Some("google.protobuf.Struct");
        assert_eq!(
            mismatch(&result, wrong, "the response").as_deref(),
            Some("the response is a lro.demo.v1.JobResult, but a google.protobuf.Struct was expected")
        );
    }

    #[cfg(feature = "registry")]
    #[test]
    fn registered_types_decode_after_the_built_in_ones() {
        const DEMO: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/descriptors.binpb"));
        let mut registry = crate::bindings::registry::Registry::default();
        let plain = Payloads::default();
        let url = "type.googleapis.com/lro.demo.v1.JobProgress";
        assert!(plain.to_json(url, &[0x10, 2]).is_none());
        registry.register(DEMO).expect("the demo set registers");
        let types = Payloads::with_registry(registry.clone());
        let step = Json::Object(vec![("step".into(), Json::Number(2.0))]);
        assert_eq!(types.to_json(url, &[0x10, 2]), Some(Ok(step)));
        // Built-in types first: the demo set has google.rpc.Status too.
        let status = "type.googleapis.com/google.rpc.Status";
        assert_eq!(types.to_json(status, &[]), plain.to_json(status, &[]));
        // A bad set changes nothing.
        assert!(registry.register(b"bad").is_err());
        assert!(registry.to_json(url, &[]).is_some());
    }
}
