//! What a loop sends, and when: a long-poll or a poll as its host's budget
//! allows, the pauses between them, the retries, until its operation is done.

use std::time::Duration;

use futures_util::future::{select, Either};

use super::{engine, lacks_wait, protocol_unknown, set_protocol, Loop};
use crate::core::client::CallOptions;
use crate::core::wait::page::may_send;
use crate::core::wait::policy::{self, Failure, OnFailure, WaitPolicy, MIN_HOLD};
use crate::core::wait::slots::{host_of, Grant, Protocol};
use crate::core::{codec, Error};
use crate::proto::google::longrunning::Operation;

/// Extra deadline a WaitOperation call allows past the hold it asks for, for
/// the server's answer to arrive.
const HOLD_GRACE: Duration = Duration::from_secs(5);

/// The loop: long-polls WaitOperation (or polls GetOperation with backoff
/// where the server lacks it, or where the host's long-polls are all taken),
/// retries the retried codes, honours RetryInfo, until done or a failure.
pub(super) async fn drive(shared: &Loop) -> Result<Operation, Error> {
    let (key, client) = (&shared.key, &shared.client);
    let platform = shared.platform().clone();
    let policy = WaitPolicy {
        mode: key.mode,
        backoff: key.backoff,
        retry_codes: key.retry_codes.clone(),
        ..WaitPolicy::default()
    };
    let host = host_of(&key.base);
    // Pauses taken since the last call that made progress: the backoff's n.
    let mut pauses = 0;
    // Whether the last call retried an UNAUTHENTICATED with new headers.
    let mut renewed = false;
    loop {
        // Offline, no call is spent: `online` wakes the loop. A loop that
        // every caller left is about to stop: it sends nothing more.
        while !may_send(platform.online()) || shared.callers.borrow().is_empty() {
            shared.nudge.notified().await;
        }
        // Asked before every call: another loop may have learned meanwhile
        // that the server lacks WaitOperation.
        let use_wait = policy::use_wait_operation(key.mode, lacks_wait(host, false));
        let place = shared.take(host, use_wait).await;
        let long_poll = place.grant == Grant::LongPoll;
        let asked = platform.now();
        let call = async {
            if long_poll {
                let (long_poll, first_left, _) = shared.asked(asked);
                let hold = policy::hold(long_poll, first_left);
                let options = CallOptions {
                    timeout: Some(hold + HOLD_GRACE),
                    ..shared.call.clone()
                };
                client.wait_operation(&key.name, Some(hold), &options).await
            } else {
                client.get_operation(&key.name, &shared.call).await
            }
        };
        shared.reissue.clear();
        let answer = match select(std::pin::pin!(call), shared.reissue.notified()).await {
            Either::Left((answer, _)) => answer,
            // Dropping the call aborts its fetch.
            Either::Right(_) => continue,
        };
        drop(place);
        if protocol_unknown(host) {
            if let Some(next_hop) = platform.next_hop(&client.url_of(long_poll)) {
                set_protocol(&key.base, Protocol::from_next_hop(&next_hop), false);
            }
        }
        let held = platform.now().saturating_sub(asked);
        let mut retry_delay = None;
        let reissue_now = match answer {
            Ok(op) => {
                renewed = false;
                shared.publish(&op);
                if op.done {
                    return Ok(op);
                }
                // A long-poll that held re-issues at once; polls and early
                // answers pause, with growing ceilings.
                long_poll && held >= MIN_HOLD
            }
            Err(e) => {
                let failure = Failure {
                    own_deadline: matches!(e, Error::Deadline(_)),
                    long_poll,
                    renewed,
                    ..Failure::of(e.code())
                };
                match policy.on_failure(failure) {
                    OnFailure::PollInstead => {
                        lacks_wait(host, true);
                        continue;
                    }
                    OnFailure::RenewHeaders => {
                        let changed = match &shared.call.caller {
                            Some(caller) => caller.headers_changed().await?,
                            None => false,
                        };
                        if !changed {
                            return Err(e);
                        }
                        renewed = true;
                        continue;
                    }
                    OnFailure::Retry => {
                        retry_delay = codec::retry_delay(e.details());
                        false
                    }
                    OnFailure::Fail => return Err(e),
                }
            }
        };
        if reissue_now {
            pauses = 0;
        } else if may_send(platform.online()) {
            pauses += 1;
            let mut backoff = policy.backoff.delay(pauses, platform.random());
            if use_wait && !long_poll {
                engine(&mut |e| backoff = policy::spread(backoff, e.host(host).queued()));
            }
            let (_, _, last_left) = shared.asked(platform.now());
            shared
                .pause(policy::pause(backoff, retry_delay, last_left))
                .await;
        }
    }
}
