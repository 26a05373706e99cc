//! `lro-server`: a reference google.longrunning.Operations server over gRPC-Web,
//! with the demo Jobs service, for lro-web's browser tests and demo page.
//!
//! ```text
//! lro-server [--addr 127.0.0.1:8080] [--www DIR] [--max-wait-ms 20000]
//!            [--no-wait] [--fail-rate 0.3 --seed N] [--state PATH]
//!            [--tls [--cert PATH --key PATH]] [--auth]
//! ```
//!
//! Once it listens it prints `lro-server listening on http://ADDR` (with
//! `--tls`, `https://ADDR`). HTTP/1.1 and HTTP/2 share the port; with `--tls`
//! ALPN offers both, so browsers speak HTTP/2 ([`tls`]). Every response
//! carries `Timing-Allow-Origin: *`, so that a page of another origin reads
//! its `PerformanceResourceTiming` (`nextHopProtocol`).
//!
//! Misbehaviour on purpose, for clients' tests:
//! - a request header `x-lro-fault: MODE` makes any call misbehave
//!   ([`faults`]);
//! - `POST /fault/outage?ms=N` cuts every gRPC-Web call, arriving or in
//!   flight, for N ms: no HTTP response at all ([`outage`]);
//! - a job started with `unavailable_calls` has that many GetOperation or
//!   WaitOperation calls answer UNAVAILABLE with a RetryInfo ([`unavailable`]);
//! - `--auth` makes the Operations service ask for a bearer token that
//!   expires ([`auth`]);
//! - `--fail-rate` answers a share of the GetOperation and WaitOperation
//!   calls with UNAVAILABLE.

mod auth;
mod faults;
mod jobs;
mod listing;
mod operations;
mod outage;
mod persist;
mod proto;
mod serve;
mod stats;
mod store;
#[cfg(test)]
mod testing;
mod tls;
mod unavailable;

use std::{error::Error, net::SocketAddr, path::PathBuf, sync::Arc, time::Duration};

use axum::Router;
use clap::Parser;
use http::{
    header::{HeaderName, HeaderValue},
    Method,
};
use tonic::service::Routes;
use tonic_web::GrpcWebLayer;
use tower_http::{
    cors::{AllowHeaders, Any, CorsLayer},
    services::ServeDir,
    set_header::SetResponseHeaderLayer,
};
use tower_layer::Layer;

use crate::outage::Outage;
use crate::proto::demo::jobs_server::JobsServer;
use crate::proto::google::longrunning::operations_server::OperationsServer;

/// Command-line flags.
#[derive(Parser, Debug)]
#[command(
    version,
    about = "Reference google.longrunning.Operations server over gRPC-Web"
)]
struct Args {
    /// Address to listen on (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Serve this directory's static files on the same port.
    #[arg(long)]
    www: Option<PathBuf>,
    /// Longest a WaitOperation blocks before returning the latest state.
    #[arg(long, default_value_t = 20_000)]
    max_wait_ms: u64,
    /// WaitOperation answers UNIMPLEMENTED (a server without it).
    #[arg(long)]
    no_wait: bool,
    /// Fraction (0 to 1) of GetOperation and WaitOperation calls that answer UNAVAILABLE.
    #[arg(long, default_value_t = 0.0)]
    fail_rate: f64,
    /// Seed of --fail-rate's draws.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Keep operations and jobs in this database file (redb): a restarted
    /// server has them all and resumes the running jobs.
    #[arg(long)]
    state: Option<PathBuf>,
    /// Serve HTTPS, with ALPN h2 and http/1.1. The certificate is made at
    /// start, self-signed for 127.0.0.1, localhost and ::1, unless --cert and
    /// --key name PEM files.
    #[arg(long)]
    tls: bool,
    /// The certificate chain, PEM, leaf first (with --tls and --key).
    #[arg(long, requires_all = ["tls", "key"])]
    cert: Option<PathBuf>,
    /// The certificate's private key, PEM (with --tls and --cert).
    #[arg(long, requires_all = ["tls", "cert"])]
    key: Option<PathBuf>,
    /// The Operations service asks for `authorization: Bearer t-<expiry>`,
    /// the expiry in milliseconds since the Unix epoch; the Jobs service does not.
    #[arg(long)]
    auth: bool,
}

/// Headers a browser may read from a gRPC-Web response.
const EXPOSED: [&str; 3] = ["grpc-status", "grpc-message", "grpc-status-details-bin"];

/// CORS for any origin: browsers' gRPC-Web calls, and the outage endpoint.
fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::POST, Method::GET, Method::OPTIONS])
        // Named back, not `*`: a wildcard does not cover `authorization`.
        .allow_headers(AllowHeaders::mirror_request())
        .expose_headers(EXPOSED.map(HeaderName::from_static))
        .max_age(Duration::from_secs(600))
}

/// The FileDescriptorSet of every proto this server serves, with their imports
/// (what `protoc --include_imports --descriptor_set_out` writes), for clients'
/// type registries.
async fn descriptors() -> impl axum::response::IntoResponse {
    const SET: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/descriptors.binpb"));
    (
        [(axum::http::header::CONTENT_TYPE, "application/octet-stream")],
        SET,
    )
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let args = Args::parse();
    let server = start(&args).await?;
    println!("lro-server listening on {}", server.url()?);
    server
        .run(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await;
    Ok(())
}

/// Builds the server that `args` describe and binds its address.
async fn start(args: &Args) -> Result<serve::Server, Box<dyn Error>> {
    let outage = Arc::new(Outage::default());
    let app = app(args, outage.clone())?;
    let tls = match args.tls {
        true => Some(tls::acceptor(args.cert.as_deref(), args.key.as_deref())?),
        false => None,
    };
    Ok(serve::Server::bind(args.addr, app, outage, tls).await?)
}

/// The services, the descriptors, the outage endpoint and the static files,
/// behind the faults and CORS.
fn app(args: &Args, outage: Arc<Outage>) -> Result<Router, Box<dyn Error>> {
    let (store, jobs) = match &args.state {
        Some(path) => {
            let persist = persist::Persist::open(path)?;
            let saved = persist.load()?;
            store::Store::persistent(persist, saved)
        }
        None => (store::Store::default(), Vec::new()),
    };
    let store = Arc::new(store);
    jobs::resume(&store, jobs);
    let stats = Arc::new(stats::Stats::default());
    let planned = Arc::new(unavailable::Planned::default());
    let behaviour = operations::Behaviour {
        max_wait: Duration::from_millis(args.max_wait_ms),
        no_wait: args.no_wait,
        fail_rate: args.fail_rate,
        seed: args.seed,
        auth: args.auth,
    };
    let web = GrpcWebLayer::new();
    let ops = operations::OperationsService::new(
        store.clone(),
        stats.clone(),
        planned.clone(),
        behaviour,
    );
    let jobs = jobs::JobsService::new(store, stats, planned);
    let (ops, jobs) = (OperationsServer::new(ops), JobsServer::new(jobs));
    let mut app = Routes::new(web.layer(ops))
        .add_service(web.layer(jobs))
        .prepare()
        .into_axum_router()
        .route("/descriptors.binpb", axum::routing::get(descriptors))
        .merge(outage.routes());
    if let Some(dir) = &args.www {
        app = app.fallback_service(ServeDir::new(dir));
    }
    // Faults inside CORS (their answers carry CORS headers); the outer layer
    // takes CORS headers off `no-expose` and `no-cors` answers.
    // Timing-Allow-Origin on every answer, faults' too.
    let app = app
        .layer(axum::middleware::from_fn(faults::inject))
        .layer(cors())
        .layer(axum::middleware::from_fn(faults::strip_cors))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("timing-allow-origin"),
            HeaderValue::from_static("*"),
        ));
    Ok(app)
}

#[cfg(test)]
mod tests {
    use crate::testing;

    #[tokio::test]
    async fn every_response_carries_timing_allow_origin() {
        let server = testing::start(&[]).await;
        let client = testing::client();
        let descriptors = client.get(server.at("/descriptors.binpb")).send();
        let missing = client.get(server.at("/no/such/file")).send();
        let preflight = client
            .request(http::Method::OPTIONS, server.at(testing::GET_STATS))
            .header("origin", "http://page.test")
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "authorization,x-grpc-web")
            .send();
        let outage = client.post(server.at("/fault/outage?ms=0")).send();
        let mut headers = Vec::new();
        for response in [
            descriptors.await,
            missing.await,
            preflight.await,
            outage.await,
        ] {
            headers.push(response.unwrap().headers().clone());
        }
        let fault = ("x-lro-fault", "http-503");
        for fault in [None, Some(fault)] {
            let faults = Vec::from_iter(fault);
            let call = testing::call(&client, &server.url, testing::GET_STATS, &(), &faults);
            headers.push(call.await.unwrap().headers);
        }
        for headers in &headers {
            let tao = headers.get("timing-allow-origin");
            assert_eq!(tao.map(|v| v.as_bytes()), Some(&b"*"[..]), "{headers:?}");
        }
        let allowed = headers[2]["access-control-allow-headers"].to_str().unwrap();
        assert!(allowed.contains("authorization"), "{allowed}");
    }
}
