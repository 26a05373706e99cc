//! `lro-server`: a reference google.longrunning.Operations server over gRPC-Web,
//! with the demo Jobs service, for lro-web's browser tests and demo page.
//!
//! ```text
//! lro-server [--addr 127.0.0.1:8080] [--www DIR] [--max-wait-ms 20000]
//!            [--no-wait] [--fail-rate 0.3 --seed N] [--state PATH] [--auth]
//! ```
//!
//! Every response carries `Timing-Allow-Origin: *`, so that a page of another
//! origin reads its `PerformanceResourceTiming` (`nextHopProtocol`).
//!
//! A request header `x-lro-fault: MODE` makes any call misbehave on purpose
//! (see [`faults`]); a job started with `unavailable_calls` has that many
//! GetOperation or WaitOperation calls answer UNAVAILABLE with a RetryInfo
//! (see [`unavailable`]). `--auth` makes the Operations service ask for a
//! bearer token that expires (see [`auth`]).

mod auth;
mod faults;
mod jobs;
mod listing;
mod operations;
mod persist;
mod proto;
mod stats;
mod store;
mod unavailable;

use std::{net::SocketAddr, path::PathBuf, sync::Arc, time::Duration};

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
    /// The Operations service asks for `authorization: Bearer t-<expiry>`,
    /// the expiry in milliseconds since the Unix epoch; the Jobs service does not.
    #[arg(long)]
    auth: bool,
}

/// Headers a browser may read from a gRPC-Web response.
const EXPOSED: [&str; 3] = ["grpc-status", "grpc-message", "grpc-status-details-bin"];

/// CORS for any origin: browsers' gRPC-Web calls.
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
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
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
        .route("/descriptors.binpb", axum::routing::get(descriptors));
    if let Some(dir) = &args.www {
        app = app.fallback_service(ServeDir::new(dir));
    }
    // Faults inside CORS (their answers carry CORS headers); the outer layer
    // takes the expose list off `no-expose` answers. Timing-Allow-Origin on
    // every answer, faults' too.
    let app = app
        .layer(axum::middleware::from_fn(faults::inject))
        .layer(cors())
        .layer(axum::middleware::from_fn(faults::hide_exposed))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("timing-allow-origin"),
            HeaderValue::from_static("*"),
        ));

    let listener = tokio::net::TcpListener::bind(args.addr).await?;
    println!("lro-server listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
