//! A Rust API of google.longrunning.Operations over the gRPC-Web transport:
//! names checked, headers and deadlines applied, every failure an [`Error`].
//! Nothing here knows about JS values; an AbortSignal is raced in the
//! bindings.

use std::{cell::Cell, future::Future, rc::Rc, time::Duration};

use futures_util::future::{select, Either};

use crate::core::codec::{Decode, Encode};
use crate::core::platform::Platform;
use crate::core::transport::{self, Transport};
use crate::core::{Error, Headers};
use crate::proto::google::longrunning::{
    CancelOperationRequest, DeleteOperationRequest, GetOperationRequest, ListOperationsRequest,
    ListOperationsResponse, Operation, WaitOperationRequest,
};

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
    /// Extra request headers.
    pub headers: Headers,
}

/// A google.longrunning.Operations client over gRPC-Web. Cheap to clone;
/// clones share one thing: whether the server was found to lack WaitOperation.
/// Concurrent calls are independent.
#[derive(Clone)]
pub struct Client {
    transport: Transport,
    defaults: CallOptions,
    wait_supported: Rc<Cell<bool>>,
}

/// Refuses names that no server could hold, before anything is sent.
pub fn check_name(name: &str) -> Result<(), Error> {
    if name.is_empty() {
        return Err(Error::InvalidArgument(
            "the operation name is empty".to_owned(),
        ));
    }
    if name.len() > MAX_NAME_LEN {
        return Err(Error::InvalidArgument(format!(
            "the operation name is {} bytes long; at most {MAX_NAME_LEN} are allowed",
            name.len()
        )));
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
            wait_supported: Rc::new(Cell::new(true)),
        }
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
        format!("{}/{SERVICE}/{method}", self.base_url())
    }

    /// The headers a call with `options` sends: the client's, with the
    /// call's on top.
    pub fn headers_of(&self, options: &CallOptions) -> Vec<(String, String)> {
        self.defaults.headers.merged(&options.headers)
    }

    /// The platform the calls go through.
    pub fn platform(&self) -> &Rc<dyn Platform> {
        self.transport.platform()
    }

    /// False once the server answered WaitOperation with UNIMPLEMENTED.
    pub fn wait_supported(&self) -> bool {
        self.wait_supported.get()
    }

    /// Records whether the server serves WaitOperation, for this client and its clones.
    pub fn set_wait_supported(&self, supported: bool) {
        self.wait_supported.set(supported);
    }

    /// GetOperation: the latest state of an operation.
    pub async fn get_operation(
        &self,
        name: &str,
        options: &CallOptions,
    ) -> Result<Operation, Error> {
        check_name(name)?;
        let message = GetOperationRequest {
            name: name.to_owned(),
        };
        self.call("GetOperation", &message, options).await
    }

    /// ListOperations: one page of the operations in a collection.
    pub async fn list_operations(
        &self,
        message: ListOperationsRequest,
        options: &CallOptions,
    ) -> Result<ListOperationsResponse, Error> {
        if message.page_size < 0 {
            return Err(Error::InvalidArgument(
                "pageSize must not be negative".to_owned(),
            ));
        }
        self.call("ListOperations", &message, options).await
    }

    /// WaitOperation: one call that returns when the operation is done, when
    /// `wait` has passed, or earlier at the server's discretion.
    pub async fn wait_operation(
        &self,
        name: &str,
        wait: Option<Duration>,
        options: &CallOptions,
    ) -> Result<Operation, Error> {
        check_name(name)?;
        let timeout = wait.and_then(|w| prost_types::Duration::try_from(w).ok());
        let message = WaitOperationRequest {
            name: name.to_owned(),
            timeout,
        };
        self.call("WaitOperation", &message, options).await
    }

    /// CancelOperation: asks the server to cancel; a cancelled operation
    /// becomes done with error CANCELLED.
    pub async fn cancel_operation(&self, name: &str, options: &CallOptions) -> Result<(), Error> {
        check_name(name)?;
        let message = CancelOperationRequest {
            name: name.to_owned(),
        };
        self.call("CancelOperation", &message, options).await
    }

    /// DeleteOperation: the server forgets the operation (without cancelling it).
    pub async fn delete_operation(&self, name: &str, options: &CallOptions) -> Result<(), Error> {
        check_name(name)?;
        let message = DeleteOperationRequest {
            name: name.to_owned(),
        };
        self.call("DeleteOperation", &message, options).await
    }

    /// Sends one unary call of `method` with the merged headers and deadline.
    async fn call<M: Encode, R: Decode>(
        &self,
        method: &str,
        message: &M,
        options: &CallOptions,
    ) -> Result<R, Error> {
        let reply = self
            .send(method, transport::frame(message), options)
            .await?;
        transport::decode_reply(&reply)
    }

    /// [`Client::call`]'s part that does not depend on the message types,
    /// so that the wasm holds one copy of it.
    async fn send(
        &self,
        method: &str,
        framed: Vec<u8>,
        options: &CallOptions,
    ) -> Result<Vec<u8>, Error> {
        let headers = self.headers_of(options);
        let timeout = options
            .timeout
            .or(self.defaults.timeout)
            .filter(|t| !t.is_zero());
        let method = format!("{SERVICE}/{method}");
        let call = self.transport.exchange(&method, framed, &headers, timeout);
        match timeout {
            Some(timeout) => self.with_deadline(call, timeout).await?,
            None => call.await,
        }
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
