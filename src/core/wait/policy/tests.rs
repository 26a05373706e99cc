//! The wait's decisions, case by case.

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

// README wait options: backoff
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

// README wait options: backoff
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

// README wait options: longPollMs
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

// README wait options: retryCodes
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

// README wait options: retryCodes
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

// README wait options: onProgress(op)
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

// README wait options: longPollMs
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

// README wait options: retryCodes
#[test]
fn a_failed_call_is_retried_only_as_the_policy_says() {
    use OnFailure::*;
    let p = WaitPolicy::default();
    let unavailable = Failure::of(Code::Unavailable);
    let cases = [
        // (mode, failure) -> what the loop does
        (Mode::Auto, unavailable, Retry),
        (Mode::Auto, Failure::of(Code::NotFound), Fail),
        (Mode::Auto, Failure::of(Code::Internal), Fail),
        // The server lacks WaitOperation: only a long-poll says so, and
        // only where polling is allowed.
        (
            Mode::Auto,
            Failure {
                long_poll: true,
                ..Failure::of(Code::Unimplemented)
            },
            PollInstead,
        ),
        (Mode::Auto, Failure::of(Code::Unimplemented), Fail),
        (
            Mode::Wait,
            Failure {
                long_poll: true,
                ..Failure::of(Code::Unimplemented)
            },
            Fail,
        ),
        // A call's own deadline (the server did not answer in time) is
        // retried; a server's DEADLINE_EXCEEDED is not, unless named.
        (
            Mode::Auto,
            Failure {
                own_deadline: true,
                ..Failure::of(Code::DeadlineExceeded)
            },
            Retry,
        ),
        (Mode::Auto, Failure::of(Code::DeadlineExceeded), Fail),
        // UNAUTHENTICATED: once with new headers, never twice.
        (Mode::Auto, Failure::of(Code::Unauthenticated), RenewHeaders),
        (
            Mode::Auto,
            Failure {
                renewed: true,
                ..Failure::of(Code::Unauthenticated)
            },
            Fail,
        ),
    ];
    for (mode, failure, want) in cases {
        let policy = WaitPolicy { mode, ..p.clone() };
        assert_eq!(policy.on_failure(failure), want, "{mode:?} {failure:?}");
    }
    let internal = WaitPolicy {
        retry_codes: vec![Code::Internal],
        ..p
    };
    assert_eq!(internal.on_failure(Failure::of(Code::Internal)), Retry);
    assert_eq!(internal.on_failure(unavailable), Fail);
}

// README wait options: mode
#[test]
fn the_mode_and_what_the_server_lacks_say_whether_to_long_poll() {
    let cases = [
        ((Mode::Auto, false), true),
        ((Mode::Auto, true), false),
        ((Mode::Wait, true), true),
        ((Mode::Poll, false), false),
    ];
    for ((mode, lacks), want) in cases {
        assert_eq!(use_wait_operation(mode, lacks), want, "{mode:?} {lacks}");
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
