//! What the tests that start the server need: a server on port 0 in this
//! process, a real HTTP client (HTTP/1.1, or HTTP/2 over TLS), and gRPC-Web
//! calls framed by hand, so that the tests see exactly what goes over the wire.

use std::{
    collections::HashMap,
    path::PathBuf,
    time::{Duration, SystemTime},
};

use bytes::Bytes;
use clap::Parser;
use http::{HeaderMap, Version};
use prost::Message;
use tonic::Code;

use crate::proto::demo::{GetStatsRequest, ServerStats, StartJobRequest};
use crate::proto::google::longrunning::Operation;

/// The Jobs service's StartJob.
pub const START_JOB: &str = "/lro.demo.v1.Jobs/StartJob";
/// The Jobs service's GetStats.
pub const GET_STATS: &str = "/lro.demo.v1.Jobs/GetStats";
/// The Operations service's GetOperation.
pub const GET_OPERATION: &str = "/google.longrunning.Operations/GetOperation";
/// The Operations service's WaitOperation.
pub const WAIT_OPERATION: &str = "/google.longrunning.Operations/WaitOperation";

/// A server running in this process until the test's runtime ends.
pub struct Running {
    /// Its base URL, as the log line gives it.
    pub url: String,
}

impl Running {
    /// The URL of `path` on this server.
    pub fn at(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }
}

/// Starts a server on 127.0.0.1, port 0, with these command-line flags.
pub async fn start(flags: &[&str]) -> Running {
    let args = ["lro-server", "--addr", "127.0.0.1:0"];
    let args = crate::Args::parse_from(args.iter().chain(flags));
    let server = crate::start(&args).await.expect("server starts");
    let url = server.url().expect("local address");
    tokio::spawn(server.run(std::future::pending()));
    Running { url }
}

/// An HTTP client that takes a self-signed certificate on trust.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .danger_accept_invalid_certs(true)
        .build()
        .expect("client")
}

/// A directory of its own for one test.
pub fn temp_dir(tag: &str) -> PathBuf {
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let dir = std::env::temp_dir().join(format!("lro-server-{tag}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// A gRPC-Web response, taken apart.
#[derive(Debug)]
pub struct Reply {
    /// The HTTP version it came over.
    pub version: Version,
    /// Its HTTP headers.
    pub headers: HeaderMap,
    /// The payload of its first message frame, if any.
    pub message: Option<Bytes>,
    /// The fields of its trailers frame, if any.
    pub trailers: HashMap<String, String>,
}

impl Reply {
    /// A gRPC status field: from the headers (trailers-only) or the trailers.
    pub fn field(&self, name: &str) -> Option<String> {
        let header = self.headers.get(name).and_then(|v| v.to_str().ok());
        header
            .map(str::to_owned)
            .or_else(|| self.trailers.get(name).cloned())
    }

    /// The call's grpc-message, percent-decoded; empty when absent.
    pub fn message(&self) -> String {
        let raw = self.field("grpc-message").unwrap_or_default();
        let (mut bytes, mut rest) = (Vec::new(), raw.as_bytes());
        while let Some((&byte, tail)) = rest.split_first() {
            let hex = tail.get(..2).filter(|_| byte == b'%');
            let hex = hex.and_then(|h| std::str::from_utf8(h).ok());
            match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                Some(decoded) => {
                    bytes.push(decoded);
                    rest = &tail[2..];
                }
                _ => {
                    bytes.push(byte);
                    rest = tail;
                }
            }
        }
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// The call's gRPC status code.
    pub fn code(&self) -> Code {
        let status = self.field("grpc-status").expect("grpc-status");
        Code::from_i32(status.parse().expect("numeric grpc-status"))
    }

    /// The response message.
    pub fn decode<M: Message + Default>(&self) -> M {
        M::decode(self.message.clone().expect("a message")).expect("message decodes")
    }
}

/// Makes a unary gRPC-Web call of `path` with `message` and extra `headers`.
/// An error is a call that got no HTTP response, or whose body broke off.
pub async fn call<M: Message>(
    client: &reqwest::Client,
    url: &str,
    path: &str,
    message: &M,
    headers: &[(&str, &str)],
) -> Result<Reply, reqwest::Error> {
    let payload = message.encode_to_vec();
    let mut body = vec![0];
    body.extend_from_slice(&(payload.len() as u32).to_be_bytes());
    body.extend_from_slice(&payload);
    let mut request = client
        .post(format!("{url}{path}"))
        .header("content-type", "application/grpc-web+proto")
        .header("x-grpc-web", "1")
        .body(body);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await?;
    let (version, headers) = (response.version(), response.headers().clone());
    let body = response.bytes().await?;
    let (message, trailers) = frames(&body);
    Ok(Reply {
        version,
        headers,
        message,
        trailers,
    })
}

/// The first message frame's payload and the trailers of a gRPC-Web body.
fn frames(mut body: &[u8]) -> (Option<Bytes>, HashMap<String, String>) {
    let (mut message, mut trailers) = (None, HashMap::new());
    while body.len() >= 5 {
        let len = u32::from_be_bytes([body[1], body[2], body[3], body[4]]) as usize;
        let payload = &body[5..(5 + len).min(body.len())];
        if body[0] & 0x80 != 0 {
            let text = String::from_utf8_lossy(payload);
            for line in text.split("\r\n") {
                if let Some((name, value)) = line.split_once(':') {
                    trailers.insert(name.trim().to_ascii_lowercase(), value.trim().to_owned());
                }
            }
        } else if message.is_none() {
            message = Some(Bytes::copy_from_slice(payload));
        }
        body = &body[(5 + len).min(body.len())..];
    }
    (message, trailers)
}

/// Starts a job; its operation.
pub async fn start_job(client: &reqwest::Client, url: &str, job: StartJobRequest) -> Operation {
    let reply = call(client, url, START_JOB, &job, &[])
        .await
        .expect("StartJob");
    assert_eq!(reply.code(), Code::Ok, "StartJob: {reply:?}");
    reply.decode()
}

/// GetStats for the operation `name` ("" for every call).
pub async fn stats(client: &reqwest::Client, url: &str, name: &str) -> Reply {
    let request = GetStatsRequest {
        name: name.to_owned(),
        reset_peak: false,
    };
    call(client, url, GET_STATS, &request, &[])
        .await
        .expect("GetStats")
}

/// GetStats for the operation `name`, decoded.
pub async fn server_stats(client: &reqwest::Client, url: &str, name: &str) -> ServerStats {
    stats(client, url, name).await.decode()
}

/// Waits (up to 5 s) until `n` WaitOperation calls on `name` are open.
pub async fn open_waits_reach(client: &reqwest::Client, url: &str, name: &str, n: u32) {
    for _ in 0..250 {
        if server_stats(client, url, name).await.open_waits == n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("{url}: the WaitOperation calls open on {name} never came to {n}");
}
