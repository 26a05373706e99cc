//! The decisions of a wait, as plain functions: how long to hold or pause,
//! whether to retry, whether progress changed, what budget is left. The loop
//! in [`super`] only does the I/O.

use core::time::Duration;

use crate::proto::google::rpc::Code;

use crate::proto::google::longrunning::Operation;

/// How a wait asks the server.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// WaitOperation until the server answers UNIMPLEMENTED, then GetOperation
    /// polling (remembered for the host, by every loop of the page).
    #[default]
    Auto,
    /// WaitOperation only; UNIMPLEMENTED is an error.
    Wait,
    /// GetOperation polling only.
    Poll,
}

impl Mode {
    /// `"auto"`, `"wait"` or `"poll"`.
    pub fn parse(text: &str) -> Option<Mode> {
        match text {
            "auto" => Some(Mode::Auto),
            "wait" => Some(Mode::Wait),
            "poll" => Some(Mode::Poll),
            _ => None,
        }
    }
}

/// Exponential backoff with full jitter: the n-th pause is uniformly drawn
/// from `[0, min(max, initial * multiplier^(n-1))]`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Backoff {
    /// Ceiling of the first pause.
    pub initial: Duration,
    /// Growth of the ceiling from one pause to the next.
    pub multiplier: f64,
    /// Largest ceiling.
    pub max: Duration,
}

impl Default for Backoff {
    /// 1 s, ×2, at most 15 s: a 30-second job polled with these takes about
    /// 8 GetOperation calls, rarely more than 12.
    fn default() -> Self {
        Backoff {
            initial: Duration::from_secs(1),
            multiplier: 2.0,
            max: Duration::from_secs(15),
        }
    }
}

impl Backoff {
    /// The ceiling of pause number `n` (1-based).
    pub fn ceiling(&self, n: u32) -> Duration {
        let exponent = n.saturating_sub(1).min(64);
        let grown = self.initial.as_secs_f64() * powi(self.multiplier, exponent);
        let max = self.max.as_secs_f64();
        millis(
            1000.0
                * if grown.is_finite() {
                    grown.min(max)
                } else {
                    max
                },
        )
    }

    /// Pause number `n`, with `random` drawn uniformly from `[0, 1)`.
    pub fn delay(&self, n: u32, random: f64) -> Duration {
        millis(self.ceiling(n).as_secs_f64() * 1000.0 * random.clamp(0.0, 1.0))
    }
}

/// `ms` milliseconds as a Duration, for any number: NaN and negatives are
/// zero, a positive time is at least 1 ns, and what is past a Duration of
/// 2^64 ns (584 years) is that. (std's `from_secs_f64` panics instead.)
pub fn millis(ms: f64) -> Duration {
    let ns = ms * 1e6;
    // `as` truncates, saturates, and maps NaN to 0; what it cut off is exact
    // below 2^53, and nothing above. Half a nanosecond rounds up (away from
    // zero, as `f64::round`, which core lacks).
    let whole = ns as u64;
    let rounded = if ns - whole as f64 >= 0.5 {
        whole.saturating_add(1)
    } else {
        whole
    };
    Duration::from_nanos(if ns > 0.0 { rounded.max(1) } else { 0 })
}

/// `base` to the power `exponent` by squaring: what `f64::powi` (std's,
/// which core lacks) does on wasm (compiler-builtins' `__powidf2`).
fn powi(mut base: f64, mut exponent: u32) -> f64 {
    let mut power = 1.0;
    loop {
        if exponent & 1 != 0 {
            power *= base;
        }
        exponent >>= 1;
        if exponent == 0 {
            return power;
        }
        base *= base;
    }
}

/// Everything that shapes one wait.
#[derive(Clone, Debug, PartialEq)]
pub struct WaitPolicy {
    /// Total time to wait; `None` waits until done or aborted.
    pub budget: Option<Duration>,
    /// How to ask.
    pub mode: Mode,
    /// Pauses between polls and before retries.
    pub backoff: Backoff,
    /// Codes retried with backoff; any other error ends the wait.
    pub retry_codes: Vec<Code>,
    /// The longest one WaitOperation call asks the server to hold.
    pub long_poll: Duration,
}

/// Default of [`WaitPolicy::long_poll`].
pub const DEFAULT_LONG_POLL: Duration = Duration::from_secs(60);

/// Default of [`WaitPolicy::long_poll`] when progress is reported: WaitOperation
/// answers only when the operation is done, so shorter holds let new
/// metadata be seen about once a second.
pub const PROGRESS_LONG_POLL: Duration = Duration::from_secs(1);

/// The longest hold of a wait's WaitOperation calls: the caller's
/// `longPollMs`, or by default [`DEFAULT_LONG_POLL`], or
/// [`PROGRESS_LONG_POLL`] when the caller follows progress (WaitOperation
/// answers only when the operation is done, so shorter holds are what let
/// new metadata be seen).
pub fn long_poll(given: Option<Duration>, reports_progress: bool) -> Duration {
    match (given, reports_progress) {
        (Some(given), _) => given,
        (None, true) => PROGRESS_LONG_POLL,
        (None, false) => DEFAULT_LONG_POLL,
    }
}

/// A WaitOperation that returned, not done, sooner than this is treated as
/// "the server did not hold", and the next one waits a backoff pause, so a
/// server that always answers at once is not called in a tight loop.
pub const MIN_HOLD: Duration = Duration::from_millis(100);

impl Default for WaitPolicy {
    fn default() -> Self {
        WaitPolicy {
            budget: None,
            mode: Mode::Auto,
            backoff: Backoff::default(),
            retry_codes: vec![Code::Unavailable],
            long_poll: DEFAULT_LONG_POLL,
        }
    }
}

/// What a hold leaves of a budget at least, for the answer to arrive
/// before the budget ends (one tenth of it when that is more).
pub const ANSWER_MARGIN: Duration = Duration::from_millis(100);

/// How long the next WaitOperation asks the server to hold: at most
/// `long_poll`, and within a budget, what is `left` of it but a tenth (at
/// least [`ANSWER_MARGIN`]), so that the answer arrives before it ends.
pub fn hold(long_poll: Duration, left: Option<Duration>) -> Duration {
    match left {
        Some(left) => left
            .saturating_sub((left / 10).max(ANSWER_MARGIN))
            .min(long_poll),
        None => long_poll,
    }
}

/// The pause before the next try: the backoff's, or longer when the server
/// asked for a longer one (`google.rpc.RetryInfo`); never past the end of the
/// last budget (`left`), after which nobody waits for the answer.
pub fn pause(backoff: Duration, retry_info: Option<Duration>, left: Option<Duration>) -> Duration {
    let pause = retry_info.map_or(backoff, |asked| asked.max(backoff));
    left.map_or(pause, |left| pause.min(left))
}

/// A call of a loop that failed, as the decision needs it.
#[derive(Clone, Copy, Debug)]
pub struct Failure {
    /// Its code.
    pub code: Code,
    /// The call's own deadline passed (the server did not answer in time),
    /// rather than the server answering DEADLINE_EXCEEDED.
    pub own_deadline: bool,
    /// It was a WaitOperation long-poll.
    pub long_poll: bool,
    /// It was already a retry with renewed headers.
    pub renewed: bool,
}

impl Failure {
    /// A failure with `code` of a plain call.
    pub fn of(code: Code) -> Failure {
        Failure {
            code,
            own_deadline: false,
            long_poll: false,
            renewed: false,
        }
    }
}

/// What a loop does after a call failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnFailure {
    /// The server lacks WaitOperation: remember it, and poll at once.
    PollInstead,
    /// Ask the caller's header functions again; retry at once only if they
    /// now give other headers than the call sent (a token refreshed
    /// meanwhile), else fail.
    RenewHeaders,
    /// Pause (the backoff's, or longer when the server asks with
    /// RetryInfo), then try again.
    Retry,
    /// End the wait with the error.
    Fail,
}

/// Whether the next call of a loop in `mode` long-polls WaitOperation,
/// when its server was found to lack it (`lacks_wait`) or not.
pub fn use_wait_operation(mode: Mode, lacks_wait: bool) -> bool {
    match mode {
        Mode::Auto => !lacks_wait,
        Mode::Wait => true,
        Mode::Poll => false,
    }
}

/// How far apart the polls of loops queued for a long-poll are kept: each
/// pauses at least this much per loop queued, so that together they poll
/// their host about 40 times a second at most, however many they are.
pub const SPREAD: Duration = Duration::from_millis(25);

/// The pause of a loop that polled because its host's long-polls were all
/// taken, with `queued` loops (itself among them) waiting for one: its
/// backoff's, or [`SPREAD`] per loop queued (at most a minute) when that is
/// longer. A thousand such loops would otherwise poll at their backoff's
/// rate, ~200 a second, and each `fetch` costs the page's main thread about
/// a millisecond. A loop whose turn for a long-poll comes ends its pause then.
pub fn spread(backoff: Duration, queued: usize) -> Duration {
    backoff.max(SPREAD * queued.min(2400) as u32)
}

impl WaitPolicy {
    /// Whether a failure with `code` is retried.
    pub fn retries(&self, code: Code) -> bool {
        self.retry_codes.contains(&code)
    }

    /// What a loop does after `failure`: UNIMPLEMENTED from a long-poll in
    /// [`Mode::Auto`] turns to polling; UNAUTHENTICATED is retried once
    /// with renewed headers; the retried codes, and a call whose own
    /// deadline passed, are retried after a pause; anything else ends the wait.
    pub fn on_failure(&self, failure: Failure) -> OnFailure {
        match failure.code {
            Code::Unimplemented if failure.long_poll && self.mode == Mode::Auto => {
                OnFailure::PollInstead
            }
            Code::Unauthenticated if !failure.renewed => OnFailure::RenewHeaders,
            Code::Unauthenticated => OnFailure::Fail,
            code if self.retries(code) || failure.own_deadline => OnFailure::Retry,
            _ => OnFailure::Fail,
        }
    }
}

/// Whether `op` shows metadata other than the last seen (`None`: nothing seen
/// yet, so the first sight always counts).
pub fn progress_changed(last: Option<&Option<prost_types::Any>>, op: &Operation) -> bool {
    last != Some(&op.metadata)
}

#[cfg(test)]
mod tests;
