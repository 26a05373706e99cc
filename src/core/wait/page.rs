//! What the page's life does to the waiting loops. Browsers go offline and
//! online, hide tabs (and throttle their timers: to once a second, after
//! minutes to once a minute), freeze background pages and resume them (Page
//! Lifecycle `freeze` and `resume`, or `pageshow` from the back-forward
//! cache), and computers sleep. A pause stretched by throttling, or a
//! long-poll left on a connection that died while the page was frozen or
//! offline, would cost up to a minute; these decisions end them at once.

use crate::core::platform::PageEvent;

/// What every loop does on a page event.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reaction {
    /// End the pause between two calls now.
    pub end_pause: bool,
    /// Drop the call in flight (it may sit on a dead connection) and send it
    /// again now.
    pub reissue: bool,
}

/// The reaction to `event`. Back online, or resumed, every loop asks again
/// at once; visible again, a pause stretched by throttling ends. Going
/// offline, hidden or frozen changes nothing by itself: a hidden page keeps
/// waiting, and an offline one stops spending calls ([`may_send`]).
pub fn react(event: PageEvent) -> Reaction {
    match event {
        PageEvent::Online | PageEvent::Resumed => Reaction {
            end_pause: true,
            reissue: true,
        },
        PageEvent::Visible => Reaction {
            end_pause: true,
            reissue: false,
        },
        PageEvent::Offline | PageEvent::Hidden | PageEvent::Frozen => Reaction::default(),
    }
}

/// Whether a loop may send a call: not while the browser knows it is
/// offline (the budget still runs; `online` wakes the loop).
pub fn may_send(online: bool) -> bool {
    online
}

#[cfg(test)]
mod tests {
    use super::*;

    // README page: goes offline (navigator.onLine is false)
    // README page: comes back online
    // README page: is hidden
    // README page: becomes visible
    // README page: is frozen
    // README page: resumes (resume, or pageshow from the back-forward cache)
    #[test]
    fn coming_back_asks_again_at_once_and_leaving_changes_nothing() {
        use PageEvent::*;
        let cases = [
            (Online, true, true),
            (Resumed, true, true),
            (Visible, true, false),
            (Offline, false, false),
            (Hidden, false, false),
            (Frozen, false, false),
        ];
        for (event, end_pause, reissue) in cases {
            let want = Reaction { end_pause, reissue };
            assert_eq!(react(event), want, "{event:?}");
        }
        assert!(may_send(true) && !may_send(false));
    }
}
