//! A one-thread notification: one side calls [`Signal::notify`], the other
//! awaits [`Signal::notified`]. A notification sent while nobody waits is
//! kept until the next wait takes it, so none is lost between two awaits.

use std::{
    cell::Cell,
    future::Future,
    pin::Pin,
    rc::Rc,
    task::{Context, Poll, Waker},
};

/// A notification shared by clones.
#[derive(Clone, Default)]
pub struct Signal(Rc<State>);

#[derive(Default)]
struct State {
    pending: Cell<bool>,
    waker: Cell<Option<Waker>>,
}

impl Signal {
    /// Wakes the task awaiting [`Signal::notified`], or the next one to.
    pub fn notify(&self) {
        self.0.pending.set(true);
        if let Some(waker) = self.0.waker.take() {
            waker.wake();
        }
    }

    /// Resolves once a notification is (or already was) sent, and takes it.
    pub fn notified(&self) -> Notified<'_> {
        Notified(&self.0)
    }

    /// Drops a notification sent before now, if any.
    pub fn clear(&self) {
        self.0.pending.set(false);
    }

    /// Whether `self` and `other` are clones of one signal.
    pub fn same(&self, other: &Signal) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The future of [`Signal::notified`].
pub struct Notified<'a>(&'a State);

impl Future for Notified<'_> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0.pending.replace(false) {
            return Poll::Ready(());
        }
        self.0.waker.set(Some(cx.waker().clone()));
        Poll::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::{task::noop_waker, FutureExt};

    #[test]
    fn a_notification_is_kept_until_taken_once() {
        let signal = Signal::default();
        let waker = noop_waker();
        let mut cx = Context::from_waker(&waker);
        assert!(signal.notified().poll_unpin(&mut cx).is_pending());
        signal.notify();
        assert!(signal.notified().poll_unpin(&mut cx).is_ready());
        assert!(signal.notified().poll_unpin(&mut cx).is_pending(), "taken");
        signal.notify();
        signal.clear();
        assert!(
            signal.notified().poll_unpin(&mut cx).is_pending(),
            "cleared"
        );
        assert!(signal.same(&signal.clone()) && !signal.same(&Signal::default()));
    }
}
