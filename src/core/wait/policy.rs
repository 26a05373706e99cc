//! The decisions of a wait, as plain functions: how long to hold or pause,
//! whether to retry, whether progress changed, what budget is left. The loop
//! in [`super`] only does the I/O.

use std::time::Duration;

use crate::proto::google::rpc::Code;

use crate::proto::google::longrunning::Operation;

/// How a wait asks the server.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// WaitOperation until the server answers UNIMPLEMENTED, then GetOperation
    /// polling (remembered for the client).
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
        let exponent = n.saturating_sub(1).min(64) as i32;
        let grown = self.initial.as_secs_f64() * self.multiplier.powi(exponent);
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
    let floor = if ms > 0.0 { 1.0 } else { 0.0 };
    // `as` saturates, and maps NaN to 0.
    Duration::from_nanos((ms * 1e6).round().max(floor) as u64)
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

/// Whether a wait retries, at once, a call that answered UNAUTHENTICATED:
/// once, when the header functions now give other headers than the call
/// sent (a token refreshed meanwhile); not with the same headers, and not a
/// retry that is refused again.
pub fn retry_unauthenticated(already_retried: bool, headers_changed: bool) -> bool {
    !already_retried && headers_changed
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
}

/// Whether `op` shows metadata other than the last seen (`None`: nothing seen
/// yet, so the first sight always counts).
pub fn progress_changed(last: Option<&Option<prost_types::Any>>, op: &Operation) -> bool {
    last != Some(&op.metadata)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: fn(u64) -> Duration = Duration::from_millis;

    #[test]
    fn any_number_of_milliseconds_is_a_duration() {
        assert_eq!(millis(1500.0), MS(1500));
        assert_eq!(millis(0.0), Duration::ZERO);
        assert_eq!(millis(1e-9), Duration::from_nanos(1));
        for odd in [-1.0, f64::NAN, f64::NEG_INFINITY] {
            assert_eq!(millis(odd), Duration::ZERO);
        }
        for huge in [1e300, f64::INFINITY] {
            assert_eq!(millis(huge), Duration::from_nanos(u64::MAX));
        }
    }

    #[test]
    fn backoff_ceilings_grow_to_the_max() {
        let b = Backoff::default();
        let ceilings: Vec<_> = (1..=7).map(|n| b.ceiling(n)).collect();
        assert_eq!(
            ceilings,
            [
                MS(1000),
                MS(2000),
                MS(4000),
                MS(8000),
                MS(15000),
                MS(15000),
                MS(15000)
            ]
        );
        assert_eq!(b.ceiling(0), MS(1000));
        assert_eq!(b.ceiling(u32::MAX), MS(15000), "no overflow");
    }

    #[test]
    fn full_jitter_spans_zero_to_the_ceiling() {
        let b = Backoff {
            initial: MS(100),
            multiplier: 3.0,
            max: MS(10_000),
        };
        let cases = [
            (1, 0.0, MS(0)),
            (1, 0.5, MS(50)),
            (2, 0.5, MS(150)),
            (3, 1.0, MS(900)),
            (9, 0.25, MS(2500)),
        ];
        for (n, random, want) in cases {
            assert_eq!(b.delay(n, random), want, "n={n} random={random}");
        }
        assert_eq!(b.delay(1, 7.0), MS(100), "random is clamped");
    }

    #[test]
    fn polling_a_30_second_job_stays_within_12_calls_on_average() {
        // The expected pause is half the ceiling; count polls until 30 s pass.
        let b = Backoff::default();
        let (mut t, mut polls) = (Duration::ZERO, 1);
        while t < Duration::from_secs(30) {
            t += b.delay(polls, 0.5);
            polls += 1;
        }
        assert!(polls <= 12, "{polls} polls");
    }

    #[test]
    fn holds_end_before_the_budget() {
        let cases = [
            (DEFAULT_LONG_POLL, None, DEFAULT_LONG_POLL),
            (DEFAULT_LONG_POLL, Some(MS(90_000)), DEFAULT_LONG_POLL),
            (DEFAULT_LONG_POLL, Some(MS(50_000)), MS(45_000)),
            (DEFAULT_LONG_POLL, Some(MS(1_500)), MS(1_350)),
            (DEFAULT_LONG_POLL, Some(MS(300)), MS(200)),
            (DEFAULT_LONG_POLL, Some(MS(200)), MS(100)),
            (DEFAULT_LONG_POLL, Some(MS(80)), MS(0)),
            (DEFAULT_LONG_POLL, Some(MS(0)), MS(0)),
            (PROGRESS_LONG_POLL, Some(MS(50_000)), PROGRESS_LONG_POLL),
        ];
        for (long_poll, left, want) in cases {
            assert_eq!(hold(long_poll, left), want, "{long_poll:?} {left:?}");
        }
    }

    #[test]
    fn retry_info_lengthens_the_pause_within_the_budget() {
        let cases = [
            // (backoff, RetryInfo, budget left) -> pause
            (MS(300), None, None, MS(300)),
            (MS(300), Some(MS(1200)), None, MS(1200)),
            (MS(3000), Some(MS(1200)), None, MS(3000)),
            (MS(300), Some(MS(1200)), Some(MS(800)), MS(800)),
            (MS(300), None, Some(MS(100)), MS(100)),
            (MS(0), Some(MS(0)), None, MS(0)),
        ];
        for (backoff, asked, left, want) in cases {
            assert_eq!(
                pause(backoff, asked, left),
                want,
                "{backoff:?} {asked:?} {left:?}"
            );
        }
    }

    #[test]
    fn retries_only_the_named_codes() {
        let p = WaitPolicy::default();
        assert!(p.retries(Code::Unavailable));
        for code in [
            Code::NotFound,
            Code::Internal,
            Code::DeadlineExceeded,
            Code::Unimplemented,
        ] {
            assert!(!p.retries(code), "{code:?}");
        }
        let p = WaitPolicy {
            retry_codes: vec![Code::Internal],
            ..p
        };
        assert!(p.retries(Code::Internal) && !p.retries(Code::Unavailable));
    }

    #[test]
    fn progress_counts_first_sight_and_changed_bytes() {
        let any = |v: &[u8]| prost_types::Any {
            type_url: "t".into(),
            value: v.to_vec(),
        };
        let op = |m: Option<prost_types::Any>| Operation {
            metadata: m,
            ..Default::default()
        };
        let cases = [
            (None, op(None), true),
            (None, op(Some(any(b"a"))), true),
            (Some(None), op(None), false),
            (Some(Some(any(b"a"))), op(Some(any(b"a"))), false),
            (Some(Some(any(b"a"))), op(Some(any(b"b"))), true),
            (Some(Some(any(b"a"))), op(None), true),
        ];
        for (last, op, want) in cases {
            assert_eq!(
                progress_changed(last.as_ref(), &op),
                want,
                "{last:?} -> {:?}",
                op.metadata
            );
        }
    }

    #[test]
    fn long_polls_are_short_when_progress_is_followed() {
        let cases = [
            (None, false, DEFAULT_LONG_POLL),
            (None, true, PROGRESS_LONG_POLL),
            (Some(MS(5000)), true, MS(5000)),
            (Some(MS(0)), false, MS(0)),
        ];
        for (given, progress, want) in cases {
            assert_eq!(long_poll(given, progress), want, "{given:?} {progress}");
        }
    }

    #[test]
    fn unauthenticated_is_retried_once_with_new_headers() {
        let cases = [
            ((false, true), true),
            ((false, false), false),
            ((true, true), false),
            ((true, false), false),
        ];
        for ((retried, changed), want) in cases {
            assert_eq!(
                retry_unauthenticated(retried, changed),
                want,
                "{retried} {changed}"
            );
        }
    }

    #[test]
    fn queued_polls_are_spread() {
        let ms = Duration::from_millis;
        let cases = [
            // (backoff, queued) -> pause
            ((ms(700), 0), ms(700)),
            ((ms(700), 1), ms(700)),
            ((ms(700), 28), ms(700)),
            ((ms(700), 40), ms(1000)),
            ((ms(0), 1000), ms(25_000)),
            ((ms(15_000), 1000), ms(25_000)),
            ((ms(15_000), 100_000), ms(60_000)),
        ];
        for ((backoff, queued), want) in cases {
            assert_eq!(spread(backoff, queued), want, "{backoff:?} {queued}");
        }
    }

    #[test]
    fn modes_parse() {
        assert_eq!(Mode::parse("auto"), Some(Mode::Auto));
        assert_eq!(Mode::parse("wait"), Some(Mode::Wait));
        assert_eq!(Mode::parse("poll"), Some(Mode::Poll));
        assert_eq!(Mode::parse("Poll"), None);
    }
}
