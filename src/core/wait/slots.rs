//! The long-poll budget per host, for every waiting loop of the page.
//!
//! Over HTTP/1.1 a browser opens at most 6 connections to a host, shared by
//! every page and worker; a long-poll holds one for as long as the server
//! holds the call. So the loops of a page keep at most [`Limits::long_polls`]
//! long-polls and [`Limits::in_flight`] calls in all in flight per host,
//! leaving 2 connections for everything else the page asks of that host.
//! Loops beyond the budget poll GetOperation with backoff, queue for a
//! long-poll, and take one, first come first served, as one frees. HTTP/2
//! multiplexes calls on one connection, and there the budget lifts to what
//! a server's stream limit allows.
//!
//! [`grant`] is the decision, a plain function; [`Host`] keeps the counts.

use super::signal::Signal;

/// How a host is reached, as far as the client knows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Protocol {
    /// Not known yet: treated as HTTP/1.1.
    #[default]
    Unknown,
    /// HTTP/1.1 (or older): 6 connections per host.
    Http1,
    /// HTTP/2 or HTTP/3: calls share one connection as streams.
    Multiplexed,
}

impl Protocol {
    /// What `PerformanceResourceTiming.nextHopProtocol` says ("h2",
    /// "http/1.1"; "" when the browser hides it or does not know).
    pub fn from_next_hop(next_hop: &str) -> Protocol {
        match next_hop {
            "h2" | "h2c" | "h3" => Protocol::Multiplexed,
            "" => Protocol::Unknown,
            _ if next_hop.starts_with("h3-") => Protocol::Multiplexed,
            _ => Protocol::Http1,
        }
    }
}

/// How many of the loops' calls may be in flight to one host.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// WaitOperation long-polls.
    pub long_polls: usize,
    /// Calls of any kind (long-polls and polls).
    pub in_flight: usize,
}

/// The limits over `protocol`. HTTP/1.1: 4 of the browser's 6 connections,
/// at most 3 of them holding long-polls, so that polls go on too. HTTP/2:
/// within the 100 concurrent streams that servers commonly allow (RFC 9113
/// recommends no fewer), leaving the page a few.
pub fn limits(protocol: Protocol) -> Limits {
    match protocol {
        Protocol::Unknown | Protocol::Http1 => Limits {
            long_polls: 3,
            in_flight: 4,
        },
        Protocol::Multiplexed => Limits {
            long_polls: 90,
            in_flight: 96,
        },
    }
}

/// What a loop may send now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grant {
    /// A WaitOperation long-poll.
    LongPoll,
    /// A GetOperation poll.
    Poll,
    /// Nothing: the host's calls are all in flight; the loop is woken when
    /// one ends.
    Later,
}

/// The decision: a loop that wants a long-poll (`wants_long`) gets one when
/// the long-poll budget has room and no loop queued before it (`ahead`) is
/// still waiting for one; otherwise it may poll, if any call may be sent.
pub fn grant(
    limits: Limits,
    long_polls: usize,
    polls: usize,
    wants_long: bool,
    ahead: usize,
) -> Grant {
    if long_polls + polls >= limits.in_flight {
        Grant::Later
    } else if wants_long && long_polls < limits.long_polls && ahead == 0 {
        Grant::LongPoll
    } else {
        Grant::Poll
    }
}

/// One host's calls in flight and the loops queued for a long-poll.
#[derive(Default)]
pub struct Host {
    /// What is known of the host's protocol.
    pub protocol: Protocol,
    /// Whether its server answered WaitOperation with UNIMPLEMENTED: every
    /// later loop of the page polls it.
    pub lacks_wait: bool,
    /// Long-polls in flight.
    pub long_polls: usize,
    /// Polls in flight.
    pub polls: usize,
    /// Loops waiting for a long-poll, first come first (few: a Vec).
    queue: Vec<Signal>,
    /// Loops that found every call in flight, first come first.
    waiting: Vec<Signal>,
}

impl Host {
    /// The decision for the loop woken by `nudge`, which wants a long-poll or
    /// not; counts the call it grants, and queues (or dequeues) the loop.
    pub fn take(&mut self, nudge: &Signal, wants_long: bool) -> Grant {
        let ahead = self
            .queue
            .iter()
            .position(|s| s.same(nudge))
            .unwrap_or(self.queue.len());
        let limits = limits(self.protocol);
        let granted = grant(limits, self.long_polls, self.polls, wants_long, ahead);
        match granted {
            Grant::LongPoll => {
                self.long_polls += 1;
                self.queue.retain(|s| !s.same(nudge));
            }
            Grant::Poll => self.polls += 1,
            Grant::Later if !self.waiting.iter().any(|s| s.same(nudge)) => {
                self.waiting.push(nudge.clone());
            }
            Grant::Later => {}
        }
        if wants_long && granted != Grant::LongPoll && ahead == self.queue.len() {
            self.queue.push(nudge.clone());
        }
        granted
    }

    /// How many loops wait for a long-poll.
    pub fn queued(&self) -> usize {
        self.queue.len()
    }

    /// A call granted by [`Host::take`] ended. Its place goes to the first
    /// loop that found every call in flight; a long-poll's, also to the first
    /// loop queued for a long-poll, whose pause ends now. (A poll's end does
    /// not wake the long-poll queue: its first loop may be the one that just
    /// polled, which would then poll again without pause.)
    pub fn release(&mut self, granted: Grant) {
        match granted {
            Grant::LongPoll => self.long_polls = self.long_polls.saturating_sub(1),
            Grant::Poll => self.polls = self.polls.saturating_sub(1),
            Grant::Later => return,
        }
        if !self.waiting.is_empty() {
            self.waiting.remove(0).notify();
        }
        if granted == Grant::LongPoll {
            if let Some(first) = self.queue.first() {
                first.notify();
            }
        }
    }

    /// The loop woken by `nudge` ended: it no longer queues.
    pub fn leave(&mut self, nudge: &Signal) {
        self.waiting.retain(|s| !s.same(nudge));
        let was_first = self.queue.first().is_some_and(|s| s.same(nudge));
        self.queue.retain(|s| !s.same(nudge));
        if was_first {
            if let Some(first) = self.queue.first() {
                first.notify();
            }
        }
    }
}

/// The host part of a base URL ("https://api.example.com:8443"), the key of
/// its budget; "" for a URL relative to the page (the page's own host).
pub fn host_of(base_url: &str) -> &str {
    // Bytes, not `str::find` and slicing: no generic searcher or slicing
    // panic (and its formatting) in the wasm.
    let bytes = base_url.as_bytes();
    let Some(scheme_end) = bytes.windows(3).position(|w| w == b"://") else {
        return "";
    };
    let authority = scheme_end + 3;
    let end = bytes
        .iter()
        .skip(authority)
        .position(|b| *b == b'/')
        .map_or(bytes.len(), |slash| authority + slash);
    base_url.get(..end).unwrap_or(base_url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Grant::*;

    #[test]
    fn http1_keeps_two_connections_free_and_one_for_polls() {
        let l = limits(Protocol::Http1);
        assert_eq!(l, limits(Protocol::Unknown));
        assert!(6 - l.in_flight >= 2 && l.long_polls < l.in_flight);
        let cases = [
            // (long-polls, polls, wants long, ahead) -> grant
            ((0, 0, true, 0), LongPoll),
            ((2, 0, true, 0), LongPoll),
            ((3, 0, true, 0), Poll),
            ((3, 1, true, 0), Later),
            ((3, 1, false, 0), Later),
            ((1, 0, true, 1), Poll),
            ((0, 0, false, 0), Poll),
            ((0, 4, false, 0), Later),
        ];
        for ((long, polls, wants, ahead), want) in cases {
            assert_eq!(
                grant(l, long, polls, wants, ahead),
                want,
                "{long} {polls} {wants} {ahead}"
            );
        }
    }

    #[test]
    fn http2_lifts_the_budget() {
        let l = limits(Protocol::Multiplexed);
        assert_eq!(grant(l, 50, 10, true, 0), LongPoll);
        assert_eq!(grant(l, 90, 0, true, 0), Poll);
        assert!(l.in_flight < 100);
    }

    #[test]
    fn next_hop_protocols() {
        let cases = [
            ("h2", Protocol::Multiplexed),
            ("h3", Protocol::Multiplexed),
            ("h3-29", Protocol::Multiplexed),
            ("http/1.1", Protocol::Http1),
            ("http/1.0", Protocol::Http1),
            ("", Protocol::Unknown),
        ];
        for (hop, want) in cases {
            assert_eq!(Protocol::from_next_hop(hop), want, "{hop}");
        }
    }

    #[test]
    fn a_freed_long_poll_goes_to_the_first_queued_loop() {
        let mut host = Host::default();
        let loops: Vec<Signal> = (0..5).map(|_| Signal::default()).collect();
        let grants: Vec<Grant> = loops.iter().map(|s| host.take(s, true)).collect();
        assert_eq!(grants, [LongPoll, LongPoll, LongPoll, Poll, Later]);
        use futures_util::{task::noop_waker, FutureExt};
        let waker = noop_waker();
        let mut cx = std::task::Context::from_waker(&waker);
        host.release(Poll);
        assert!(
            loops[3].notified().poll_unpin(&mut cx).is_pending(),
            "a poll's end does not wake the long-poll queue: loop 3 polled, and must pause"
        );
        assert!(
            loops[4].notified().poll_unpin(&mut cx).is_ready(),
            "it wakes loop 4, which found every call in flight"
        );
        // Loop 3 queued first, so loop 4 may poll but not long-poll.
        assert_eq!(host.take(&loops[4], true), Poll);
        host.release(Poll);
        host.release(LongPoll);
        assert!(
            loops[3].notified().poll_unpin(&mut cx).is_ready(),
            "loop 3 is woken"
        );
        assert!(loops[4].notified().poll_unpin(&mut cx).is_pending());
        assert_eq!(host.take(&loops[4], true), Poll, "still behind loop 3");
        assert_eq!(host.take(&loops[3], true), LongPoll);
        host.release(Poll);
        host.leave(&loops[4]);
        assert_eq!(host.take(&loops[0], true), Poll, "the budget is full");
    }

    #[test]
    fn a_loop_that_found_every_call_in_flight_is_woken_by_the_next_to_end() {
        use futures_util::{task::noop_waker, FutureExt};
        let waker = noop_waker();
        let mut cx = std::task::Context::from_waker(&waker);
        let mut host = Host::default();
        let loops: Vec<Signal> = (0..6).map(|_| Signal::default()).collect();
        let grants: Vec<Grant> = loops.iter().map(|s| host.take(s, false)).collect();
        assert_eq!(grants, [Poll, Poll, Poll, Poll, Later, Later]);
        assert_eq!(
            host.take(&loops[4], false),
            Later,
            "asked again: queued once"
        );
        host.release(Poll);
        assert!(
            loops[4].notified().poll_unpin(&mut cx).is_ready(),
            "the first to wait"
        );
        assert!(loops[5].notified().poll_unpin(&mut cx).is_pending());
        assert!(
            loops[0].notified().poll_unpin(&mut cx).is_pending(),
            "not the one that polled"
        );
        assert_eq!(host.take(&loops[4], false), Poll);
        host.leave(&loops[5]);
        host.release(Poll);
        assert!(
            loops[5].notified().poll_unpin(&mut cx).is_pending(),
            "it left"
        );
    }

    #[test]
    fn hosts_of_base_urls() {
        let cases = [
            ("https://api.example.com", "https://api.example.com"),
            (
                "https://api.example.com:8443/v1/",
                "https://api.example.com:8443",
            ),
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
            ("/api", ""),
            ("", ""),
        ];
        for (base, host) in cases {
            assert_eq!(host_of(base), host, "{base}");
        }
    }
}
