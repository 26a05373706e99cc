//! Unary gRPC-Web calls over the platform's HTTP POST (the browser's
//! `fetch`), with every fault of the HTTP exchange told apart: an HTTP error
//! status (a 503 page from a proxy), a body that is not gRPC-Web, a status
//! hidden by CORS, a body cut short or too large, a connection that breaks.
//!
//! Dropping a call's future aborts its request.

pub mod frames;
pub mod status;

use std::{rc::Rc, time::Duration};

use crate::core::codec::{Decode, Encode};
use crate::core::platform::{CallerCode, Platform, Post, Response};
use crate::core::text::text;
use crate::core::Error;
use crate::proto::google::rpc::Code;
use frames::{Body, FrameError, Frames};

/// The default largest response frame: 4 MiB, as gRPC's default maximum
/// receive message size.
pub const DEFAULT_MAX_RESPONSE: usize = 4 << 20;
const GRPC_WEB: &str = "application/grpc-web+proto";
/// The request headers the transport sets itself, and `te` (HTTP/2's, which
/// gRPC uses): the caller's headers may not set these (the bindings refuse
/// them, naming `timeoutMs` for deadlines).
pub const RESERVED_HEADERS: &str = "content-type accept x-grpc-web grpc-timeout te";

/// The transport's own headers of a request with `timeout`.
fn own_headers(timeout: Option<Duration>) -> Vec<(&'static str, String)> {
    let mut headers = vec![
        ("content-type", GRPC_WEB.to_owned()),
        ("accept", GRPC_WEB.to_owned()),
        ("x-grpc-web", "1".to_owned()),
    ];
    if let Some(timeout) = timeout {
        headers.push(("grpc-timeout", grpc_timeout(timeout)));
    }
    headers
}
/// What a response with no status most likely means, for the error message.
const NO_STATUS: &str = "the response carries no grpc-status, neither in a trailers frame nor in \
    its headers. If the server is on another origin, it must expose grpc-status and grpc-message \
    (Access-Control-Expose-Headers), or the browser hides them; otherwise it ended the response \
    without a status";

/// Where and how to send calls.
#[derive(Clone)]
pub struct Transport {
    base: String,
    max_response: usize,
    platform: Rc<dyn Platform>,
}

impl Transport {
    /// Calls go to `base` (absolute, or relative to the page); response frames
    /// over `max_response` bytes are refused.
    pub fn new(base: &str, max_response: usize, platform: Rc<dyn Platform>) -> Transport {
        Transport {
            base: base.trim_end_matches('/').to_owned(),
            max_response,
            platform,
        }
    }

    /// The largest response message taken, in bytes.
    pub fn max_response(&self) -> usize {
        self.max_response
    }

    /// The same, refusing response messages over `max_response` bytes.
    pub fn limited(&self, max_response: usize) -> Transport {
        Transport {
            max_response,
            ..self.clone()
        }
    }

    /// The base URL calls go to, without a trailing `/`.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The platform the calls go through.
    pub fn platform(&self) -> &Rc<dyn Platform> {
        &self.platform
    }

    /// Whether calls can be made to the base URL: an INVALID_ARGUMENT error
    /// if it does not parse (relative URLs resolve against the page's or the
    /// worker's). Without this check, such a URL fails each call as a fetch
    /// would, with UNAVAILABLE.
    pub fn check_base_url(&self) -> Result<(), Error> {
        let url = text![self.base, "/google.longrunning.Operations/GetOperation"];
        self.platform
            .check_url(&url)
            .map_err(|why| Error::InvalidArgument(text!["the base URL does not parse: ", why]))
    }

    /// One unary call of `method` ("GetOperation") of `service`
    /// ("google.longrunning.Operations") with a request framed by [`frame`],
    /// on the operation (or collection) `name`, with the headers of the
    /// `caller`'s code: the reply message's bytes, for [`decode`]. Not
    /// generic, so that there is one copy of it in the wasm whatever the
    /// message types.
    pub async fn exchange(
        &self,
        (service, method): (&str, &'static str),
        framed: Vec<u8>,
        caller: Option<&dyn CallerCode>,
        name: &str,
        timeout: Option<Duration>,
    ) -> Result<Vec<u8>, Error> {
        let post = Post {
            url: text![self.base, '/', service, '/', method],
            method,
            name: name.to_owned(),
            headers: own_headers(timeout),
            body: framed,
        };
        let mut response = match caller {
            Some(caller) => caller.post(post),
            None => self.platform.post(post),
        }
        .await?;
        let message = self.read(response.as_mut()).await?;
        response.finish();
        message.ok_or_else(|| Error::Malformed("the server sent no message".to_owned()))
    }

    /// The one message of an OK response; any other status as an error.
    async fn read(&self, response: &mut dyn Response) -> Result<Option<Vec<u8>>, Error> {
        let header = |name: &str| response.header(name).map(|v| status::header_bytes(&v));
        // A status in the headers (a trailers-only response); the other two
        // are read only then, as most responses carry theirs in trailers.
        let in_headers = header("grpc-status").and_then(|code| {
            let mut fields = vec![("grpc-status".to_owned(), code)];
            for name in ["grpc-message", "grpc-status-details-bin"] {
                fields.extend(header(name).map(|value| (name.to_owned(), value)));
            }
            status::status(&fields)
        });
        if let Some(status) = in_headers.as_ref().filter(|s| s.code != Code::Ok as i32) {
            return Err(Error::Status(Box::new(status.clone())));
        }
        let content_type = response.header("content-type").unwrap_or_default();
        if response.status() != 200 {
            return Err(http_error(response, &content_type));
        }
        let grpc_web = content_type.starts_with("application/grpc-web")
            && !content_type.starts_with("application/grpc-web-text");
        if !grpc_web {
            return Err(Error::Malformed(text![
                "the server answered with content-type \"",
                content_type,
                "\", not gRPC-Web; is the URL a gRPC-Web endpoint?"
            ]));
        }
        let body = self.frames(response).await?;
        let trailers = body.trailers.as_deref().map(status::parse_trailers);
        let in_trailers = trailers.as_deref().and_then(status::status);
        match in_trailers.or(in_headers) {
            None => Err(Error::Malformed(NO_STATUS.to_owned())),
            Some(status) if status.code != Code::Ok as i32 => Err(Error::Status(Box::new(status))),
            Some(_) => match <[Vec<u8>; 1]>::try_from(body.messages) {
                Ok([message]) => Ok(Some(message)),
                Err(messages) if messages.is_empty() => Ok(None),
                Err(messages) => Err(Error::Malformed(text![
                    "the server sent ",
                    messages.len(),
                    " messages for a unary call"
                ])),
            },
        }
    }

    /// The body's frames, read chunk by chunk as they arrive.
    async fn frames(&self, response: &mut dyn Response) -> Result<Body, Error> {
        let mut frames = Frames::new(self.max_response);
        while let Some(chunk) = response.chunk().await? {
            frames.push(&chunk).map_err(frame_error)?;
        }
        frames.finish().map_err(frame_error)
    }
}

/// A reply message decoded.
pub fn decode_reply<R: Decode>(bytes: &[u8]) -> Result<R, Error> {
    R::decode(bytes)
        .map_err(|why| Error::Malformed(text!["the response message does not decode: ", why]))
}

/// A message in its gRPC-Web frame: flag 0, big-endian length, bytes.
pub fn frame(message: &impl Encode) -> Vec<u8> {
    let mut out = vec![0; 5];
    message.encode(&mut out);
    let len = (out.len() - 5) as u32;
    out[1..5].copy_from_slice(&len.to_be_bytes());
    out
}

/// `grpc-timeout`: at most 8 digits and a unit.
pub fn grpc_timeout(timeout: Duration) -> String {
    // u64 throughout: writing a u128 would add its own code to the wasm.
    const MAX: u64 = 99_999_999;
    let secs = timeout.as_secs();
    let ms = secs
        .saturating_mul(1000)
        .saturating_add(u64::from(timeout.subsec_millis()))
        .max(1);
    if ms <= MAX {
        return text![ms, 'm'];
    }
    if secs <= MAX {
        return text![secs, 'S'];
    }
    text![(secs / 3600).min(MAX), 'H']
}

fn http_error(response: &dyn Response, content_type: &str) -> Error {
    let status = response.status();
    let kind = match content_type {
        "" => "no content-type".to_owned(),
        _ => text!["content-type \"", content_type, '"'],
    };
    Error::Http {
        code: status::code_of_http(status),
        message: text![
            "the server answered HTTP ",
            status,
            ' ',
            response.status_text(),
            " (",
            kind,
            "), not a gRPC-Web response"
        ],
    }
}

fn frame_error(error: FrameError) -> Error {
    match error {
        FrameError::TooLarge { .. } => {
            let mut message = error.message();
            message.push_str("; raise it with the client's maxResponseBytes");
            Error::TooLarge(message)
        }
        _ => Error::Malformed(error.message()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grpc_timeouts_fit_eight_digits() {
        assert_eq!(grpc_timeout(Duration::from_millis(1500)), "1500m");
        assert_eq!(grpc_timeout(Duration::ZERO), "1m");
        assert_eq!(grpc_timeout(Duration::from_secs(200_000)), "200000S");
        assert_eq!(grpc_timeout(Duration::from_secs(u64::MAX)), "99999999H");
    }

    #[test]
    fn the_headers_the_transport_sets_are_reserved() {
        let reserved: Vec<&str> = RESERVED_HEADERS.split(' ').collect();
        for (name, _) in own_headers(Some(Duration::from_secs(1))) {
            assert!(reserved.contains(&name), "{name} is not reserved");
        }
        assert!(reserved.contains(&"te"));
    }

    #[test]
    fn frames_carry_the_message() {
        let message = prost_types::Duration {
            seconds: 1,
            nanos: 0,
        };
        assert_eq!(frame(&message), vec![0, 0, 0, 0, 2, 8, 1]);
    }
}
