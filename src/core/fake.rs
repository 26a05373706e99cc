//! A platform under a test's control, for native tests of what the core
//! sends and when: a virtual clock whose timers fire only as the test lets
//! time pass, a server played by the test (each RPC answered by a function
//! of the request and the time, after a delay of its choosing), page events
//! the test fires, and the tasks the core spawns, run on one thread.

use std::{
    any::Any,
    cell::{Cell, RefCell},
    future::Future,
    pin::Pin,
    rc::{Rc, Weak},
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
    task::{Context, Poll, Wake, Waker},
    time::Duration,
};

use prost::Message;

use crate::core::platform::{PageEvent, Platform, Post, Response, Task};
use crate::core::{base64, Error};
use crate::proto::google::longrunning::Operation;
use crate::proto::google::rpc::{Code, RetryInfo, Status};

/// What the played server answers to one RPC.
pub enum Answer {
    /// This state of the operation.
    State(Operation),
    /// This status, with a RetryInfo asking for a pause when given.
    Fails(Code, Option<Duration>),
}

/// One RPC the server saw: its method, the operation, and when it came.
#[derive(Clone, Debug, PartialEq)]
pub struct Seen {
    /// "WaitOperation", "GetOperation", ...
    pub method: &'static str,
    /// The operation (or collection).
    pub name: String,
    /// When it was sent, on the virtual clock.
    pub at: Duration,
}

/// The server's play: for each RPC and the time it came, how long it holds
/// the answer, and the answer.
pub type Play = dyn Fn(&Seen) -> (Duration, Answer);

/// What the core listens to the page with.
type PageListener = fn(PageEvent);

/// Timers, by when they fire.
#[derive(Default)]
struct Timers {
    pending: Vec<(Duration, Rc<Cell<bool>>, Option<Waker>)>,
}

/// The fake platform.
pub struct Fake {
    me: Weak<Fake>,
    now: Cell<Duration>,
    timers: RefCell<Timers>,
    tasks: RefCell<Vec<Task<'static, ()>>>,
    /// Every RPC sent, in order.
    pub seen: RefCell<Vec<Seen>>,
    play: Box<Play>,
    page: RefCell<Option<PageListener>>,
    /// What `online()` says.
    pub online: Cell<bool>,
}

impl Fake {
    /// A platform whose server plays `play`, at time zero.
    pub fn new(play: impl Fn(&Seen) -> (Duration, Answer) + 'static) -> Rc<Fake> {
        Rc::new_cyclic(|me| Fake {
            me: me.clone(),
            now: Cell::new(Duration::ZERO),
            timers: RefCell::default(),
            tasks: RefCell::default(),
            seen: RefCell::default(),
            play: Box::new(play),
            page: RefCell::default(),
            online: Cell::new(true),
        })
    }

    /// The virtual time.
    pub fn time(&self) -> Duration {
        self.now.get()
    }

    /// How many RPCs of `method` were sent.
    pub fn count(&self, method: &str) -> usize {
        self.seen
            .borrow()
            .iter()
            .filter(|s| s.method == method)
            .count()
    }

    /// Tells the core's listeners of the page about `event`.
    pub fn fire(&self, event: PageEvent) {
        let listener = *self.page.borrow();
        if let Some(listener) = listener {
            listener(event);
        }
    }

    /// Runs `future` with the spawned tasks, letting virtual time pass from
    /// timer to timer, until it ends or `limit` passes: its output, if any.
    pub fn run<T>(&self, future: impl Future<Output = T>, limit: Duration) -> Option<T> {
        let mut future = std::pin::pin!(future);
        loop {
            if let Some(output) = self.settle(future.as_mut()) {
                return Some(output);
            }
            if !self.advance(limit) {
                return None;
            }
        }
    }

    /// Lets virtual time pass until `until`, running what it wakes.
    pub fn run_until(&self, until: Duration) {
        self.run(std::future::pending::<()>(), until);
    }

    /// Polls `future` and the tasks until none of them can go on without
    /// time passing: its output, if it ended.
    fn settle<T>(&self, mut future: Pin<&mut impl Future<Output = T>>) -> Option<T> {
        for _ in 0..10_000 {
            let woken = Arc::new(Flag(AtomicBool::new(false)));
            let waker = Waker::from(woken.clone());
            let mut cx = Context::from_waker(&waker);
            if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
                return Some(output);
            }
            let tasks = std::mem::take(&mut *self.tasks.borrow_mut());
            let mut kept: Vec<_> = tasks
                .into_iter()
                .filter_map(|mut task| task.as_mut().poll(&mut cx).is_pending().then_some(task))
                .collect();
            let spawned = std::mem::take(&mut *self.tasks.borrow_mut());
            let more = !spawned.is_empty();
            kept.extend(spawned);
            *self.tasks.borrow_mut() = kept;
            if !more && !woken.0.load(Ordering::SeqCst) {
                return None;
            }
        }
        panic!("the futures wake each other without end");
    }

    /// Moves the clock to the next timer (not past `limit`) and fires it;
    /// false when no timer is due by then.
    fn advance(&self, limit: Duration) -> bool {
        let mut timers = self.timers.borrow_mut();
        timers
            .pending
            .retain(|(_, fired, _)| Rc::strong_count(fired) > 1);
        let Some(next) = timers.pending.iter().map(|(at, ..)| *at).min() else {
            return false;
        };
        if next > limit {
            self.now.set(limit);
            return false;
        }
        self.now.set(next.max(self.now.get()));
        let due: Vec<_> = timers
            .pending
            .iter_mut()
            .filter(|(at, ..)| *at <= next)
            .collect();
        for (_, fired, waker) in due {
            fired.set(true);
            if let Some(waker) = waker.take() {
                waker.wake();
            }
        }
        true
    }
}

/// Pending once, then ready.
struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            return Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

/// Set when a waker is woken.
struct Flag(AtomicBool);

impl Wake for Flag {
    fn wake(self: Arc<Self>) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// A timer of the fake clock.
struct Sleep {
    platform: Rc<Fake>,
    at: Duration,
    fired: Option<Rc<Cell<bool>>>,
}

impl Future for Sleep {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.platform.time() >= self.at || self.fired.as_ref().is_some_and(|f| f.get()) {
            return Poll::Ready(());
        }
        let fired = self.fired.get_or_insert_with(Rc::default).clone();
        let mut timers = self.platform.timers.borrow_mut();
        match timers
            .pending
            .iter_mut()
            .find(|(_, f, _)| Rc::ptr_eq(f, &fired))
        {
            Some(timer) => timer.2 = Some(cx.waker().clone()),
            None => timers
                .pending
                .push((self.at, fired, Some(cx.waker().clone()))),
        }
        Poll::Pending
    }
}

impl Platform for Fake {
    fn post(&self, post: Post) -> Task<'static, Result<Box<dyn Response>, Error>> {
        let seen = Seen {
            method: post.method,
            name: post.name,
            at: self.now(),
        };
        self.seen.borrow_mut().push(seen.clone());
        let (hold, answer) = (self.play)(&seen);
        let sleep = self.sleep(hold);
        Box::pin(async move {
            sleep.await;
            // As a fetch does, never answer within the poll that sent it: a
            // loop that sends without end then shows as one (see `settle`).
            YieldOnce(false).await;
            Ok(Box::new(FakeResponse::of(answer)) as Box<dyn Response>)
        })
    }

    fn check_url(&self, _: &str) -> Result<(), String> {
        Ok(())
    }

    fn spawn(&self, task: Task<'static, ()>) {
        self.tasks.borrow_mut().push(task);
    }

    fn next_hop(&self, _: &str) -> Option<String> {
        None
    }

    fn online(&self) -> bool {
        self.online.get()
    }

    fn watch_page(&self, report: fn(PageEvent)) -> Box<dyn Any> {
        *self.page.borrow_mut() = Some(report);
        Box::new(())
    }

    fn sleep(&self, duration: Duration) -> Task<'static, ()> {
        Box::pin(Sleep {
            platform: self.me.upgrade().expect("the fake outlives its calls"),
            at: self.now.get().saturating_add(duration),
            fired: None,
        })
    }

    fn now(&self) -> Duration {
        self.now.get()
    }

    fn random(&self) -> f64 {
        0.5
    }
}

/// A gRPC-Web response of the played server.
struct FakeResponse {
    headers: Vec<(&'static str, String)>,
    body: Option<Vec<u8>>,
}

impl FakeResponse {
    fn of(answer: Answer) -> FakeResponse {
        let mut headers = vec![("content-type", "application/grpc-web+proto".to_owned())];
        let body = match answer {
            Answer::State(op) => {
                let message = op.encode_to_vec();
                let trailers = b"grpc-status:0\r\n";
                let mut body = frame(0, &message);
                body.extend(frame(0x80, trailers));
                Some(body)
            }
            Answer::Fails(code, retry) => {
                headers.push(("grpc-status", (code as i32).to_string()));
                headers.push(("grpc-message", "played".to_owned()));
                if let Some(delay) = retry {
                    let info = RetryInfo {
                        retry_delay: Some(prost_types::Duration {
                            seconds: delay.as_secs() as i64,
                            nanos: delay.subsec_nanos() as i32,
                        }),
                    };
                    let status = Status {
                        code: code as i32,
                        message: "played".to_owned(),
                        details: vec![prost_types::Any {
                            type_url: "type.googleapis.com/google.rpc.RetryInfo".to_owned(),
                            value: info.encode_to_vec(),
                        }],
                    };
                    headers.push((
                        "grpc-status-details-bin",
                        base64::encode(&status.encode_to_vec()),
                    ));
                }
                None
            }
        };
        FakeResponse { headers, body }
    }
}

fn frame(flag: u8, bytes: &[u8]) -> Vec<u8> {
    let mut out = vec![flag];
    out.extend((bytes.len() as u32).to_be_bytes());
    out.extend(bytes);
    out
}

impl Response for FakeResponse {
    fn status(&self) -> u16 {
        200
    }

    fn status_text(&self) -> String {
        "OK".to_owned()
    }

    fn header(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
    }

    fn chunk(&mut self) -> Task<'_, Result<Option<Vec<u8>>, Error>> {
        let chunk = self.body.take();
        Box::pin(async move { Ok(chunk) })
    }

    fn finish(&mut self) {}
}
