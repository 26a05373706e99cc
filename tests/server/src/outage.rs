//! `POST /fault/outage?ms=N`: an outage on request, for clients' offline
//! tests. It answers 204 No Content, and for the N milliseconds that follow
//! every gRPC-Web request (by its `application/grpc-web*` content type) that
//! arrives is cut: it gets no HTTP response at all. Over HTTP/1.1 its
//! connection is closed; over HTTP/2 its stream is reset (`RST_STREAM`), the
//! connection's other streams going on. A browser's `fetch` rejects with a
//! network error (`TypeError: Failed to fetch`). A request cut on arrival
//! never reaches the services, so it is not counted in the stats.
//!
//! Every gRPC-Web call already in flight when an outage starts (notably a
//! WaitOperation long-poll, or a response still streaming) is cut the same
//! way at once. The endpoint itself, `GET /descriptors.binpb`, static files
//! and CORS preflights keep working, and the jobs go on running, so that
//! operations can finish during an outage. A new outage replaces the one
//! under way; `ms=0` cuts the calls in flight and ends the outage.

use std::{
    error::Error,
    fmt,
    future::Future,
    pin::{pin, Pin},
    sync::Arc,
    task::{Context, Poll},
    time::Duration,
};

use axum::{
    body::Body,
    extract::{RawQuery, Request, State},
    response::{IntoResponse, Response},
    routing::post,
    Router,
};
use bytes::Bytes;
use futures_util::future::{select, Either};
use http::{header, StatusCode};
use http_body::{Frame, SizeHint};
use tokio::{sync::watch, time::Instant};
use tower::ServiceExt;

/// The path of the control endpoint.
pub const PATH: &str = "/fault/outage";
/// The longest outage accepted, in milliseconds (ten minutes).
const MAX_MS: u64 = 600_000;

/// The outage state of one server.
pub struct Outage {
    window: watch::Sender<Window>,
}

/// The latest outage.
#[derive(Debug, Clone, Copy, Default)]
struct Window {
    /// How many outages have started: a change cuts the calls in flight.
    starts: u64,
    /// When the latest outage ends; `None` before the first.
    until: Option<Instant>,
}

/// Why a request got no response: an outage cut it.
#[derive(Debug)]
pub struct Cut;

impl fmt::Display for Cut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cut by an outage ({PATH})")
    }
}

impl Error for Cut {}

/// Whether `now` is inside an outage that ends at `until` (`None`: no outage yet).
pub fn inside(until: Option<Instant>, now: Instant) -> bool {
    until.is_some_and(|until| now < until)
}

/// The outage length asked for by the query string `ms=N`.
pub fn length(query: Option<&str>) -> Result<Duration, String> {
    let ms = query
        .unwrap_or_default()
        .split('&')
        .find_map(|pair| pair.strip_prefix("ms="))
        .ok_or("missing ms=N, the outage's length in milliseconds")?;
    match ms.parse::<u64>() {
        Ok(ms) if ms <= MAX_MS => Ok(Duration::from_millis(ms)),
        _ => Err(format!("ms={ms}: expected milliseconds from 0 to {MAX_MS}")),
    }
}

/// Whether `request` is a gRPC-Web call, by its content type.
fn is_grpc_web(request: &Request) -> bool {
    request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("application/grpc-web"))
}

impl Default for Outage {
    fn default() -> Self {
        Outage {
            window: watch::Sender::new(Window::default()),
        }
    }
}

impl Outage {
    /// Starts an outage of `length` from now, cutting the calls in flight.
    pub fn start(&self, length: Duration) {
        let until = Instant::now() + length;
        self.window.send_modify(|window| {
            window.starts += 1;
            window.until = Some(until);
        });
    }

    /// The control endpoint's route: `POST` [`PATH`]`?ms=N`.
    pub fn routes(self: Arc<Self>) -> Router {
        Router::new().route(PATH, post(control)).with_state(self)
    }

    /// Serves `request` with `app`, unless it is a gRPC-Web call that an
    /// outage cuts: one arriving during an outage, or one in flight (its
    /// response awaited or streaming) when an outage starts.
    pub async fn serve(&self, app: Router, request: Request) -> Result<Response<CutBody>, Cut> {
        if !is_grpc_web(&request) {
            let response = app.oneshot(request).await.unwrap_or_else(|e| match e {});
            return Ok(response.map(|inner| CutBody { inner, cut: None }));
        }
        let mut window = self.window.subscribe();
        let Window { starts, until } = *window.borrow_and_update();
        if inside(until, Instant::now()) {
            return Err(Cut);
        }
        let cut: CutSignal = Box::pin(async move {
            if window.wait_for(|w| w.starts != starts).await.is_err() {
                // The server is going away: no outage will start.
                std::future::pending::<()>().await;
            }
        });
        let response = pin!(app.oneshot(request));
        match select(response, cut).await {
            Either::Left((response, cut)) => {
                let response = response.unwrap_or_else(|e| match e {});
                Ok(response.map(|inner| CutBody {
                    inner,
                    cut: Some(cut),
                }))
            }
            Either::Right(((), _)) => Err(Cut),
        }
    }
}

/// `POST /fault/outage?ms=N`: 204, or 400 saying what is wrong with `ms`.
async fn control(State(outage): State<Arc<Outage>>, RawQuery(query): RawQuery) -> Response {
    match length(query.as_deref()) {
        Ok(length) => {
            outage.start(length);
            StatusCode::NO_CONTENT.into_response()
        }
        Err(why) => (StatusCode::BAD_REQUEST, why).into_response(),
    }
}

/// Resolves when the next outage starts.
type CutSignal = Pin<Box<dyn Future<Output = ()> + Send>>;

/// A response body that fails, at once, when an outage starts while it is
/// sent: hyper then closes the HTTP/1.1 connection or resets the HTTP/2 stream.
pub struct CutBody {
    inner: Body,
    cut: Option<CutSignal>,
}

impl http_body::Body for CutBody {
    type Data = Bytes;
    type Error = Box<dyn Error + Send + Sync>;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if let Some(cut) = &mut self.cut {
            if cut.as_mut().poll(cx).is_ready() {
                self.cut = None;
                return Poll::Ready(Some(Err(Box::new(Cut))));
            }
        }
        Pin::new(&mut self.inner).poll_frame(cx).map_err(Into::into)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests;
