//! Waiting for an operation: long-polling WaitOperation (or polling
//! GetOperation with backoff where the server lacks it), retrying transient
//! failures, reporting progress, within each caller's budget. Callers that
//! wait on one operation alike share one loop ([`shared`]), and the loops of
//! a page share each host's connections ([`slots`]). The decisions live in
//! [`policy`] and [`slots`]; [`shared`] and this module only do the I/O.

pub mod page;
pub mod policy;
pub mod shared;
pub mod signal;
pub mod slots;
#[cfg(test)]
mod tests;

use futures_util::future::{select, Either};

use crate::core::client::check_name;
use crate::core::client::{CallOptions, Client};
use crate::core::{codec, Error};
use crate::proto::google::longrunning::{operation, Operation};
use policy::WaitPolicy;
use shared::{Caller, LoopKey};

/// Called with each operation whose metadata differs from the last seen; an
/// error ends the wait with it.
pub type OnProgress<'a> = dyn FnMut(&Operation) -> Result<(), Error> + 'a;

/// Waits until the operation is done, or until the policy's budget passes; then
/// it resolves with the latest state seen (not done), or with
/// [`Error::Deadline`] if no state was seen at all. Joins the loop that
/// already waits on the operation alike, if one does; an error of
/// `on_progress` ends this wait only.
pub async fn wait_until_done(
    client: &Client,
    name: &str,
    policy: &WaitPolicy,
    call: &CallOptions,
    on_progress: &mut OnProgress<'_>,
) -> Result<Operation, Error> {
    check_name(name)?;
    let platform = client.platform().clone();
    let key = LoopKey {
        base: client.base_url().to_owned(),
        caller: call
            .caller
            .as_ref()
            .map(|c| c.key().to_owned())
            .unwrap_or_default(),
        name: name.to_owned(),
        mode: policy.mode,
        backoff: policy.backoff,
        retry_codes: policy.retry_codes.clone(),
        max_response: client.max_response(),
    };
    let caller = Caller {
        long_poll: policy.long_poll,
        deadline: policy
            .budget
            .map(|budget| platform.now().saturating_add(budget)),
        mailbox: Default::default(),
        wake: Default::default(),
    };
    let membership = shared::join(client, key, call, caller);
    let member = membership.caller();
    let waiting = async {
        loop {
            member.wake.notified().await;
            let progress = member.mailbox.borrow_mut().progress.take();
            if let Some(op) = progress {
                on_progress(&op)?;
            }
            if let Some(outcome) = member.mailbox.borrow_mut().outcome.take() {
                return outcome;
            }
        }
    };
    let Some(budget) = policy.budget else {
        return waiting.await;
    };
    match select(std::pin::pin!(waiting), platform.sleep(budget)).await {
        Either::Left((outcome, _)) => outcome,
        Either::Right(((), _)) => membership.latest().ok_or(Error::Deadline(budget)),
    }
}

/// The outcome of an operation `wait` returned: its response, or
/// [`Error::Operation`] when it failed, or [`Error::Deadline`] when it is not
/// done (the wait's budget passed first).
pub fn outcome(
    op: Operation,
    budget: Option<std::time::Duration>,
) -> Result<prost_types::Any, Error> {
    match (op.done, op.result) {
        (false, _) => Err(Error::Deadline(budget.unwrap_or_default())),
        (true, Some(operation::Result::Error(status))) => Err(Error::Operation(Box::new(status))),
        (true, Some(operation::Result::Response(response))) => Ok(response),
        (true, None) => Ok(codec::empty()),
    }
}
