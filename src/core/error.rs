//! The one error type of lro-web. Its one mapping to a JS value is in the
//! bindings (`crate::bindings::error`).

use std::time::Duration;

use crate::core::platform::Thrown;
use crate::proto::google::rpc::{self, Code};

/// Everything that can make a call fail.
///
/// In JavaScript every variant but [`Error::Aborted`] becomes an `RpcError`: a
/// real `Error` with `name === "RpcError"`, a numeric `code`, its `codeName`
/// (`"NOT_FOUND"`, ...), the `message`, and the `details` the server sent in
/// `grpc-status-details-bin`. An aborted call rejects with the signal's reason.
#[derive(Clone, Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a non-OK gRPC status, its details decoded
    /// from `grpc-status-details-bin`.
    #[error("{}", .0.message)]
    Status(Box<rpc::Status>),
    /// No answer could be had: the server is down, unreachable, refused the
    /// request (CORS) or the connection broke mid-response. Code UNAVAILABLE.
    #[error("network error: {0}")]
    Network(String),
    /// The answer was not a gRPC-Web response this client can read. Code INTERNAL.
    #[error("malformed response: {0}")]
    Malformed(String),
    /// The server answered with an HTTP error status instead of gRPC-Web
    /// (a proxy's 503 page, say). Its code follows gRPC's HTTP mapping:
    /// 502, 503, 504 and 429 are UNAVAILABLE.
    #[error("{message}")]
    Http {
        /// The gRPC code of the HTTP status.
        code: Code,
        /// What was answered.
        message: String,
    },
    /// The response is larger than the client accepts. Code RESOURCE_EXHAUSTED.
    #[error("{0}")]
    TooLarge(String),
    /// The call's deadline passed first. Code DEADLINE_EXCEEDED.
    #[error("deadline exceeded after {} ms", .0.as_millis() as u64)]
    Deadline(Duration),
    /// The caller's AbortSignal fired; holds the signal's reason.
    #[error("the call was aborted")]
    Aborted(Thrown),
    /// An argument was refused before anything was sent. Code INVALID_ARGUMENT.
    #[error("{0}")]
    InvalidArgument(String),
    /// The operation itself ended in failure (from `result`). In JS an
    /// `OperationError` carrying the operation's `status`.
    #[error("{}", operation_message(.0))]
    Operation(Box<rpc::Status>),
    /// The operation's response is not of the declared type. Code INTERNAL.
    #[error("{0}")]
    WrongType(String),
    /// A caller's callback threw; holds what it threw, which is what the call
    /// rejects with.
    #[error("a callback threw")]
    Callback(Thrown),
}

fn operation_message(status: &rpc::Status) -> String {
    if status.message.is_empty() {
        format!("the operation failed with {}", code_name(status.code))
    } else {
        status.message.clone()
    }
}

impl Error {
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
        assert_eq!(error.to_string(), "gone");
        assert!(Error::Network("x".into()).details().is_empty());
    }

    #[test]
    fn deadline_message_names_the_budget() {
        let error = Error::Deadline(Duration::from_millis(250));
        assert_eq!(error.to_string(), "deadline exceeded after 250 ms");
    }
}
