//! The one error type of lro-web. Its one mapping to a JS value is in the
//! bindings (`crate::bindings::error`).

use std::{any::Any, fmt, rc::Rc, time::Duration};

use crate::core::text::text;
use crate::proto::google::rpc::{self, Code};

/// A value that came from the caller's code and must go back to it as it
/// was: an abort signal's reason, what a callback threw. The core only
/// carries it; the bindings made it and know what is inside.
#[derive(Clone)]
pub struct Thrown(pub Rc<dyn Any>);

impl fmt::Debug for Thrown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Thrown")
    }
}

/// Everything that can make a call fail.
///
/// In JavaScript every variant but [`Error::Aborted`] becomes an `RpcError`: a
/// real `Error` with `name === "RpcError"`, a numeric `code`, its `codeName`
/// (`"NOT_FOUND"`, ...), the `message`, and the `details` the server sent in
/// `grpc-status-details-bin`. An aborted call rejects with the signal's reason.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a non-OK gRPC status, its details decoded
    /// from `grpc-status-details-bin`.
    Status(Box<rpc::Status>),
    /// No answer could be had: the server is down, unreachable, refused the
    /// request (CORS) or the connection broke mid-response. Code UNAVAILABLE.
    Network(String),
    /// The answer was not a gRPC-Web response this client can read. Code INTERNAL.
    Malformed(String),
    /// The server answered with an HTTP error status instead of gRPC-Web
    /// (a proxy's 503 page, say). Its code follows gRPC's HTTP mapping:
    /// 502, 503, 504 and 429 are UNAVAILABLE.
    Http {
        /// The gRPC code of the HTTP status.
        code: Code,
        /// What was answered.
        message: String,
    },
    /// The response is larger than the client accepts. Code RESOURCE_EXHAUSTED.
    TooLarge(String),
    /// The call's deadline passed first. Code DEADLINE_EXCEEDED.
    Deadline(Duration),
    /// The caller's AbortSignal fired; holds the signal's reason.
    Aborted(Thrown),
    /// An argument was refused before anything was sent. Code INVALID_ARGUMENT.
    InvalidArgument(String),
    /// The operation itself ended in failure (from `result`). In JS an
    /// `OperationError` carrying the operation's `status`.
    Operation(Box<rpc::Status>),
    /// The operation's response is not of the declared type. Code INTERNAL.
    WrongType(String),
    /// A caller's callback threw; holds what it threw, which is what the call
    /// rejects with.
    Callback(Thrown),
}

impl Error {
    /// What went wrong, for people: the `message` of the JS error. Inlined
    /// where it is used, so that a caller that has already told some
    /// variants apart (the bindings make the JS messages of a deadline, a
    /// failed operation, an abort and a callback's throw in js/errors.js)
    /// carries no text of theirs.
    #[inline(always)]
    pub fn message(&self) -> String {
        match self {
            Error::Status(status) => status.message.clone(),
            Error::Network(why) => text!["network error: ", why],
            Error::Malformed(why) => text!["malformed response: ", why],
            Error::Http { message, .. } => message.clone(),
            Error::TooLarge(why) | Error::InvalidArgument(why) | Error::WrongType(why) => {
                why.clone()
            }
            // The JS errors of these two, messages included, are made by
            // js/errors.js (`deadlineExceeded`, `operationError`) from the
            // budget and the status: the core says no more than what it holds.
            Error::Deadline(_) => String::new(),
            Error::Operation(status) => status.message.clone(),
            Error::Aborted(_) => "the call was aborted".to_owned(),
            Error::Callback(_) => "a callback threw".to_owned(),
        }
    }

    /// The gRPC code this error carries.
    pub fn code(&self) -> Code {
        match self {
            Error::Status(status) => code_of(status.code),
            Error::Network(_) => Code::Unavailable,
            Error::Malformed(_) | Error::WrongType(_) => Code::Internal,
            Error::Http { code, .. } => *code,
            Error::TooLarge(_) => Code::ResourceExhausted,
            Error::Deadline(_) => Code::DeadlineExceeded,
            Error::Aborted(_) => Code::Cancelled,
            Error::InvalidArgument(_) => Code::InvalidArgument,
            Error::Operation(status) => code_of(status.code),
            Error::Callback(_) => Code::Unknown,
        }
    }

    /// The `google.rpc.Status` details sent with the error; empty when there
    /// were none.
    pub fn details(&self) -> &[prost_types::Any] {
        match self {
            Error::Status(status) | Error::Operation(status) => &status.details,
            _ => &[],
        }
    }
}

/// The [`Error::message`], for native callers; the wasm builds messages
/// with [`Error::message`] only, so that no `core::fmt` is in it.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for Error {}

/// The name of a gRPC code ("NOT_FOUND"); "UNKNOWN" for codes outside the enum.
pub fn code_name(code: i32) -> &'static str {
    code_of(code).as_str_name()
}

/// The code of a numeric status code; codes outside the enum are UNKNOWN.
fn code_of(code: i32) -> Code {
    Code::try_from(code).unwrap_or(Code::Unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_follow_the_variant() {
        let cases = [
            (Error::Network("x".into()), Code::Unavailable),
            (
                Error::Deadline(Duration::from_millis(5)),
                Code::DeadlineExceeded,
            ),
            (Error::InvalidArgument("x".into()), Code::InvalidArgument),
            (Error::Malformed("x".into()), Code::Internal),
            (Error::Status(Box::new(status(5, "x"))), Code::NotFound),
            (Error::Status(Box::new(status(99, "x"))), Code::Unknown),
            (Error::TooLarge("x".into()), Code::ResourceExhausted),
        ];
        for (error, code) in cases {
            assert_eq!(error.code(), code, "{error:?}");
        }
    }

    fn status(code: i32, message: &str) -> rpc::Status {
        rpc::Status {
            code,
            message: message.into(),
            details: Vec::new(),
        }
    }

    #[test]
    fn details_are_the_statuses() {
        let mut sent = status(5, "gone");
        sent.details.push(prost_types::Any {
            type_url: "type.googleapis.com/google.rpc.ResourceInfo".into(),
            value: vec![10, 1, b'x'],
        });
        let error = Error::Status(Box::new(sent.clone()));
        assert_eq!(error.details(), sent.details.as_slice());
        assert_eq!(error.message(), "gone");
        assert!(Error::Network("x".into()).details().is_empty());
    }

    #[test]
    fn messages_say_what_went_wrong() {
        let mut failed = status(9, "");
        let cases = [
            (
                Error::Network("fetch failed".into()),
                "network error: fetch failed",
            ),
            (
                Error::Malformed("no status".into()),
                "malformed response: no status",
            ),
            (
                Error::Http {
                    code: Code::Unavailable,
                    message: "HTTP 503".into(),
                },
                "HTTP 503",
            ),
            (Error::TooLarge("too big".into()), "too big"),
            (Error::InvalidArgument("empty".into()), "empty"),
            (Error::WrongType("a Job".into()), "a Job"),
            (Error::Deadline(Duration::from_millis(250)), ""),
            (Error::Operation(Box::new(failed.clone())), ""),
        ];
        for (error, message) in cases {
            assert_eq!(error.message(), message);
            assert_eq!(error.to_string(), message);
        }
        failed.message = "the job broke".into();
        assert_eq!(
            Error::Operation(Box::new(failed)).message(),
            "the job broke"
        );
    }
}
