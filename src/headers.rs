//! Request headers given by the caller: checked once, merged per call.

use http::{HeaderName, HeaderValue};

use crate::Error;

/// Headers the transport or the client set themselves, which a caller may not.
const RESERVED: [&str; 4] = ["content-type", "grpc-timeout", "x-grpc-web", "te"];

/// A checked set of request headers, in the order given.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Headers(Vec<(HeaderName, HeaderValue)>);

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
            let key = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                Error::InvalidArgument(format!("{name:?} is not a valid header name"))
            })?;
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
            // Every byte was checked above, so this cannot fail.
            let value = HeaderValue::from_str(value).map_err(|_| {
                Error::InvalidArgument(format!("the value of header {key} is not valid"))
            })?;
            headers.push((key, value));
        }
        Ok(Headers(headers))
    }

    /// These headers with `over` applied on top: a name in `over` replaces
    /// every value of that name here.
    pub fn merged(&self, over: &Headers) -> http::HeaderMap {
        let mut map = http::HeaderMap::new();
        for (key, value) in self.0.iter().chain(&over.0) {
            map.insert(key.clone(), value.clone());
        }
        map
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_headers_are_kept() {
        let h = Headers::parse([("X-Trace", "abc"), ("authorization", "Bearer t\tk")]).unwrap();
        let map = h.merged(&Headers::default());
        assert_eq!(map["x-trace"], "abc");
        assert_eq!(map["authorization"], "Bearer t\tk");
    }

    #[test]
    fn call_headers_win_over_client_headers() {
        let client = Headers::parse([("x-a", "client"), ("x-b", "client")]).unwrap();
        let call = Headers::parse([("x-a", "call")]).unwrap();
        let map = client.merged(&call);
        assert_eq!(map["x-a"], "call");
        assert_eq!(map["x-b"], "client");
        assert_eq!(map.get_all("x-a").iter().count(), 1);
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
            ("content-type", "text/plain"),
            ("grpc-timeout", "1S"),
        ] {
            let err = Headers::parse([(name, value)]).unwrap_err();
            assert!(matches!(err, Error::InvalidArgument(_)), "{name:?}");
            assert!(!err.to_string().contains("s3cret"), "{err}");
        }
    }
}
