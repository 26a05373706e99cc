//! The google.longrunning.Operations service over the store.

use std::{
    sync::{Arc, Mutex},
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use rand::{rngs::StdRng, Rng, SeedableRng};

use tonic::{Request, Response, Status};

use crate::auth;
use crate::listing::{page_size, Filter, PageToken};
use crate::proto::google::longrunning::{
    operations_server::Operations, CancelOperationRequest, DeleteOperationRequest,
    GetOperationRequest, ListOperationsRequest, ListOperationsResponse, Operation,
    WaitOperationRequest,
};
use crate::stats::Stats;
use crate::store::{invalid_argument, Store, COLLECTION};
use crate::unavailable::Planned;

/// A request header that makes the server wait this many milliseconds before
/// handling the call: a slow server, for deadline tests.
pub const DELAY_HEADER: &str = "x-lro-test-delay-ms";
/// Longest injected delay.
const MAX_DELAY: Duration = Duration::from_secs(60);

/// The least a WaitOperation answers before the caller's deadline, so that the
/// answer still arrives in time; the margin is a tenth of the deadline when larger.
const DEADLINE_MARGIN: Duration = Duration::from_millis(50);

/// How the service behaves beyond the contract, for tests.
#[derive(Debug, Clone, Default)]
pub struct Behaviour {
    /// Longest a WaitOperation blocks.
    pub max_wait: Duration,
    /// WaitOperation answers UNIMPLEMENTED.
    pub no_wait: bool,
    /// Fraction of GetOperation and WaitOperation calls that answer UNAVAILABLE.
    pub fail_rate: f64,
    /// Seed of the draws that pick those calls, so runs repeat.
    pub seed: u64,
    /// Every call needs a valid bearer token ([`crate::auth`]).
    pub auth: bool,
}

/// Serves the Operations RPCs.
pub struct OperationsService {
    store: Arc<Store>,
    stats: Arc<Stats>,
    planned: Arc<Planned>,
    behaviour: Behaviour,
    draws: Mutex<StdRng>,
}

impl OperationsService {
    /// A service over `store`, counting calls in `stats`, answering the
    /// UNAVAILABLE calls `planned` by the jobs.
    pub fn new(
        store: Arc<Store>,
        stats: Arc<Stats>,
        planned: Arc<Planned>,
        behaviour: Behaviour,
    ) -> Self {
        let draws = Mutex::new(StdRng::seed_from_u64(behaviour.seed));
        Self {
            store,
            stats,
            planned,
            behaviour,
            draws,
        }
    }

    /// Fails this Get or Wait call on `name` with UNAVAILABLE: as its job
    /// planned, or at the configured rate.
    fn injected_failure(&self, name: &str) -> Result<(), Status> {
        self.planned.check(name)?;
        if self.behaviour.fail_rate <= 0.0 {
            return Ok(());
        }
        let mut draws = self.draws.lock().unwrap_or_else(|e| e.into_inner());
        if draws.random_bool(self.behaviour.fail_rate.min(1.0)) {
            return Err(Status::unavailable("injected failure (--fail-rate)"));
        }
        Ok(())
    }

    /// Counts the call and records its deadline, checks its token (with
    /// `--auth`), then applies the delay its request asks for. Returns the
    /// deadline (from `grpc-timeout`), or UNAUTHENTICATED.
    async fn enter<M>(
        &self,
        method: &'static str,
        name: &str,
        request: &Request<M>,
    ) -> Result<Option<Duration>, Status> {
        self.stats.count(method, name);
        let deadline = deadline(request);
        let deadline_ms = deadline.map_or(0, |d| d.as_millis() as u64);
        self.stats.record_deadline(name, deadline_ms);
        if self.behaviour.auth {
            let token = request.metadata().get(auth::HEADER);
            auth::check(token.map(|v| v.as_bytes()), now_ms())
                .map_err(|refused| Status::unauthenticated(refused.to_string()))?;
        }
        let delay = request
            .metadata()
            .get(DELAY_HEADER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .map(Duration::from_millis);
        if let Some(delay) = delay {
            tokio::time::sleep(delay.min(MAX_DELAY)).await;
        }
        Ok(deadline)
    }
}

/// The server's clock, in milliseconds since the Unix epoch.
fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

#[tonic::async_trait]
impl Operations for OperationsService {
    async fn list_operations(
        &self,
        request: Request<ListOperationsRequest>,
    ) -> Result<Response<ListOperationsResponse>, Status> {
        self.enter("ListOperations", &request.get_ref().name, &request)
            .await?;
        let req = request.into_inner();
        if !req.name.is_empty() && req.name != COLLECTION {
            return Err(invalid_argument(
                "name",
                format!(
                    "collection {:?} does not exist; use {COLLECTION:?}",
                    req.name
                ),
            ));
        }
        let filter = Filter::parse(&req.filter).map_err(|e| invalid_argument("filter", e))?;
        let size = page_size(req.page_size).map_err(|e| invalid_argument("page_size", e))?;
        let start = match req.page_token.as_str() {
            "" => 0,
            token => {
                PageToken::decode(token, filter)
                    .map_err(|e| invalid_argument("page_token", e))?
                    .start
            }
        };
        let page = self.store.list(filter, start, size);
        let next_page_token = page
            .next_start
            .map(|start| PageToken { start, filter }.encode())
            .unwrap_or_default();
        Ok(Response::new(ListOperationsResponse {
            operations: page.operations,
            next_page_token,
        }))
    }

    async fn get_operation(
        &self,
        request: Request<GetOperationRequest>,
    ) -> Result<Response<Operation>, Status> {
        self.enter("GetOperation", &request.get_ref().name, &request)
            .await?;
        self.injected_failure(&request.get_ref().name)?;
        self.store.get(&request.get_ref().name).map(Response::new)
    }

    async fn delete_operation(
        &self,
        request: Request<DeleteOperationRequest>,
    ) -> Result<Response<()>, Status> {
        self.enter("DeleteOperation", &request.get_ref().name, &request)
            .await?;
        self.store
            .delete(&request.get_ref().name)
            .map(Response::new)
    }

    async fn cancel_operation(
        &self,
        request: Request<CancelOperationRequest>,
    ) -> Result<Response<()>, Status> {
        self.enter("CancelOperation", &request.get_ref().name, &request)
            .await?;
        self.store
            .cancel(&request.get_ref().name)
            .map(Response::new)
    }

    async fn wait_operation(
        &self,
        request: Request<WaitOperationRequest>,
    ) -> Result<Response<Operation>, Status> {
        let deadline = self
            .enter("WaitOperation", &request.get_ref().name, &request)
            .await?;
        if self.behaviour.no_wait {
            return Err(Status::unimplemented(
                "WaitOperation is turned off (--no-wait)",
            ));
        }
        self.injected_failure(&request.get_ref().name)?;
        let deadline = deadline.map(|d| d.saturating_sub(DEADLINE_MARGIN.max(d / 10)));
        let req = request.into_inner();
        let asked = match req.timeout {
            Some(t) => Duration::try_from(t)
                .map_err(|_| invalid_argument("timeout", "timeout is negative".to_owned()))?,
            None => self.behaviour.max_wait,
        };
        let wait = [Some(asked), Some(self.behaviour.max_wait), deadline]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(self.behaviour.max_wait);

        let mut rx = self.store.subscribe(&req.name)?;
        let _open = self.stats.open_wait(&req.name);
        let finished = tokio::time::timeout(wait, rx.wait_for(|op| op.done))
            .await
            .map(|done| done.map(|op| op.clone()));
        match finished {
            Ok(Ok(op)) => Ok(Response::new(op)),
            // The sender is gone: the operation was deleted while we waited.
            Ok(Err(_)) => Err(Status::not_found(format!(
                "operation {:?} was deleted while waiting",
                req.name
            ))),
            Err(_elapsed) => Ok(Response::new(rx.borrow().clone())),
        }
    }
}

/// The caller's deadline, from its `grpc-timeout` header.
fn deadline<M>(request: &Request<M>) -> Option<Duration> {
    let value = request.metadata().get("grpc-timeout")?;
    parse_grpc_timeout(value.to_str().ok()?)
}

/// Reads a `grpc-timeout` header value: up to 8 digits and a unit (H M S m u n).
pub fn parse_grpc_timeout(value: &str) -> Option<Duration> {
    let (digits, unit) = value.split_at(value.len().checked_sub(1)?);
    if digits.is_empty() || digits.len() > 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u64 = digits.parse().ok()?;
    Some(match unit {
        "H" => Duration::from_secs(n * 3600),
        "M" => Duration::from_secs(n * 60),
        "S" => Duration::from_secs(n),
        "m" => Duration::from_millis(n),
        "u" => Duration::from_micros(n),
        "n" => Duration::from_nanos(n),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grpc_timeouts_parse() {
        assert_eq!(
            parse_grpc_timeout("1500m"),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(parse_grpc_timeout("2S"), Some(Duration::from_secs(2)));
        assert_eq!(parse_grpc_timeout("1H"), Some(Duration::from_secs(3600)));
        assert_eq!(parse_grpc_timeout("7n"), Some(Duration::from_nanos(7)));
        for bad in ["", "m", "12", "123456789m", "1x", "-1m", "1.5S"] {
            assert_eq!(parse_grpc_timeout(bad), None, "{bad:?}");
        }
    }
}
