//! Waiting for an operation: long-polling WaitOperation (or polling
//! GetOperation with backoff where the server lacks it), retrying transient
//! failures, reporting progress, within a total budget. The decisions live in
//! [`policy`]; this module only does the I/O.

pub mod policy;

use std::{cell::RefCell, rc::Rc, time::Duration};

use futures_util::future::{select, Either};

use crate::core::{codec, CallOptions, Client, Error};
use crate::proto::google::longrunning::{operation, Operation};
use crate::proto::google::rpc::Code;
use policy::{progress_changed, Mode, WaitPolicy, MIN_HOLD};

/// Extra deadline a WaitOperation call allows past the hold it asks for, for
/// the server's answer to arrive.
const HOLD_GRACE: Duration = Duration::from_secs(5);

/// Called with each operation whose metadata differs from the last seen; an
/// error ends the wait with it.
pub type OnProgress<'a> = dyn FnMut(&Operation) -> Result<(), Error> + 'a;

/// Waits until the operation is done, or until the policy's budget passes; then
/// it resolves with the latest state seen (not done), or with
/// [`Error::Deadline`] if no state was seen at all.
pub async fn wait_until_done(
    client: &Client,
    name: &str,
    policy: &WaitPolicy,
    call: &CallOptions,
    on_progress: &mut OnProgress<'_>,
) -> Result<Operation, Error> {
    let latest = Rc::new(RefCell::new(None));
    let run = run(client, name, policy, call, on_progress, latest.clone());
    let Some(budget) = policy.budget else {
        return run.await;
    };
    let timer = client.platform().sleep(budget);
    match select(std::pin::pin!(run), timer).await {
        Either::Left((outcome, _)) => outcome,
        Either::Right(((), _)) => latest.borrow_mut().take().ok_or(Error::Deadline(budget)),
    }
}

/// The outcome of an operation `wait` returned: its response, or
/// [`Error::Operation`] when it failed, or [`Error::Deadline`] when it is not
/// done (the wait's `budget` passed first).
pub fn outcome(op: Operation, budget: Option<Duration>) -> Result<prost_types::Any, Error> {
    match (op.done, op.result) {
        (false, _) => Err(Error::Deadline(budget.unwrap_or_default())),
        (true, Some(operation::Result::Error(status))) => Err(Error::Operation(Box::new(status))),
        (true, Some(operation::Result::Response(response))) => Ok(response),
        (true, None) => Ok(codec::empty()),
    }
}

/// The loop itself; records every state it sees in `latest`.
async fn run(
    client: &Client,
    name: &str,
    policy: &WaitPolicy,
    call: &CallOptions,
    on_progress: &mut OnProgress<'_>,
    latest: Rc<RefCell<Option<Operation>>>,
) -> Result<Operation, Error> {
    let platform = client.platform().clone();
    let now = || platform.now();
    let started = now();
    let mut use_wait = match policy.mode {
        Mode::Poll => false,
        Mode::Wait => true,
        Mode::Auto => client.wait_supported(),
    };
    let mut last_metadata = None;
    // Pauses taken since the last call that made progress: the backoff's n.
    let mut pauses = 0;
    loop {
        let asked = now();
        let elapsed = asked.saturating_sub(started);
        let answer = if use_wait {
            let hold = policy.hold(elapsed);
            let options = CallOptions {
                timeout: Some(hold + HOLD_GRACE),
                ..call.clone()
            };
            client.wait_operation(name, Some(hold), &options).await
        } else {
            client.get_operation(name, call).await
        };
        let held = now().saturating_sub(asked);
        let reissue_now = match answer {
            Ok(op) => {
                if progress_changed(last_metadata.as_ref(), &op) {
                    on_progress(&op)?;
                    last_metadata = Some(op.metadata.clone());
                }
                if op.done {
                    return Ok(op);
                }
                *latest.borrow_mut() = Some(op);
                // A long-poll that held re-issues at once; polls and early
                // answers pause, with growing ceilings.
                use_wait && held >= MIN_HOLD
            }
            Err(e) if use_wait && policy.mode == Mode::Auto && e.code() == Code::Unimplemented => {
                client.set_wait_supported(false);
                use_wait = false;
                continue;
            }
            Err(e) if policy.retries(e.code()) || matches!(e, Error::Deadline(_)) => false,
            Err(e) => return Err(e),
        };
        if reissue_now {
            pauses = 0;
        } else {
            pauses += 1;
            let pause = policy.backoff.delay(pauses, platform.random());
            platform.sleep(pause).await;
        }
    }
}
