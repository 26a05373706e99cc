//! One waiting loop per operation, for every caller of the page that waits
//! on it with the same server, headers and loop options ([`LoopKey`]). The
//! loop runs on its own task and sends one RPC at a time; each caller has a
//! mailbox where the loop leaves the latest new state and the outcome, and
//! keeps its own budget and progress callback. When the last caller leaves,
//! the loop stops and its call in flight is dropped (which aborts it).
//!
//! Every loop's calls go through its host's budget ([`super::slots`]); what
//! a loop sends, and when, is [`drive`]'s.

mod drive;

use std::{any::Any, cell::RefCell, rc::Rc, time::Duration};

use futures_util::future::{select, Either};

use super::page::react;
use super::policy::{self, progress_changed, Backoff, Mode};
use super::signal::Signal;
use super::slots::{host_of, Grant, Host, Protocol};
use crate::core::client::{CallOptions, Client};
use crate::core::platform::{PageEvent, Platform};
use crate::core::Error;
use crate::proto::google::longrunning::Operation;
use crate::proto::google::rpc::Code;

/// What keeps loops apart: callers share a loop only when all of it is equal.
/// The longest hold is not here: a loop holds as long as its most eager
/// caller wants (the shortest `longPollMs`).
#[derive(Clone, Debug, PartialEq)]
pub struct LoopKey {
    /// The server's base URL.
    pub base: String,
    /// The client's keyed options (its base URL aside), its hook and the
    /// call's headers ([`crate::core::platform::CallerCode::key`]): a loop
    /// runs with its first caller's client.
    pub caller: String,
    /// The operation.
    pub name: String,
    /// How to ask.
    pub mode: Mode,
    /// Pauses between polls and retries.
    pub backoff: Backoff,
    /// Codes retried.
    pub retry_codes: Vec<Code>,
    /// The largest response message its calls take (the client's, or
    /// the call's `maxResponseBytes`).
    pub max_response: usize,
}

/// One caller of a loop.
pub struct Caller {
    /// The longest hold this caller wants of a WaitOperation call.
    pub long_poll: Duration,
    /// When this caller's budget ends, on the platform's clock.
    pub deadline: Option<Duration>,
    /// What the loop left for the caller.
    pub mailbox: RefCell<Mailbox>,
    /// Notified when the mailbox gets something.
    pub wake: Signal,
}

/// What a loop leaves for one caller.
#[derive(Default)]
pub struct Mailbox {
    /// The latest state whose metadata this caller has not seen (a slow
    /// caller gets the latest, not a queue).
    pub progress: Option<Operation>,
    /// How the wait ended: the done operation or the error.
    pub outcome: Option<Result<Operation, Error>>,
}

/// A loop and the callers it serves.
struct Loop {
    key: LoopKey,
    client: Client,
    call: CallOptions,
    callers: RefCell<Vec<Rc<Caller>>>,
    /// The last state seen; its metadata is what the next one is compared with.
    latest: RefCell<Option<Operation>>,
    /// Fired when the last caller leaves.
    stop: Signal,
    /// Ends a pause early: a long-poll became free, or the page asks for it.
    nudge: Signal,
    /// Drops the call in flight and sends it again (the page resumed, or the
    /// network came back).
    reissue: Signal,
}

/// The page's waiting: every running loop, and every host's budget.
struct Engine {
    loops: Vec<Rc<Loop>>,
    /// By [`host_of`] the base URL.
    hosts: Vec<(String, Host)>,
    /// The page's listeners, while any loop runs.
    page: Option<Box<dyn Any>>,
}

impl Engine {
    /// The budget of `host`, made on first use.
    fn host(&mut self, host: &str) -> &mut Host {
        let at = match self.hosts.iter().position(|(h, _)| h == host) {
            Some(at) => at,
            None => {
                self.hosts.push((host.to_owned(), Host::default()));
                self.hosts.len() - 1
            }
        };
        &mut self.hosts[at].1
    }
}

/// The page's engine, made empty: const, so no lazy initialisation code in
/// the wasm.
const fn new_engine() -> RefCell<Engine> {
    RefCell::new(Engine {
        loops: Vec::new(),
        hosts: Vec::new(),
        page: None,
    })
}

/// The engine of a wasm module without threads: a plain static (smaller than
/// a `thread_local!`, whose `LocalKey::with` stays a function of its own).
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
struct OneThread(RefCell<Engine>);

// SAFETY: without the `atomics` target feature the module's memory is not
// shared and the module runs on one thread: nothing reaches the static from
// another thread.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
unsafe impl Sync for OneThread {}

#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
static ENGINE: OneThread = OneThread(new_engine());

#[cfg(not(all(target_family = "wasm", not(target_feature = "atomics"))))]
std::thread_local! {
    // Natively (the tests run in parallel), each thread has its own.
    static ENGINE: RefCell<Engine> = const { new_engine() };
}

/// Runs `f` on the page's engine. Not generic: one copy in the wasm.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
fn engine(f: &mut dyn FnMut(&mut Engine)) {
    f(&mut ENGINE.0.borrow_mut());
}

/// Runs `f` on the thread's engine.
#[cfg(not(all(target_family = "wasm", not(target_feature = "atomics"))))]
fn engine(f: &mut dyn FnMut(&mut Engine)) {
    ENGINE.with(|engine| f(&mut engine.borrow_mut()));
}

/// Records how `base_url`'s host is reached: by a client's option, or as the
/// browser saw it. A protocol already known is replaced only by an option.
pub fn set_protocol(base_url: &str, protocol: Protocol, from_option: bool) {
    engine(&mut |e| {
        let host = e.host(host_of(base_url));
        if from_option || host.protocol == Protocol::Unknown {
            host.protocol = protocol;
        }
    });
}

/// Whether the server of `host` lacks WaitOperation, for every loop of the
/// page; `found`: it just answered UNIMPLEMENTED, which is recorded.
fn lacks_wait(host: &str, found: bool) -> bool {
    let mut lacks = found;
    engine(&mut |e| {
        let known = &mut e.host(host).lacks_wait;
        *known |= found;
        lacks = *known;
    });
    lacks
}

/// Whether how `host` is reached is still unknown.
fn protocol_unknown(host: &str) -> bool {
    let mut unknown = false;
    engine(&mut |e| unknown = e.host(host).protocol == Protocol::Unknown);
    unknown
}

/// A caller's place in a loop: it leaves when dropped.
pub struct Membership {
    member: Rc<Caller>,
    shared: Rc<Loop>,
}

impl Membership {
    /// The caller.
    pub fn caller(&self) -> &Caller {
        &self.member
    }

    /// The latest state the loop has seen, if any.
    pub fn latest(&self) -> Option<Operation> {
        self.shared.latest.borrow().clone()
    }
}

impl Drop for Membership {
    fn drop(&mut self) {
        let shared = &self.shared;
        let left = {
            let mut callers = shared.callers.borrow_mut();
            callers.retain(|c| !Rc::ptr_eq(c, &self.member));
            callers.is_empty()
        };
        if left {
            forget(shared);
            shared.stop.notify();
        }
    }
}

/// Takes the loop off the page's list, so that a new caller starts a new one;
/// the last one stops the page's listeners.
fn forget(shared: &Rc<Loop>) {
    let mut listeners = None;
    engine(&mut |e| {
        e.loops.retain(|l| !Rc::ptr_eq(l, shared));
        e.host(host_of(&shared.key.base)).leave(&shared.nudge);
        if e.loops.is_empty() {
            listeners = e.page.take();
        }
    });
    // Dropped outside the engine: it calls into the page.
    drop(listeners);
}

/// Every loop's reaction to a page event.
fn on_page_event(event: PageEvent) {
    let reaction = react(event);
    engine(&mut |e| {
        for each in &e.loops {
            if reaction.end_pause {
                each.nudge.notify();
            }
            if reaction.reissue {
                each.reissue.notify();
            }
        }
    });
}

/// Joins the loop of `key`, starting it (with `client` and `call`) if none
/// runs. A loop that has seen a state gives it to the new caller at once.
pub fn join(client: &Client, key: LoopKey, call: &CallOptions, caller: Caller) -> Membership {
    let mut found = None;
    engine(&mut |e| found = e.loops.iter().find(|l| l.key == key).cloned());
    let shared = found.unwrap_or_else(|| {
        let shared = Rc::new(Loop {
            key,
            client: client.clone(),
            call: call.clone(),
            callers: RefCell::default(),
            latest: RefCell::default(),
            stop: Signal::default(),
            nudge: Signal::default(),
            reissue: Signal::default(),
        });
        let mut listening = false;
        engine(&mut |e| {
            e.loops.push(shared.clone());
            listening = e.page.is_some();
        });
        if !listening {
            let mut listeners = Some(client.platform().watch_page(on_page_event));
            engine(&mut |e| {
                if e.page.is_none() {
                    e.page = listeners.take();
                }
            });
        }
        client.platform().spawn(Box::pin(run(shared.clone())));
        shared
    });
    let member = Rc::new(caller);
    if let Some(latest) = shared.latest.borrow().clone() {
        member.mailbox.borrow_mut().progress = Some(latest);
        member.wake.notify();
    }
    shared.callers.borrow_mut().push(member.clone());
    Membership { member, shared }
}

/// The loop's task: drives it until done, failed, or left by every caller.
async fn run(shared: Rc<Loop>) {
    let outcome = match select(
        std::pin::pin!(drive::drive(&shared)),
        shared.stop.notified(),
    )
    .await
    {
        Either::Left((outcome, _)) => outcome,
        Either::Right(_) => return,
    };
    forget(&shared);
    for caller in shared.callers.borrow().iter() {
        caller.mailbox.borrow_mut().outcome = Some(outcome.clone());
        caller.wake.notify();
    }
}

impl Loop {
    fn platform(&self) -> &Rc<dyn Platform> {
        self.client.platform()
    }

    /// What the callers ask of the loop at `now`: the shortest long-poll,
    /// the time left until the first budget ends, and until the last one
    /// ends (`None` when a caller has no budget).
    fn asked(&self, now: Duration) -> (Duration, Option<Duration>, Option<Duration>) {
        let mut long_poll = policy::DEFAULT_LONG_POLL;
        let (mut first, mut last) = (None::<Duration>, Some(Duration::ZERO));
        for caller in self.callers.borrow().iter() {
            long_poll = long_poll.min(caller.long_poll);
            let left = caller.deadline.map(|d| d.saturating_sub(now));
            first = match (first, left) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            last = last.zip(left).map(|(a, b)| a.max(b));
        }
        (long_poll, first, last)
    }

    /// Records a state and leaves it for every caller when its metadata is new.
    fn publish(&self, op: &Operation) {
        let mut latest = self.latest.borrow_mut();
        let changed = progress_changed(latest.as_ref().map(|seen| &seen.metadata), op);
        *latest = Some(op.clone());
        drop(latest);
        if changed {
            for caller in self.callers.borrow().iter() {
                caller.mailbox.borrow_mut().progress = Some(op.clone());
                caller.wake.notify();
            }
        }
    }

    /// Waits for `pause`, or less if nudged.
    async fn pause(&self, pause: Duration) {
        let _ = select(self.platform().sleep(pause), self.nudge.notified()).await;
    }

    /// A place in the host's budget for the next call.
    async fn take(&self, host: &str, wants_long: bool) -> Place {
        loop {
            let mut grant = Grant::Later;
            engine(&mut |e| grant = e.host(host).take(&self.nudge, wants_long));
            if grant != Grant::Later {
                return Place {
                    host: host.to_owned(),
                    grant,
                };
            }
            // Woken when one of the host's calls ends (or by the page).
            self.nudge.notified().await;
        }
    }
}

/// A call's place in its host's budget, given back when dropped.
struct Place {
    host: String,
    grant: Grant,
}

impl Drop for Place {
    fn drop(&mut self) {
        engine(&mut |e| e.host(&self.host).release(self.grant));
    }
}
