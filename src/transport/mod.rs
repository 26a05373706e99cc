//! Unary gRPC-Web calls over the browser's `fetch`, with every fault of the
//! HTTP exchange told apart: an HTTP error status (a 503 page from a proxy),
//! a body that is not gRPC-Web, a status hidden by CORS, a body cut short or
//! too large, a connection that breaks. Works in windows and workers.
//!
//! Dropping a call's future aborts its fetch.

pub mod frames;
pub mod status;

use std::time::Duration;

use js_sys::{Promise, Uint8Array};
use wasm_bindgen::{prelude::wasm_bindgen, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, ReadableStreamDefaultReader, ReadableStreamReadResult, RequestInit, Response,
};

use crate::codec::{Decode, Encode};
use crate::proto::google::rpc::Code;
use crate::Error;
use frames::{Body, FrameError, Frames};

/// The default largest response frame: 4 MiB, as gRPC's default maximum
/// receive message size.
pub const DEFAULT_MAX_RESPONSE: usize = 4 << 20;
const GRPC_WEB: &str = "application/grpc-web+proto";
/// What a response with no status most likely means, for the error message.
const NO_STATUS: &str = "the response carries no grpc-status, neither in a trailers frame nor in \
    its headers. If the server is on another origin, it must expose grpc-status and grpc-message \
    (Access-Control-Expose-Headers), or the browser hides them; otherwise it ended the response \
    without a status";

#[wasm_bindgen]
extern "C" {
    /// The global `fetch`, of a window or a worker. Given the URL and the
    /// init rather than a `Request`, which would be built twice.
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(url: &str, init: &RequestInit) -> Promise;
}

/// Where and how to send calls.
#[derive(Clone, Debug)]
pub struct Transport {
    base: String,
    max_response: usize,
}

/// Aborts the fetch when the call is dropped or fails while the body is
/// still coming; [`AbortOnDrop::disarm`] once the body was read to its end.
struct AbortOnDrop(Option<AbortController>);

impl AbortOnDrop {
    fn disarm(&mut self) {
        self.0 = None;
    }
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(controller) = &self.0 {
            controller.abort();
        }
    }
}

impl Transport {
    /// Calls go to `base` (absolute, or relative to the page); response frames
    /// over `max_response` bytes are refused.
    pub fn new(base: &str, max_response: usize) -> Transport {
        Transport {
            base: base.trim_end_matches('/').to_owned(),
            max_response,
        }
    }

    /// Whether calls can be made to the base URL: an INVALID_ARGUMENT error
    /// if it does not parse (relative URLs resolve against the page's or the
    /// worker's). Without this check, such a URL fails each call as a fetch
    /// would, with UNAVAILABLE.
    pub fn check_base_url(&self) -> Result<(), Error> {
        let url = format!("{}/google.longrunning.Operations/GetOperation", self.base);
        web_sys::Request::new_with_str(&url).map(drop).map_err(|e| {
            Error::InvalidArgument(format!("the base URL does not parse: {}", describe(&e)))
        })
    }

    /// One unary call of `method` ("google.longrunning.Operations/GetOperation")
    /// with a request framed by [`frame`]: the reply message's bytes, for
    /// [`decode`]. Not generic, so that there is one copy of it in the wasm
    /// whatever the message types.
    pub async fn exchange(
        &self,
        method: &str,
        framed: Vec<u8>,
        headers: &[(String, String)],
        timeout: Option<Duration>,
    ) -> Result<Vec<u8>, Error> {
        let controller =
            AbortController::new().map_err(|e| network("fetch is not available", &e))?;
        let mut abort = AbortOnDrop(Some(controller.clone()));
        let init = RequestInit::new();
        init.set_method("POST");
        init.set_headers(&request_headers(headers, timeout)?.into());
        init.set_body(&Uint8Array::from(framed.as_slice()));
        init.set_signal(Some(&controller.signal()));
        let url = format!("{}/{method}", self.base);
        let response: Response = JsFuture::from(global_fetch(&url, &init))
            .await
            .map_err(|e| {
                network(
                    "the server could not be reached, or it refused this origin (CORS)",
                    &e,
                )
            })?
            .unchecked_into();
        let message = self.read(&response).await?;
        abort.disarm();
        message.ok_or_else(|| Error::Malformed("the server sent no message".to_owned()))
    }

    /// The one message of an OK response; any other status as an error.
    async fn read(&self, response: &Response) -> Result<Option<Vec<u8>>, Error> {
        let headers = response.headers();
        let header = |name: &str| {
            headers
                .get(name)
                .ok()
                .flatten()
                .map(|v| status::header_bytes(&v))
        };
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
        let content_type = headers
            .get("content-type")
            .ok()
            .flatten()
            .unwrap_or_default();
        if response.status() != 200 {
            return Err(http_error(response, &content_type));
        }
        let grpc_web = content_type.starts_with("application/grpc-web")
            && !content_type.starts_with("application/grpc-web-text");
        if !grpc_web {
            return Err(Error::Malformed(format!(
                "the server answered with content-type \"{content_type}\", not gRPC-Web; \
                 is the URL a gRPC-Web endpoint?"
            )));
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
                Err(messages) => Err(Error::Malformed(format!(
                    "the server sent {} messages for a unary call",
                    messages.len()
                ))),
            },
        }
    }

    /// The body's frames, read chunk by chunk as they arrive.
    async fn frames(&self, response: &Response) -> Result<Body, Error> {
        let mut frames = Frames::new(self.max_response);
        let Some(stream) = response.body() else {
            return frames.finish().map_err(frame_error);
        };
        let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
        loop {
            let read: ReadableStreamReadResult = JsFuture::from(reader.read())
                .await
                .map_err(|e| network("the connection broke while the response was read", &e))?
                .unchecked_into();
            if read.get_done() != Some(false) {
                return frames.finish().map_err(frame_error);
            }
            let chunk: Uint8Array = read
                .get_value()
                .dyn_into()
                .unwrap_or_else(|_| Uint8Array::new_with_length(0));
            frames.push(&chunk.to_vec()).map_err(frame_error)?;
        }
    }
}

/// A reply message decoded.
pub fn decode<R: Decode>(bytes: &[u8]) -> Result<R, Error> {
    R::decode(bytes)
        .map_err(|e| Error::Malformed(format!("the response message does not decode: {e}")))
}

/// A message in its gRPC-Web frame: flag 0, big-endian length, bytes.
pub fn frame(message: &impl Encode) -> Vec<u8> {
    let mut out = vec![0; 5];
    message.encode(&mut out);
    let len = (out.len() - 5) as u32;
    out[1..5].copy_from_slice(&len.to_be_bytes());
    out
}

fn request_headers(
    headers: &[(String, String)],
    timeout: Option<Duration>,
) -> Result<web_sys::Headers, Error> {
    let out = web_sys::Headers::new().map_err(|e| network("Headers is not available", &e))?;
    let set = |name: &str, value: &str| {
        out.set(name, value)
            .map_err(|_| Error::InvalidArgument(format!("header {name} is refused by the browser")))
    };
    set("content-type", GRPC_WEB)?;
    set("accept", GRPC_WEB)?;
    set("x-grpc-web", "1")?;
    if let Some(timeout) = timeout {
        set("grpc-timeout", &grpc_timeout(timeout))?;
    }
    for (name, value) in headers {
        // Names and values were checked when given.
        set(name, value)?;
    }
    Ok(out)
}

/// `grpc-timeout`: at most 8 digits and a unit.
pub fn grpc_timeout(timeout: Duration) -> String {
    // u64 throughout: formatting a u128 would add its own code to the wasm.
    const MAX: u64 = 99_999_999;
    let secs = timeout.as_secs();
    let ms = secs
        .saturating_mul(1000)
        .saturating_add(u64::from(timeout.subsec_millis()))
        .max(1);
    if ms <= MAX {
        return format!("{ms}m");
    }
    if secs <= MAX {
        return format!("{secs}S");
    }
    format!("{}H", (secs / 3600).min(MAX))
}

fn http_error(response: &Response, content_type: &str) -> Error {
    let status = response.status();
    let kind = match content_type {
        "" => "no content-type".to_owned(),
        _ => format!("content-type \"{content_type}\""),
    };
    Error::Http {
        code: status::code_of_http(status),
        message: format!(
            "the server answered HTTP {status} {} ({kind}), not a gRPC-Web response",
            response.status_text()
        ),
    }
}

fn frame_error(error: FrameError) -> Error {
    match error {
        FrameError::TooLarge { .. } => Error::TooLarge(format!(
            "{error}; raise it with the client's maxResponseBytes"
        )),
        _ => Error::Malformed(error.to_string()),
    }
}

fn network(what: &str, error: &JsValue) -> Error {
    Error::Network(format!("{what}: {}", describe(error)))
}

/// A JS error's message, or the value as a string.
pub fn describe(value: &JsValue) -> String {
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    value
        .as_string()
        .unwrap_or_else(|| "a value that is not an Error".to_owned())
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
    fn frames_carry_the_message() {
        let message = prost_types::Duration {
            seconds: 1,
            nanos: 0,
        };
        assert_eq!(frame(&message), vec![0, 0, 0, 0, 2, 8, 1]);
    }
}
