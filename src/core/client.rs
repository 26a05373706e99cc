//! A Rust API of google.longrunning.Operations over the gRPC-Web transport:
//! names checked, headers and deadlines applied, every failure an [`Error`].
//! Nothing here knows about JS values; an AbortSignal is raced in the
//! bindings.

use std::{
    future::Future,
    marker::PhantomData,
    pin::Pin,
    rc::Rc,
    task::{Context, Poll},
    time::Duration,
};

use futures_util::future::{select, Either};

use crate::core::codec::{Decode, Encode};
use crate::core::platform::{CallerCode, Platform, Task};
use crate::core::text::text;
use crate::core::transport::{self, Transport};
use crate::core::Error;
use crate::proto::google::longrunning::{
    CancelOperationRequest, DeleteOperationRequest, GetOperationRequest, ListOperationsRequest,
    ListOperationsResponse, Operation, WaitOperationRequest,
};
use crate::proto::google::rpc::Code;

/// Longest operation name accepted, in bytes.
pub const MAX_NAME_LEN: usize = 4096;
/// Longest delay a browser timer can hold (2^31 - 1 ms); longer deadlines are
/// sent to the server but not timed on the client.
const MAX_TIMER_MS: u128 = i32::MAX as u128;

/// The service's path prefix.
const SERVICE: &str = "google.longrunning.Operations";

/// Per-call settings; the client's defaults fill what a call leaves unset.
#[derive(Clone, Debug, Default)]
pub struct CallOptions {
    /// Deadline of the call: sent as `grpc-timeout` and enforced here.
    /// `Some(Duration::ZERO)` means no deadline, even if the client has one.
    pub timeout: Option<Duration>,
    /// The caller's code around each RPC: what gives the headers, and the
    /// hook (none: no headers of the caller's).
    pub caller: Option<Rc<dyn CallerCode>>,
}

/// Tells the caller's code how its RPC ended: CANCELLED if it is dropped
/// before [`Outcome::ended`].
struct Outcome<'a> {
    caller: Option<&'a dyn CallerCode>,
}

impl Outcome<'_> {
    fn ended(mut self, code: Code) {
        if let Some(caller) = self.caller.take() {
            caller.ended(code);
        }
    }
}

impl Drop for Outcome<'_> {
    fn drop(&mut self) {
        if let Some(caller) = self.caller {
            caller.ended(Code::Cancelled);
        }
    }
}

/// An RPC under way: resolves with its reply message. Not an `async fn`:
/// every RPC polls one boxed exchange, so the wasm holds one copy of that
/// machinery whatever the method.
pub struct Rpc<'a, R> {
    /// The exchange, or the error that refused the call before it was sent.
    exchange: Result<Task<'a, Result<Vec<u8>, Error>>, Option<Error>>,
    reply: PhantomData<fn() -> R>,
}

impl<R: Decode> Future for Rpc<'_, R> {
    type Output = Result<R, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let exchange = match &mut self.exchange {
            Ok(exchange) => exchange,
            Err(refused) => {
                let error = refused
                    .take()
                    .unwrap_or(Error::InvalidArgument(String::new()));
                return Poll::Ready(Err(error));
            }
        };
        match exchange.as_mut().poll(cx) {
            Poll::Ready(reply) => {
                Poll::Ready(reply.and_then(|bytes| transport::decode_reply(&bytes)))
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

/// A google.longrunning.Operations client over gRPC-Web. Cheap to clone;
/// concurrent calls are independent.
#[derive(Clone)]
pub struct Client {
    transport: Transport,
    defaults: CallOptions,
}

/// Refuses names that no server could hold, before anything is sent.
pub fn check_name(name: &str) -> Result<(), Error> {
    if name.is_empty() {
        return Err(Error::InvalidArgument(
            "the operation name is empty".to_owned(),
        ));
    }
    if name.len() > MAX_NAME_LEN {
        return Err(Error::InvalidArgument(text![
            "the operation name is ",
            name.len(),
            " bytes long; at most ",
            MAX_NAME_LEN,
            " are allowed"
        ]));
    }
    Ok(())
}

impl Client {
    /// A client for the gRPC-Web server at `base_url` (absolute, or relative to
    /// the page) through `platform`; `defaults` apply to every call, and
    /// response messages over `max_response` bytes are refused
    /// (RESOURCE_EXHAUSTED) as soon as their length is known.
    pub fn new(
        base_url: &str,
        defaults: CallOptions,
        max_response: usize,
        platform: Rc<dyn Platform>,
    ) -> Self {
        Self {
            transport: Transport::new(base_url, max_response, platform),
            defaults,
        }
    }

    /// The same client, refusing response messages over `max_response`
    /// bytes.
    pub fn limited(&self, max_response: usize) -> Client {
        Client {
            transport: self.transport.limited(max_response),
            defaults: self.defaults.clone(),
        }
    }

    /// The largest response message taken, in bytes.
    pub fn max_response(&self) -> usize {
        self.transport.max_response()
    }

    /// An INVALID_ARGUMENT error if the base URL does not parse; see
    /// [`Transport::check_base_url`].
    pub fn check_base_url(&self) -> Result<(), Error> {
        self.transport.check_base_url()
    }

    /// The base URL calls go to.
    pub fn base_url(&self) -> &str {
        self.transport.base()
    }

    /// The URL of WaitOperation calls (`wait`) or GetOperation calls.
    pub fn url_of(&self, wait: bool) -> String {
        let method = if wait {
            "WaitOperation"
        } else {
            "GetOperation"
        };
        text![self.base_url(), '/', SERVICE, '/', method]
    }

    /// The platform the calls go through.
    pub fn platform(&self) -> &Rc<dyn Platform> {
        self.transport.platform()
    }

    /// GetOperation: the latest state of an operation.
    pub fn get_operation<'a>(&'a self, name: &str, options: &'a CallOptions) -> Rpc<'a, Operation> {
        let message = check_name(name).map(|()| GetOperationRequest {
            name: name.to_owned(),
        });
        self.rpc("GetOperation", name, message, options)
    }

    /// ListOperations: one page of the operations in a collection.
    pub fn list_operations<'a>(
        &'a self,
        message: ListOperationsRequest,
        options: &'a CallOptions,
    ) -> Rpc<'a, ListOperationsResponse> {
        let name = message.name.clone();
        let message = match message.page_size < 0 {
            true => Err(Error::InvalidArgument(
                "pageSize must not be negative".to_owned(),
            )),
            false => Ok(message),
        };
        self.rpc("ListOperations", &name, message, options)
    }

    /// WaitOperation: one call that returns when the operation is done, when
    /// `wait` has passed, or earlier at the server's discretion.
    pub fn wait_operation<'a>(
        &'a self,
        name: &str,
        wait: Option<Duration>,
        options: &'a CallOptions,
    ) -> Rpc<'a, Operation> {
        let timeout = wait.and_then(|w| prost_types::Duration::try_from(w).ok());
        let message = check_name(name).map(|()| WaitOperationRequest {
            name: name.to_owned(),
            timeout,
        });
        self.rpc("WaitOperation", name, message, options)
    }

    /// CancelOperation: asks the server to cancel; a cancelled operation
    /// becomes done with error CANCELLED.
    pub fn cancel_operation<'a>(&'a self, name: &str, options: &'a CallOptions) -> Rpc<'a, ()> {
        let message = check_name(name).map(|()| CancelOperationRequest {
            name: name.to_owned(),
        });
        self.rpc("CancelOperation", name, message, options)
    }

    /// DeleteOperation: the server forgets the operation (without cancelling it).
    pub fn delete_operation<'a>(&'a self, name: &str, options: &'a CallOptions) -> Rpc<'a, ()> {
        let message = check_name(name).map(|()| DeleteOperationRequest {
            name: name.to_owned(),
        });
        self.rpc("DeleteOperation", name, message, options)
    }

    /// One unary call of `method` on `name` with `message` (or the error
    /// that refused it before anything was sent), the caller's headers and
    /// the deadline.
    fn rpc<'a, M: Encode, R>(
        &'a self,
        method: &'static str,
        name: &str,
        message: Result<M, Error>,
        options: &'a CallOptions,
    ) -> Rpc<'a, R> {
        Rpc {
            exchange: message
                .map(|m| {
                    let framed = transport::frame(&m);
                    let exchange: Task<'a, _> =
                        Box::pin(self.send(method, name.to_owned(), framed, options));
                    exchange
                })
                .map_err(Some),
            reply: PhantomData,
        }
    }

    /// [`Client::rpc`]'s part that does not depend on the message types,
    /// so that the wasm holds one copy of it.
    /// The caller's code hears how it ended.
    async fn send(
        &self,
        method: &'static str,
        name: String,
        framed: Vec<u8>,
        options: &CallOptions,
    ) -> Result<Vec<u8>, Error> {
        let caller = options.caller.as_deref();
        let timeout = options
            .timeout
            .or(self.defaults.timeout)
            .filter(|t| !t.is_zero());
        let outcome = Outcome { caller };
        let call = self
            .transport
            .exchange((SERVICE, method), framed, caller, &name, timeout);
        let reply = match timeout {
            Some(timeout) => self.with_deadline(call, timeout).await.and_then(|r| r),
            None => call.await,
        };
        outcome.ended(reply.as_ref().map_or_else(Error::code, |_| Code::Ok));
        reply
    }

    /// Runs `call` until `timeout`; past it, the call is dropped (which aborts
    /// its request) and the result is [`Error::Deadline`].
    async fn with_deadline<T>(
        &self,
        call: impl Future<Output = T>,
        timeout: Duration,
    ) -> Result<T, Error> {
        if timeout.as_millis() > MAX_TIMER_MS {
            return Ok(call.await);
        }
        let timer = self.platform().sleep(timeout);
        match select(std::pin::pin!(call), timer).await {
            Either::Left((output, _timer)) => Ok(output),
            Either::Right(((), _call)) => Err(Error::Deadline(timeout)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked_before_sending() {
        assert!(check_name("operations/1").is_ok());
        assert!(check_name(&"a".repeat(MAX_NAME_LEN)).is_ok());
        for bad in [String::new(), "a".repeat(MAX_NAME_LEN + 1)] {
            assert!(matches!(check_name(&bad), Err(Error::InvalidArgument(_))));
        }
    }
}
