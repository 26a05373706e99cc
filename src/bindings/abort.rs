//! Racing a call against a caller's `AbortSignal`.
//!
//! The listener is removed when the race ends, whichever side wins, so one
//! long-lived signal can serve any number of calls without piling up
//! listeners. Losing the race drops the call, which aborts its fetch.

use std::future::Future;

use futures_util::future::{select, Either};
use js_sys::{Function, Promise};
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

use crate::bindings::error::thrown;
use crate::core::Error;

/// Resolves when the signal fires; stops listening when dropped.
struct AbortListener {
    signal: AbortSignal,
    resolve: Function,
    fired: JsFuture,
}

impl AbortListener {
    fn new(signal: &AbortSignal) -> Result<Self, Error> {
        let mut resolve = None;
        let promise = Promise::new(&mut |res, _rej| resolve = Some(res));
        // A Promise executor runs synchronously, so `resolve` is always set.
        let resolve = resolve.ok_or_else(|| Error::Aborted(thrown(signal.reason())))?;
        signal
            .add_event_listener_with_callback("abort", &resolve)
            .map_err(|_| Error::InvalidArgument("options.signal is not an AbortSignal".into()))?;
        Ok(Self {
            signal: signal.clone(),
            resolve,
            fired: JsFuture::from(promise),
        })
    }
}

impl Drop for AbortListener {
    fn drop(&mut self) {
        let _ = self
            .signal
            .remove_event_listener_with_callback("abort", &self.resolve);
    }
}

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
    let mut listener = AbortListener::new(signal)?;
    match select(std::pin::pin!(call), &mut listener.fired).await {
        Either::Left((output, _)) => output,
        Either::Right(_) => Err(Error::Aborted(thrown(signal.reason()))),
    }
}
