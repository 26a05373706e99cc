//! UNAVAILABLE on request, per operation: a job started with
//! `unavailable_calls: N, retry_delay_ms: D` has the first N GetOperation or
//! WaitOperation calls that name its operation answer UNAVAILABLE, with a
//! `google.rpc.RetryInfo` detail (in `grpc-status-details-bin`) whose
//! `retry_delay` is D: a server asking its clients to back off for that long.
//! The plans live in memory only: a server restarted with `--state` forgets them.

use std::{collections::HashMap, sync::Mutex, time::Duration};

use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

/// The UNAVAILABLE answers still owed, by operation name.
#[derive(Default)]
pub struct Planned {
    plans: Mutex<HashMap<String, Plan>>,
}

/// The answers still owed for one operation.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Plan {
    /// How many calls are still to be refused.
    left: u32,
    /// The RetryInfo's retry_delay.
    delay: Duration,
}

impl Planned {
    /// Plans `calls` UNAVAILABLE answers, each asking for `delay_ms` of
    /// back-off, for the calls naming `name`. Zero calls plans none.
    pub fn plan(&self, name: &str, calls: u32, delay_ms: u32) {
        if calls == 0 {
            return;
        }
        let plan = Plan {
            left: calls,
            delay: Duration::from_millis(u64::from(delay_ms)),
        };
        self.lock().insert(name.to_owned(), plan);
    }

    /// UNAVAILABLE when a call naming `name` is still owed one (and counts it
    /// as given); otherwise Ok.
    pub fn check(&self, name: &str) -> Result<(), Status> {
        let mut plans = self.lock();
        let Some(plan) = plans.get_mut(name) else {
            return Ok(());
        };
        plan.left -= 1;
        let delay = plan.delay;
        if plan.left == 0 {
            plans.remove(name);
        }
        Err(unavailable(delay))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Plan>> {
        self.plans.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// UNAVAILABLE whose details hold a RetryInfo with `delay`.
pub fn unavailable(delay: Duration) -> Status {
    Status::with_error_details(
        Code::Unavailable,
        format!(
            "unavailable on request (unavailable_calls); retry in {} ms",
            delay.as_millis()
        ),
        ErrorDetails::with_retry_info(Some(delay)),
    )
}

#[cfg(test)]
mod tests {
    use prost::Message;

    use super::*;
    use crate::proto::google::rpc::{self, RetryInfo};

    #[test]
    fn refuses_the_planned_number_of_calls_then_none() {
        let planned = Planned::default();
        planned.plan("operations/1", 2, 1500);
        planned.plan("operations/2", 0, 1500);
        assert!(planned.check("operations/2").is_ok());
        for _ in 0..2 {
            let status = planned.check("operations/1").unwrap_err();
            assert_eq!(status.code(), Code::Unavailable);
        }
        assert!(planned.check("operations/1").is_ok());
        assert!(planned.check("operations/1").is_ok());
    }

    #[test]
    fn the_detail_is_a_google_rpc_status_with_retry_info() {
        let status = unavailable(Duration::from_millis(1500));
        // As a client decodes grpc-status-details-bin: a google.rpc.Status.
        let decoded = rpc::Status::decode(status.details()).unwrap();
        assert_eq!(decoded.code, Code::Unavailable as i32);
        assert_eq!(decoded.message, status.message());
        let [any] = &decoded.details[..] else {
            panic!("details: {:?}", decoded.details)
        };
        assert_eq!(any.type_url, "type.googleapis.com/google.rpc.RetryInfo");
        let info = RetryInfo::decode(&*any.value).unwrap();
        let delay = info.retry_delay.unwrap();
        assert_eq!((delay.seconds, delay.nanos), (1, 500_000_000));
    }

    #[tokio::test]
    async fn planned_calls_answer_unavailable_with_retry_info_over_the_wire() {
        use base64::Engine;

        use crate::proto::demo::StartJobRequest;
        use crate::proto::google::longrunning::{GetOperationRequest, WaitOperationRequest};
        use crate::testing;

        let server = testing::start(&["--max-wait-ms", "10"]).await;
        let client = testing::client();
        let job = StartJobRequest {
            duration_ms: 60_000,
            unavailable_calls: 2,
            retry_delay_ms: 1500,
            ..Default::default()
        };
        let op = testing::start_job(&client, &server.url, job).await;
        let name = op.name.clone();
        let get = GetOperationRequest { name: name.clone() };
        let wait = WaitOperationRequest {
            name: name.clone(),
            timeout: None,
        };
        let first = testing::call(&client, &server.url, testing::GET_OPERATION, &get, &[]);
        let second = testing::call(&client, &server.url, testing::WAIT_OPERATION, &wait, &[]);
        for reply in [first.await.unwrap(), second.await.unwrap()] {
            assert_eq!(reply.code(), Code::Unavailable);
            let details = reply.field("grpc-status-details-bin").expect("details");
            let details = base64::engine::general_purpose::STANDARD_NO_PAD
                .decode(details.trim_end_matches('='))
                .unwrap();
            let status = rpc::Status::decode(&*details).unwrap();
            assert_eq!(status.code, Code::Unavailable as i32);
            let any = &status.details[0];
            assert_eq!(any.type_url, "type.googleapis.com/google.rpc.RetryInfo");
            let delay = RetryInfo::decode(&*any.value).unwrap().retry_delay.unwrap();
            assert_eq!((delay.seconds, delay.nanos), (1, 500_000_000));
        }
        let third = testing::call(&client, &server.url, testing::GET_OPERATION, &get, &[]);
        assert_eq!(third.await.unwrap().code(), Code::Ok);
        let calls = testing::server_stats(&client, &server.url, &name)
            .await
            .calls;
        assert_eq!((calls["GetOperation"], calls["WaitOperation"]), (2, 1));
    }
}
