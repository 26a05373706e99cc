//! Misbehaviour on request, for clients' tests: a request header
//! `x-lro-fault: MODE` on any gRPC-Web call makes the server answer wrongly
//! in that way, for real over HTTP. The modes:
//!
//! | mode | the response |
//! |---|---|
//! | `trailers-only` | HTTP 200, no body, NOT_FOUND in the headers |
//! | `split-trailers` | the real response, sent 3 bytes at a time, so its trailers frame is split across chunks |
//! | `http-403`, `http-429`, `http-502`, `http-503`, `http-504` | that HTTP status with an HTML page |
//! | `not-grpc-web` | HTTP 200 with a `text/plain` page, as a web server that is not gRPC-Web answers |
//! | `empty-200` | HTTP 200, gRPC-Web content-type, empty body, no status |
//! | `truncated` | the real response cut in the middle of its message frame |
//! | `long-prefix` | a frame prefix claiming 1000 bytes, then 10 bytes |
//! | `huge` | an 8 MiB message, streamed in 64 KiB chunks |
//! | `drip` | the real response, 4 bytes every 40 ms |
//! | `reset` | half the real message, then the connection is reset |
//! | `no-expose` | NOT_FOUND in the headers, without CORS's Access-Control-Expose-Headers |
//! | `no-cors` | the real response, without CORS's Access-Control-Allow-Origin: the browser refuses it to the page |
//! | `bad-message` | FAILED_PRECONDITION whose grpc-message has invalid percent-encoding and UTF-8 |
//!
//! The other faults on request live beside these:
//!
//! | asked by | what happens |
//! |---|---|
//! | `POST /fault/outage?ms=N` | for N ms every gRPC-Web call, arriving or in flight, gets no HTTP response at all ([`crate::outage`]) |
//! | StartJob's `unavailable_calls`, `retry_delay_ms` | that many GetOperation or WaitOperation calls on the job's operation answer UNAVAILABLE with a RetryInfo ([`crate::unavailable`]) |
//! | `--auth` | the Operations calls without a live `Bearer t-<expiry>` token answer UNAUTHENTICATED ([`crate::auth`]) |
//! | `--fail-rate` | that share of GetOperation and WaitOperation calls answer UNAVAILABLE |

use std::{convert::Infallible, io, time::Duration};

use axum::{body::Body, extract::Request, middleware::Next, response::Response};
use bytes::Bytes;
use futures_util::stream::{self, StreamExt};
use http::{header, HeaderValue, StatusCode};
use http_body_util::BodyExt;

/// The request header that picks a fault.
pub const HEADER: &str = "x-lro-fault";
const GRPC_WEB: &str = "application/grpc-web+proto";

fn fault_of(request: &Request) -> Option<String> {
    let value = request.headers().get(HEADER)?;
    value.to_str().ok().map(str::to_owned)
}

/// The inner layer (inside CORS): answers with the requested fault.
pub async fn inject(request: Request, next: Next) -> Response {
    let Some(fault) = fault_of(&request) else {
        return next.run(request).await;
    };
    match fault.as_str() {
        "trailers-only" | "no-expose" => status_only(b"5", b"no such operation (trailers-only)"),
        "bad-message" => status_only(b"9", b"bad %ZZ, %FF%FE and raw \xff end"),
        "http-403" => html(StatusCode::FORBIDDEN),
        "http-429" => html(StatusCode::TOO_MANY_REQUESTS),
        "http-502" => html(StatusCode::BAD_GATEWAY),
        "http-503" => html(StatusCode::SERVICE_UNAVAILABLE),
        "http-504" => html(StatusCode::GATEWAY_TIMEOUT),
        "not-grpc-web" => Response::builder()
            .header(header::CONTENT_TYPE, "text/plain")
            .body(Body::from("hello from a web server"))
            .unwrap_or_default(),
        "empty-200" => grpc(Body::empty()),
        "long-prefix" => {
            let mut bytes = vec![0, 0, 0, 0x03, 0xe8];
            bytes.extend_from_slice(&[7; 10]);
            grpc(Body::from(bytes))
        }
        "huge" => grpc(Body::from_stream(huge())),
        "no-cors" => next.run(request).await,
        "split-trailers" | "truncated" | "drip" | "reset" => {
            let real = real_body(next.run(request).await).await;
            reshaped(&fault, real)
        }
        _ => Response::builder()
            .status(StatusCode::BAD_REQUEST)
            .body(Body::from(format!("unknown {HEADER}: {fault}")))
            .unwrap_or_default(),
    }
}

/// The outer layer (outside CORS): takes CORS's expose list off `no-expose`
/// responses, as a misconfigured proxy would, and its allowed origin off
/// `no-cors` ones, as a server that does not allow the page's origin.
pub async fn strip_cors(request: Request, next: Next) -> Response {
    let stripped = match fault_of(&request).as_deref() {
        Some("no-expose") => Some(header::ACCESS_CONTROL_EXPOSE_HEADERS),
        Some("no-cors") => Some(header::ACCESS_CONTROL_ALLOW_ORIGIN),
        _ => None,
    };
    let mut response = next.run(request).await;
    if let Some(name) = stripped {
        response.headers_mut().remove(name);
    }
    response
}

fn grpc(body: Body) -> Response {
    Response::builder()
        .header(header::CONTENT_TYPE, GRPC_WEB)
        .body(body)
        .unwrap_or_default()
}

/// A trailers-only response: the status in the headers, no body.
fn status_only(code: &[u8], message: &[u8]) -> Response {
    let mut response = grpc(Body::empty());
    let headers = response.headers_mut();
    // Obs-text bytes (0x80 and up) are valid in a header value.
    for (name, value) in [("grpc-status", code), ("grpc-message", message)] {
        if let Ok(value) = HeaderValue::from_bytes(value) {
            headers.insert(name, value);
        }
    }
    response
}

fn html(status: StatusCode) -> Response {
    let page = format!(
        "<!doctype html><html><body><h1>{status}</h1><p>upstream trouble</p></body></html>"
    );
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .body(Body::from(page))
        .unwrap_or_default()
}

/// An 8 MiB message frame, made lazily.
fn huge() -> impl futures_util::Stream<Item = Result<Bytes, Infallible>> {
    const LEN: u32 = 8 << 20;
    const CHUNK: usize = 64 << 10;
    let prefix = stream::once(async {
        let mut prefix = vec![0];
        prefix.extend_from_slice(&LEN.to_be_bytes());
        Ok(Bytes::from(prefix))
    });
    let chunks = (0..LEN as usize / CHUNK).map(|_| Ok(Bytes::from(vec![0; CHUNK])));
    prefix.chain(stream::iter(chunks))
}

async fn real_body(response: Response) -> Bytes {
    match response.into_body().collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => Bytes::new(),
    }
}

/// The real response body, re-sent in the shape `fault` asks for.
fn reshaped(fault: &str, real: Bytes) -> Response {
    // The first frame's payload length, from its prefix.
    let first_len = real
        .get(1..5)
        .map_or(0, |p| u32::from_be_bytes([p[0], p[1], p[2], p[3]]) as usize);
    let half = (5 + first_len / 2).min(real.len());
    let pieces = |size: usize, bytes: Bytes| -> Vec<Bytes> {
        bytes.chunks(size).map(Bytes::copy_from_slice).collect()
    };
    match fault {
        "truncated" => grpc(Body::from(real.slice(..half))),
        "reset" => {
            let head = stream::iter([Ok(real.slice(..half))]);
            let broken = stream::once(async {
                tokio::time::sleep(Duration::from_millis(50)).await;
                Err(io::Error::new(
                    io::ErrorKind::ConnectionReset,
                    "reset by fault",
                ))
            });
            grpc(Body::from_stream(head.chain(broken)))
        }
        "drip" => grpc(Body::from_stream(paced(pieces(4, real), 40))),
        _ => grpc(Body::from_stream(paced(pieces(3, real), 5))),
    }
}

/// The pieces, one every `ms` milliseconds.
fn paced(
    pieces: Vec<Bytes>,
    ms: u64,
) -> impl futures_util::Stream<Item = Result<Bytes, Infallible>> {
    stream::iter(pieces).then(move |piece| async move {
        tokio::time::sleep(Duration::from_millis(ms)).await;
        Ok(piece)
    })
}
