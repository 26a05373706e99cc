//! ListOperations' request language: the filter grammar and the opaque page token.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};

/// Page size used when the request leaves it at 0.
pub const DEFAULT_PAGE_SIZE: usize = 50;
/// Largest page served; larger requests are clamped to it.
pub const MAX_PAGE_SIZE: usize = 1000;

/// A parsed ListOperations filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    /// Every operation (the empty filter).
    All,
    /// Only operations whose `done` equals the value.
    Done(bool),
}

impl Filter {
    /// Parses `""`, `"done=true"` or `"done=false"`; spaces around the parts are allowed.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(Filter::All);
        }
        let (field, value) = text
            .split_once('=')
            .ok_or_else(|| format!("filter {text:?} is not of the form done=true|false"))?;
        if field.trim() != "done" {
            return Err(format!(
                "filter field {:?} is not supported; use done",
                field.trim()
            ));
        }
        match value.trim() {
            "true" => Ok(Filter::Done(true)),
            "false" => Ok(Filter::Done(false)),
            other => Err(format!("filter value {other:?} is not true or false")),
        }
    }

    /// Whether an operation with this `done` passes the filter.
    pub fn matches(self, done: bool) -> bool {
        match self {
            Filter::All => true,
            Filter::Done(want) => want == done,
        }
    }

    fn key(self) -> &'static str {
        match self {
            Filter::All => "all",
            Filter::Done(true) => "done",
            Filter::Done(false) => "running",
        }
    }
}

/// Where the next page starts: the first operation id it may hold, tied to the filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageToken {
    /// Smallest operation id of the next page.
    pub start: u64,
    /// The filter the token was made for.
    pub filter: Filter,
}

impl PageToken {
    /// The opaque text sent to clients.
    pub fn encode(self) -> String {
        URL_SAFE_NO_PAD.encode(format!("v1:{}:{}", self.filter.key(), self.start))
    }

    /// Reads a token back; it must have been made for the same filter.
    pub fn decode(token: &str, filter: Filter) -> Result<Self, String> {
        let invalid = || format!("page_token {token:?} is not a token this server issued");
        let bytes = URL_SAFE_NO_PAD.decode(token).map_err(|_| invalid())?;
        let text = String::from_utf8(bytes).map_err(|_| invalid())?;
        let mut parts = text.split(':');
        let (Some("v1"), Some(key), Some(start), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(invalid());
        };
        let start = start.parse().map_err(|_| invalid())?;
        if key != filter.key() {
            return Err("page_token was issued for a different filter".to_owned());
        }
        Ok(PageToken { start, filter })
    }
}

/// The page size to serve for a requested one.
pub fn page_size(requested: i32) -> Result<usize, String> {
    match requested {
        n if n < 0 => Err(format!("page_size {n} is negative")),
        0 => Ok(DEFAULT_PAGE_SIZE),
        n => Ok((n as usize).min(MAX_PAGE_SIZE)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_parse() {
        let cases = [
            ("", Ok(Filter::All)),
            ("   ", Ok(Filter::All)),
            ("done=true", Ok(Filter::Done(true))),
            (" done = false ", Ok(Filter::Done(false))),
        ];
        for (text, want) in cases {
            assert_eq!(Filter::parse(text), want, "{text:?}");
        }
        for bad in ["done", "done=yes", "name=x", "done=true AND x", "=true"] {
            assert!(Filter::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn filter_matches() {
        assert!(Filter::All.matches(true) && Filter::All.matches(false));
        assert!(Filter::Done(true).matches(true) && !Filter::Done(true).matches(false));
        assert!(Filter::Done(false).matches(false) && !Filter::Done(false).matches(true));
    }

    #[test]
    fn tokens_round_trip_and_are_tied_to_their_filter() {
        let token = PageToken {
            start: 42,
            filter: Filter::Done(false),
        };
        let text = token.encode();
        assert_eq!(PageToken::decode(&text, Filter::Done(false)), Ok(token));
        assert!(PageToken::decode(&text, Filter::All).is_err());
        for bad in ["", "x", "!!!", &URL_SAFE_NO_PAD.encode("v1:all:abc")] {
            assert!(PageToken::decode(bad, Filter::All).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn page_sizes() {
        assert_eq!(page_size(0), Ok(DEFAULT_PAGE_SIZE));
        assert_eq!(page_size(7), Ok(7));
        assert_eq!(page_size(5000), Ok(MAX_PAGE_SIZE));
        assert!(page_size(-1).is_err());
    }
}
