//! Request headers given by the caller: checked once, merged per call.

use crate::core::Error;

/// Headers the transport or the client set themselves, which a caller may not.
const RESERVED: [&str; 4] = ["content-type", "grpc-timeout", "x-grpc-web", "te"];

/// A checked set of request headers, in the order given; names lowercased.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Headers(Vec<(String, String)>);

/// Whether `name` is an HTTP header name: one or more token characters.
fn is_token(name: &str) -> bool {
    const SPECIAL: &[u8] = b"!#$%&'*+-.^_`|~";
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || SPECIAL.contains(&b))
}

impl Headers {
    /// Checks each `(name, value)`: the name must be a valid, unreserved HTTP
    /// header name and the value visible ASCII, space or tab (no CR/LF). The
    /// value is never repeated in an error, since it may be a credential.
    pub fn parse<I, K, V>(pairs: I) -> Result<Self, Error>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let mut headers = Vec::new();
        for (name, value) in pairs {
            let (name, value) = (name.as_ref(), value.as_ref());
            if !is_token(name) {
                return Err(Error::InvalidArgument(format!(
                    "\"{name}\" is not a valid header name"
                )));
            }
            let key = name.to_ascii_lowercase();
            if RESERVED.contains(&key.as_str()) {
                return Err(Error::InvalidArgument(format!(
                    "header {key} is set by lro-web itself (use timeoutMs for deadlines)"
                )));
            }
            if !value
                .bytes()
                .all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
            {
                return Err(Error::InvalidArgument(format!(
                    "the value of header {key} holds characters a header cannot carry \
                     (control characters, CR/LF or non-ASCII)"
                )));
            }
            headers.push((key, value.to_owned()));
        }
        Ok(Headers(headers))
    }

    /// These headers with `over` applied on top: a name in `over` replaces
    /// every value of that name here, and within each set the last wins.
    pub fn merged(&self, over: &Headers) -> Vec<(String, String)> {
        let mut merged: Vec<(String, String)> = Vec::new();
        for (key, value) in self.0.iter().chain(&over.0) {
            merged.retain(|(k, _)| k != key);
            merged.push((key.clone(), value.clone()));
        }
        merged
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn valid_headers_are_kept() {
        let h = Headers::parse([("X-Trace", "abc"), ("authorization", "Bearer t\tk")]).unwrap();
        let map = h.merged(&Headers::default());
        assert_eq!(
            map,
            pairs(&[("x-trace", "abc"), ("authorization", "Bearer t\tk")])
        );
    }

    #[test]
    fn call_headers_win_over_client_headers() {
        let client = Headers::parse([("x-a", "client"), ("x-b", "client")]).unwrap();
        let call = Headers::parse([("x-a", "call")]).unwrap();
        let map = client.merged(&call);
        assert_eq!(map, pairs(&[("x-b", "client"), ("x-a", "call")]));
    }

    #[test]
    fn bad_headers_are_refused_without_echoing_the_value() {
        let secret = "Bearer s3cret\r\nx-evil: 1";
        for (name, value) in [
            ("authorization", secret),
            ("x-a", "caf\u{e9}"),
            ("x-a", "\u{7f}"),
            ("bad name", "v"),
            ("", "v"),
            ("x:y", "v"),
            ("caf\u{e9}", "v"),
            ("content-type", "text/plain"),
            ("grpc-timeout", "1S"),
        ] {
            let err = Headers::parse([(name, value)]).unwrap_err();
            assert!(matches!(err, Error::InvalidArgument(_)), "{name:?}");
            assert!(!err.to_string().contains("s3cret"), "{err}");
        }
    }
}
