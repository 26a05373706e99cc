//! Racing a call against a caller's `AbortSignal`.
//!
//! The listener (browser.js's `Timer`, given the signal) is removed when
//! the race ends, whichever side wins, so one long-lived signal can serve
//! any number of calls without piling up listeners. Losing the race drops
//! the call, which aborts its fetch.

use std::future::Future;

use futures_util::future::{select, Either};
use web_sys::AbortSignal;

use crate::bindings::browser::on_abort;
use crate::bindings::error::thrown;
use crate::core::Error;

/// Runs `call` unless `signal` fires first; then the call is dropped and the
/// result is [`Error::Aborted`] with the signal's reason. An already aborted
/// signal rejects before the call starts.
pub async fn abortable<T>(
    call: impl Future<Output = Result<T, Error>>,
    signal: Option<&AbortSignal>,
) -> Result<T, Error> {
    let Some(signal) = signal else {
        return call.await;
    };
    if signal.aborted() {
        return Err(Error::Aborted(thrown(signal.reason())));
    }
    match select(std::pin::pin!(call), on_abort(signal)).await {
        Either::Left((output, _)) => output,
        Either::Right(_) => Err(Error::Aborted(thrown(signal.reason()))),
    }
}
