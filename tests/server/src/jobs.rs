//! The demo Jobs service: each job is an operation that advances in steps,
//! reporting JobProgress as metadata, and ends in a JobResult or a chosen error.

use std::{
    collections::HashMap,
    sync::Arc,
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use tokio::time::{sleep_until, Instant};
use tonic::{Code, Request, Response, Status};

use crate::persist::JobRecord;
use crate::proto::demo::{
    jobs_server::Jobs, GetStatsRequest, JobProgress, JobResult, ServerStats, StartJobRequest,
};
use crate::proto::google::longrunning::{operation, Operation};
use crate::proto::google::rpc::{
    self, bad_request::FieldViolation, BadRequest, ErrorInfo, RetryInfo,
};
use crate::proto::pack;
use crate::stats::Stats;
use crate::store::{invalid_argument, Store};
use crate::unavailable::Planned;

/// Longest job accepted, in milliseconds (one hour).
const MAX_DURATION_MS: u32 = 3_600_000;
/// Most steps a job may have.
const MAX_STEPS: u32 = 10_000;
/// The ErrorInfo domain of failed jobs.
pub const ERROR_DOMAIN: &str = "demo.lro-web";

/// Serves StartJob, running each job as a task on the runtime.
pub struct JobsService {
    store: Arc<Store>,
    stats: Arc<Stats>,
    planned: Arc<Planned>,
}

impl JobsService {
    /// A service that keeps its jobs' operations in `store`, plans the
    /// UNAVAILABLE answers they ask for in `planned`, and reports `stats`.
    pub fn new(store: Arc<Store>, stats: Arc<Stats>, planned: Arc<Planned>) -> Self {
        Self {
            store,
            stats,
            planned,
        }
    }
}

fn progress(step: u32, total: u32) -> prost_types::Any {
    let percent = (step * 100).checked_div(total).unwrap_or(100);
    let msg = JobProgress {
        percent,
        step,
        total_steps: total,
    };
    pack("lro.demo.v1.JobProgress", &msg)
}

/// The outcome a finished job records.
fn outcome(req: &StartJobRequest, steps: u32, started: Instant) -> operation::Result {
    if req.fail_code == 0 {
        let now = SystemTime::now();
        let finished_unix_ms = unix_ms(now);
        let result = JobResult {
            label: req.label.clone(),
            steps,
            elapsed_ms: started.elapsed().as_millis() as u64,
            finished_unix_ms,
            finished_at: Some(now.into()),
        };
        return operation::Result::Response(pack("lro.demo.v1.JobResult", &result));
    }
    let info = ErrorInfo {
        reason: "JOB_FAILED".to_owned(),
        domain: ERROR_DOMAIN.to_owned(),
        metadata: HashMap::from([
            ("label".to_owned(), req.label.clone()),
            ("steps".to_owned(), steps.to_string()),
        ]),
    };
    let mut error_info = pack("google.rpc.ErrorInfo", &info);
    if req.corrupt_details {
        // A field 1 (reason) that claims 100 bytes and has 2.
        error_info.value = vec![0x0a, 100, b'x', b'y'];
    }
    let request = BadRequest {
        field_violations: vec![FieldViolation {
            field: "fail_code".to_owned(),
            description: "the job was asked to fail with this code".to_owned(),
            reason: "REQUESTED_FAILURE".to_owned(),
            localized_message: None,
        }],
    };
    let retry = RetryInfo {
        retry_delay: Some(prost_types::Duration {
            seconds: 1,
            nanos: 500_000_000,
        }),
    };
    operation::Result::Error(rpc::Status {
        code: req.fail_code,
        message: req.fail_message.clone(),
        details: vec![
            error_info,
            pack("google.rpc.BadRequest", &request),
            pack("google.rpc.RetryInfo", &retry),
        ],
    })
}

fn unix_ms(at: SystemTime) -> u64 {
    at.duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// Resumes the saved jobs whose operations are not done, where they would be
/// had the server never stopped.
pub fn resume(store: &Arc<Store>, jobs: Vec<(u64, JobRecord)>) {
    let now_ms = unix_ms(SystemTime::now());
    for (id, job) in jobs {
        let Some(req) = job.request else { continue };
        let running = store
            .get(&format!("operations/{id}"))
            .is_ok_and(|op| !op.done);
        if running {
            let elapsed = Duration::from_millis(now_ms.saturating_sub(job.started_unix_ms));
            let started = Instant::now()
                .checked_sub(elapsed)
                .unwrap_or_else(Instant::now);
            tokio::spawn(run(store.clone(), id, req, started));
        }
    }
}

fn validate(req: &StartJobRequest) -> Result<u32, Status> {
    if req.duration_ms > MAX_DURATION_MS {
        return Err(invalid_argument(
            "duration_ms",
            format!("at most {MAX_DURATION_MS} ms"),
        ));
    }
    if req.steps > MAX_STEPS {
        return Err(invalid_argument(
            "steps",
            format!("at most {MAX_STEPS} steps"),
        ));
    }
    if Code::from_i32(req.fail_code) == Code::Unknown && req.fail_code != Code::Unknown as i32 {
        return Err(invalid_argument(
            "fail_code",
            format!("{} is not a google.rpc.Code", req.fail_code),
        ));
    }
    Ok(req.steps.max(1))
}

/// Runs job `id` from `started` on: a resumed job skips the steps already past.
pub async fn run(store: Arc<Store>, id: u64, req: StartJobRequest, started: Instant) {
    let steps = req.steps.max(1);
    let step_time = Duration::from_millis(u64::from(req.duration_ms)) / steps;
    for step in 1..steps {
        sleep_until(started + step_time * step).await;
        if !store.update(id, |op| op.metadata = Some(progress(step, steps))) {
            return; // cancelled or deleted
        }
    }
    sleep_until(started + step_time * steps).await;
    store.update(id, |op| {
        op.metadata = Some(progress(steps, steps));
        op.done = true;
        op.result = Some(outcome(&req, steps, started));
    });
}

#[tonic::async_trait]
impl Jobs for JobsService {
    async fn start_job(
        &self,
        request: Request<StartJobRequest>,
    ) -> Result<Response<Operation>, Status> {
        let req = request.into_inner();
        let steps = validate(&req)?;
        let (id, op) = self.store.create(Some(progress(0, steps)));
        self.planned
            .plan(&op.name, req.unavailable_calls, req.retry_delay_ms);
        let started_unix_ms = unix_ms(SystemTime::now());
        let record = JobRecord {
            request: Some(req.clone()),
            started_unix_ms,
        };
        self.store.save_job(id, &record);
        tokio::spawn(run(self.store.clone(), id, req, Instant::now()));
        Ok(Response::new(op))
    }

    async fn get_stats(
        &self,
        request: Request<GetStatsRequest>,
    ) -> Result<Response<ServerStats>, Status> {
        let req = request.get_ref();
        if req.reset_peak {
            self.stats.reset_peak();
        }
        let name = &req.name;
        Ok(Response::new(ServerStats {
            calls: self.stats.calls(name),
            open_waits: self.stats.open_waits(name),
            last_deadline_ms: self.stats.last_deadline(name),
            open_waits_all: self.stats.open_waits_all(),
            peak_open_waits: self.stats.peak_open_waits(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use prost::Message;

    #[tokio::test(start_paused = true)]
    async fn job_reports_progress_then_result() {
        let store = Arc::new(Store::default());
        let svc = JobsService::new(store.clone(), Arc::default(), Arc::default());
        let req = StartJobRequest {
            duration_ms: 400,
            steps: 4,
            label: "x".into(),
            ..Default::default()
        };
        let op = svc.start_job(Request::new(req)).await.unwrap().into_inner();
        assert!(!op.done);
        tokio::time::sleep(Duration::from_millis(250)).await;
        let mid = store.get(&op.name).unwrap();
        let meta = JobProgress::decode(&*mid.metadata.unwrap().value).unwrap();
        assert_eq!((meta.step, meta.percent, mid.done), (2, 50, false));
        tokio::time::sleep(Duration::from_millis(200)).await;
        let end = store.get(&op.name).unwrap();
        assert!(end.done);
        let Some(operation::Result::Response(any)) = end.result else {
            panic!("no response")
        };
        assert_eq!(any.type_url, "type.googleapis.com/lro.demo.v1.JobResult");
        assert_eq!(JobResult::decode(&*any.value).unwrap().label, "x");
    }

    #[tokio::test(start_paused = true)]
    async fn failing_job_ends_with_its_code_and_error_info() {
        let store = Arc::new(Store::default());
        let svc = JobsService::new(store.clone(), Arc::default(), Arc::default());
        let req = StartJobRequest {
            fail_code: 9,
            fail_message: "no".into(),
            ..Default::default()
        };
        let op = svc.start_job(Request::new(req)).await.unwrap().into_inner();
        tokio::time::sleep(Duration::from_millis(1)).await;
        let Some(operation::Result::Error(status)) = store.get(&op.name).unwrap().result else {
            panic!("no error")
        };
        assert_eq!((status.code, status.message.as_str()), (9, "no"));
        assert_eq!(
            status.details[0].type_url,
            "type.googleapis.com/google.rpc.ErrorInfo"
        );
    }

    #[tokio::test]
    async fn stats_report_open_waits_on_all_operations_and_their_peak() {
        let stats = Arc::new(Stats::default());
        let svc = JobsService::new(Arc::default(), stats.clone(), Arc::default());
        let get = |reset_peak| {
            let req = GetStatsRequest {
                name: "operations/1".into(),
                reset_peak,
            };
            let svc = &svc;
            async move { svc.get_stats(Request::new(req)).await.unwrap().into_inner() }
        };
        let a = stats.open_wait("operations/1");
        let b = stats.open_wait("operations/2");
        let now = get(false).await;
        assert_eq!((now.open_waits, now.open_waits_all), (1, 2));
        assert_eq!(now.peak_open_waits, 2);
        drop(b);
        let later = get(false).await;
        assert_eq!((later.open_waits_all, later.peak_open_waits), (1, 2));
        assert_eq!(get(true).await.peak_open_waits, 1);
        drop(a);
        let last = get(false).await;
        assert_eq!((last.open_waits_all, last.peak_open_waits), (0, 1));
    }

    #[tokio::test]
    async fn bad_requests_are_invalid_argument() {
        let svc = JobsService::new(Arc::default(), Arc::default(), Arc::default());
        for req in [
            StartJobRequest {
                duration_ms: MAX_DURATION_MS + 1,
                ..Default::default()
            },
            StartJobRequest {
                steps: MAX_STEPS + 1,
                ..Default::default()
            },
            StartJobRequest {
                fail_code: 99,
                ..Default::default()
            },
        ] {
            let err = svc.start_job(Request::new(req)).await.unwrap_err();
            assert_eq!(err.code(), Code::InvalidArgument);
        }
    }
}
