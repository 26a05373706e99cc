//! The waiting loop natively, against the fake platform's played server and
//! virtual clock: what it sends, and when.

use std::{cell::Cell, rc::Rc, time::Duration};

use super::policy::{Backoff, Mode, WaitPolicy};
use super::wait_until_done;
use crate::core::client::{CallOptions, Client};
use crate::core::fake::{Answer, Fake, Seen};
use crate::core::platform::{CallerCode, PageEvent, Platform, Post, Response, Task};
use crate::core::transport::DEFAULT_MAX_RESPONSE;
use crate::core::Error;
use crate::proto::google::longrunning::Operation;
use crate::proto::google::rpc::Code;

const MS: fn(u64) -> Duration = Duration::from_millis;
const LIMIT: Duration = Duration::from_secs(600);

fn client_on(fake: &Rc<Fake>, base: &str) -> Client {
    let platform: Rc<dyn Platform> = fake.clone();
    Client::new(base, CallOptions::default(), DEFAULT_MAX_RESPONSE, platform)
}

fn state(name: &str, done: bool) -> Operation {
    Operation {
        name: name.to_owned(),
        done,
        ..Operation::default()
    }
}

/// A job that ends at `end`: WaitOperation holds until then, or `hold`.
fn job(end: Duration, hold: Duration) -> impl Fn(&Seen) -> (Duration, Answer) {
    move |seen: &Seen| {
        let held = if seen.method == "WaitOperation" {
            hold.min(end.saturating_sub(seen.at))
        } else {
            Duration::ZERO
        };
        let done = seen.at + held >= end;
        (held, Answer::State(state(&seen.name, done)))
    }
}

async fn wait(client: &Client, name: &str, policy: WaitPolicy) -> Result<Operation, Error> {
    wait_until_done(client, name, &policy, &CallOptions::default(), &mut |_| {
        Ok(())
    })
    .await
}

#[test]
fn a_long_poll_that_held_is_sent_again_at_once() {
    let fake = Fake::new(job(MS(3500), MS(1000)));
    let client = client_on(&fake, "https://a.test");
    let done = fake.run(wait(&client, "operations/1", WaitPolicy::default()), LIMIT);
    assert!(done.expect("it ends").expect("done").done);
    let at: Vec<_> = fake.seen.borrow().iter().map(|s| s.at).collect();
    assert_eq!(at, [MS(0), MS(1000), MS(2000), MS(3000)]);
    assert_eq!(fake.count("GetOperation"), 0);
    assert_eq!(fake.time(), MS(3500));
}

#[test]
fn a_long_poll_answered_in_under_100_ms_is_sent_again_only_after_a_pause() {
    // The server holds nothing: each WaitOperation answers in 50 ms.
    let fake = Fake::new(job(MS(1000), MS(50)));
    let client = client_on(&fake, "https://a.test");
    fake.run(wait(&client, "operations/1", WaitPolicy::default()), LIMIT);
    let at: Vec<_> = fake.seen.borrow().iter().map(|s| s.at).collect();
    // The backoff's first pause, half its 1 s ceiling (the fake draws 0.5).
    assert_eq!(at[..2], [MS(0), MS(550)]);
    assert_eq!(fake.count("GetOperation"), 0);
}

#[test]
fn without_wait_operation_every_later_wait_of_the_server_polls() {
    let polled = job(MS(1200), MS(0));
    let fake = Fake::new(move |seen| match seen.method {
        "WaitOperation" => (MS(0), Answer::Fails(Code::Unimplemented, None)),
        _ => polled(seen),
    });
    let client = client_on(&fake, "https://a.test");
    let first = fake.run(wait(&client, "operations/1", WaitPolicy::default()), LIMIT);
    assert!(first.expect("it ends").expect("done").done);
    assert_eq!(fake.count("WaitOperation"), 1);
    assert!(fake.count("GetOperation") >= 2);
    // Later waits of the client, and of another client of the server, poll.
    let other = client_on(&fake, "https://a.test");
    for (client, name) in [(&client, "operations/2"), (&other, "operations/3")] {
        fake.run(wait(client, name, WaitPolicy::default()), LIMIT);
        assert_eq!(fake.count("WaitOperation"), 1, "{name}");
    }
    // Another server is asked.
    let elsewhere = client_on(&fake, "https://b.test");
    fake.run(
        wait(&elsewhere, "operations/4", WaitPolicy::default()),
        LIMIT,
    );
    assert_eq!(fake.count("WaitOperation"), 2);
}

// README wait options: timeoutMs
#[test]
fn the_budget_ends_with_the_latest_state_or_deadline_exceeded() {
    let fake = Fake::new(job(LIMIT, MS(1000)));
    let client = client_on(&fake, "https://a.test");
    let policy = WaitPolicy {
        budget: Some(MS(2500)),
        ..WaitPolicy::default()
    };
    let latest = fake.run(wait(&client, "operations/1", policy.clone()), LIMIT);
    assert!(!latest.expect("it ends").expect("a state").done);
    assert_eq!(fake.time(), MS(2500));
    // The loop left with its caller: nothing more is sent.
    let sent = fake.seen.borrow().len();
    fake.run_until(MS(60_000));
    assert_eq!(fake.seen.borrow().len(), sent);

    let silent = Fake::new(|_: &Seen| (LIMIT, Answer::Fails(Code::Unavailable, None)));
    let client = client_on(&silent, "https://a.test");
    let outcome = silent.run(wait(&client, "operations/1", policy), LIMIT);
    assert!(matches!(outcome, Some(Err(Error::Deadline(budget))) if budget == MS(2500)));
}

// README wait options: backoff
#[test]
fn polls_and_retries_pause_by_the_backoff() {
    // Done from 700 ms; the third poll fails with UNAVAILABLE.
    let fake = Fake::new(|seen: &Seen| match seen.at {
        at if at == MS(150) => (MS(0), Answer::Fails(Code::Unavailable, None)),
        at => (MS(0), Answer::State(state(&seen.name, at >= MS(700)))),
    });
    let client = client_on(&fake, "https://a.test");
    let policy = WaitPolicy {
        mode: Mode::Poll,
        backoff: Backoff {
            initial: MS(100),
            multiplier: 2.0,
            max: MS(400),
        },
        ..WaitPolicy::default()
    };
    let done = fake.run(wait(&client, "operations/1", policy), LIMIT);
    assert!(done.expect("it ends").expect("done").done);
    let at: Vec<_> = fake.seen.borrow().iter().map(|s| s.at).collect();
    // Pause n is half its ceiling (the fake draws 0.5), the ceiling 100 ms
    // × 2^(n-1), at most 400 ms: 50, 100, 200, 200, 200. The retry after
    // the failure at 150 ms pauses as a poll does.
    assert_eq!(at, [0, 50, 150, 350, 550, 750].map(MS));
}

// README wait options: retryCodes
#[test]
fn a_call_that_outlives_its_own_deadline_is_sent_again() {
    // The first call never answers; the next says done.
    let play = |seen: &Seen| match seen.at {
        Duration::ZERO => (LIMIT, Answer::State(state(&seen.name, false))),
        _ => (MS(0), Answer::State(state(&seen.name, true))),
    };
    // A long-poll's own deadline is its hold (60 s) + 5 s.
    let fake = Fake::new(play);
    let client = client_on(&fake, "https://a.test");
    let done = fake.run(wait(&client, "operations/1", WaitPolicy::default()), LIMIT);
    assert!(done.expect("it ends").expect("done").done);
    let at: Vec<_> = fake.seen.borrow().iter().map(|s| s.at).collect();
    // Sent again after the backoff's first pause (500 ms).
    assert_eq!(at, [MS(0), MS(65_500)]);
    // A poll's is the client's timeout.
    let fake = Fake::new(play);
    let platform: Rc<dyn Platform> = fake.clone();
    let defaults = CallOptions {
        timeout: Some(MS(2000)),
        ..CallOptions::default()
    };
    let client = Client::new("https://a.test", defaults, DEFAULT_MAX_RESPONSE, platform);
    let policy = WaitPolicy {
        mode: Mode::Poll,
        ..WaitPolicy::default()
    };
    let done = fake.run(wait(&client, "operations/1", policy), LIMIT);
    assert!(done.expect("it ends").expect("done").done);
    let at: Vec<_> = fake.seen.borrow().iter().map(|s| s.at).collect();
    assert_eq!(at, [MS(0), MS(2500)]);
}

// README wait options: retryCodes
#[test]
fn retry_info_lengthens_the_pause() {
    let fake = Fake::new(|seen: &Seen| match seen.at {
        at if at < MS(100) => (MS(0), Answer::Fails(Code::Unavailable, Some(MS(3000)))),
        _ => (MS(0), Answer::State(state(&seen.name, true))),
    });
    let client = client_on(&fake, "https://a.test");
    fake.run(wait(&client, "operations/1", WaitPolicy::default()), LIMIT);
    let at: Vec<_> = fake.seen.borrow().iter().map(|s| s.at).collect();
    assert_eq!(at, [MS(0), MS(3000)]);
}

/// Headers that change `changes` times when asked again.
struct Renewing {
    fake: Rc<Fake>,
    changes: Cell<u32>,
}

impl CallerCode for Renewing {
    fn key(&self) -> &str {
        "renewing"
    }

    fn post(&self, post: Post) -> Task<'static, Result<Box<dyn Response>, Error>> {
        self.fake.post(post)
    }

    fn ended(&self, _: Code) {}

    fn headers_changed(&self) -> Task<'static, Result<bool, Error>> {
        let changed = self.changes.get() > 0;
        self.changes.set(self.changes.get().saturating_sub(1));
        Box::pin(async move { Ok(changed) })
    }
}

#[test]
fn unauthenticated_is_retried_once_and_only_with_new_headers() {
    // (header changes, calls refused, calls sent, whether it ends done)
    for (changes, refused, calls, ok) in [(1, 1, 2, true), (0, 1, 1, false), (5, 9, 2, false)] {
        let asked = Cell::new(0);
        let fake = Fake::new(move |seen: &Seen| {
            asked.set(asked.get() + 1);
            match asked.get() {
                n if n <= refused => (MS(0), Answer::Fails(Code::Unauthenticated, None)),
                _ => (MS(0), Answer::State(state(&seen.name, true))),
            }
        });
        let client = client_on(&fake, "https://a.test");
        let caller: Rc<dyn CallerCode> = Rc::new(Renewing {
            fake: fake.clone(),
            changes: Cell::new(changes),
        });
        let call = CallOptions {
            caller: Some(caller),
            ..CallOptions::default()
        };
        let policy = WaitPolicy::default();
        let mut progress = |_: &Operation| Ok(());
        let waited = wait_until_done(&client, "operations/1", &policy, &call, &mut progress);
        let outcome = fake.run(waited, LIMIT).expect("it ends");
        assert_eq!(outcome.is_ok(), ok, "{changes} changes");
        if !ok {
            assert!(matches!(outcome, Err(e) if e.code() == Code::Unauthenticated));
        }
        assert_eq!(fake.count("WaitOperation"), calls, "{changes} changes");
    }
}

// README page: resumes (resume, or pageshow from the back-forward cache)
#[test]
fn a_resumed_page_sends_the_long_poll_again_and_a_left_wait_sends_nothing() {
    let fake = Fake::new(job(LIMIT, MS(10_000)));
    let client = client_on(&fake, "https://a.test");
    let mut waiting = Box::pin(wait(&client, "operations/1", WaitPolicy::default()));
    assert!(fake.run(waiting.as_mut(), MS(2000)).is_none());
    fake.fire(PageEvent::Resumed);
    assert!(fake.run(waiting.as_mut(), MS(2500)).is_none());
    let at: Vec<_> = fake.seen.borrow().iter().map(|s| s.at).collect();
    assert_eq!(at, [MS(0), MS(2000)]);
    drop(waiting);
    fake.run_until(MS(60_000));
    assert_eq!(fake.seen.borrow().len(), 2);
}

// README page: goes offline (navigator.onLine is false)
// README page: comes back online
#[test]
fn offline_nothing_is_sent_until_online_and_the_budget_runs_on() {
    // Each long-poll held 1 s; the wait's budget 10 s.
    let fake = Fake::new(job(LIMIT, MS(1000)));
    let client = client_on(&fake, "https://a.test");
    let policy = WaitPolicy {
        budget: Some(MS(10_000)),
        ..WaitPolicy::default()
    };
    let mut waiting = Box::pin(wait(&client, "operations/1", policy));
    let mut until = |at: u64, online: bool, event: PageEvent| {
        assert!(fake.run(waiting.as_mut(), MS(at)).is_none());
        fake.online.set(online);
        fake.fire(event);
    };
    // Offline at 2.5 s (the call in flight ends at 3 s), online at 6 s,
    // offline again at 6.5 s until the budget ends.
    until(2500, false, PageEvent::Offline);
    until(6000, true, PageEvent::Online);
    until(6500, false, PageEvent::Offline);
    let latest = fake.run(waiting.as_mut(), LIMIT);
    assert!(!latest.expect("it ends").expect("a state").done);
    assert_eq!(fake.time(), MS(10_000));
    let at: Vec<_> = fake.seen.borrow().iter().map(|s| s.at).collect();
    assert_eq!(at, [0, 1000, 2000, 6000].map(MS));
}

// README page: comes back online
// README page: is hidden
// README page: becomes visible
// README page: is frozen
// README page: resumes (resume, or pageshow from the back-forward cache)
#[test]
fn page_events_end_a_pause_at_once_or_leave_it_be() {
    use PageEvent::*;
    // (event fired 1 s into a 4 s pause between polls, whether the next
    // poll is sent then); the operation is done from 1 s.
    let cases = [
        (Visible, true),
        (Online, true),
        (Resumed, true),
        (Hidden, false),
        (Frozen, false),
    ];
    for (event, at_once) in cases {
        let fake =
            Fake::new(|seen: &Seen| (MS(0), Answer::State(state(&seen.name, seen.at >= MS(1000)))));
        let client = client_on(&fake, "https://a.test");
        let policy = WaitPolicy {
            mode: Mode::Poll,
            backoff: Backoff {
                initial: MS(8000),
                multiplier: 1.0,
                max: MS(8000),
            },
            ..WaitPolicy::default()
        };
        let mut waiting = Box::pin(wait(&client, "operations/1", policy));
        assert!(fake.run(waiting.as_mut(), MS(1000)).is_none());
        fake.fire(event);
        let done = fake.run(waiting.as_mut(), LIMIT);
        assert!(done.expect("it ends").expect("done").done, "{event:?}");
        let at: Vec<_> = fake.seen.borrow().iter().map(|s| s.at).collect();
        let next = if at_once { MS(1000) } else { MS(4000) };
        assert_eq!(at, [MS(0), next], "{event:?}");
    }
}
