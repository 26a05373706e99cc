//! The JS face: the `OperationsClient` class. It reads the JS arguments,
//! calls [`crate::Client`], and converts the result; nothing else knows about
//! `JsValue`s but the conversions.

use std::future::Future;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::proto::google::longrunning::{ListOperationsRequest, Operation};
use crate::{abort::abortable, convert, options, wait, Client, Error};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

/// A client of one server's google.longrunning.Operations service over
/// gRPC-Web. Every method returns a Promise and may be called concurrently.
///
/// ```js
/// const client = new OperationsClient("https://api.example.com");
/// const op = await client.get("operations/42");
/// if (op.done && op.error) console.log(op.error.codeName);
/// ```
#[wasm_bindgen(js_name = OperationsClient)]
pub struct JsClient {
    client: Client,
}

/// Runs `call` to a Promise: its value converted on success, an RpcError (or
/// the abort reason) on failure.
fn promise<T: 'static, F>(call: F, convert: fn(&T) -> JsValue) -> Promise
where
    F: Future<Output = Result<T, Error>> + 'static,
{
    future_to_promise(async move {
        call.await
            .map(|value| convert(&value))
            .map_err(JsValue::from)
    })
}

fn undefined<T>(_: &T) -> JsValue {
    JsValue::UNDEFINED
}

/// Calls the caller's `onProgress` with each new state; what it throws ends
/// the wait.
fn progress_hook(callback: Option<Function>) -> impl FnMut(&Operation) -> Result<(), Error> {
    move |op| match &callback {
        Some(f) => f
            .call1(&JsValue::UNDEFINED, &convert::operation(op))
            .map(drop)
            .map_err(Error::Callback),
        None => Ok(()),
    }
}

#[wasm_bindgen(js_class = OperationsClient)]
impl JsClient {
    /// A client for the gRPC-Web server at `baseUrl` (absolute, or relative to
    /// the page). Throws an RpcError (INVALID_ARGUMENT) for bad options.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(js_name = baseUrl)] base_url: String,
        #[wasm_bindgen(unchecked_optional_param_type = "ClientOptions")] options: Option<JsValue>,
    ) -> Result<JsClient, JsValue> {
        let defaults = options::client(&options.unwrap_or_default())?;
        Ok(JsClient {
            client: Client::new(&base_url, defaults),
        })
    }

    /// The latest state of the named operation (GetOperation).
    #[wasm_bindgen(unchecked_return_type = "Promise<Operation>")]
    pub fn get(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> Promise {
        let client = self.client.clone();
        let call = async move {
            let name = options::name(&name)?;
            let opts = options::call(&options.unwrap_or_default())?;
            abortable(client.get(&name, &opts.call), opts.signal.as_ref()).await
        };
        promise(call, convert::operation)
    }

    /// One page of the operations in collection `name`, such as "operations"
    /// (ListOperations). Follow `nextPageToken` until it is "".
    #[wasm_bindgen(unchecked_return_type = "Promise<ListOperationsResult>")]
    pub fn list(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ListOptions")] options: Option<JsValue>,
    ) -> Promise {
        let client = self.client.clone();
        let call = async move {
            let name = options::name(&name)?;
            let options = options.unwrap_or_default();
            let fields = options::list(&options)?;
            let opts = options::call(&options)?;
            let message = ListOperationsRequest {
                name,
                filter: fields.filter,
                page_size: fields.page_size,
                page_token: fields.page_token,
            };
            abortable(client.list(message, &opts.call), opts.signal.as_ref()).await
        };
        promise(call, convert::list)
    }

    /// Waits until the operation is done and resolves with it; or, when
    /// `timeoutMs` (the whole wait's budget) passes first, with its latest
    /// state (`done: false`). Long-polls WaitOperation, or polls GetOperation
    /// with backoff where the server lacks it; retries `retryCodes`
    /// (UNAVAILABLE by default); `onProgress` sees every new metadata.
    #[wasm_bindgen(unchecked_return_type = "Promise<Operation>")]
    pub fn wait(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "WaitOptions")] options: Option<JsValue>,
    ) -> Promise {
        let client = self.client.clone();
        let call = async move {
            let name = options::name(&name)?;
            let opts = options::wait(&options.unwrap_or_default())?;
            let mut on_progress = progress_hook(opts.on_progress);
            let waiting = wait::wait(
                &client,
                &name,
                &opts.policy,
                &opts.call.call,
                &mut on_progress,
            );
            abortable(waiting, opts.call.signal.as_ref()).await
        };
        promise(call, convert::operation)
    }

    /// Waits like `wait` and resolves with the operation's response. Rejects
    /// with an `OperationError` (its `status` the operation's error) when the
    /// operation failed, and with an RpcError DEADLINE_EXCEEDED when
    /// `timeoutMs` passes first.
    #[wasm_bindgen(unchecked_return_type = "Promise<AnyMessage>")]
    pub fn result(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "WaitOptions")] options: Option<JsValue>,
    ) -> Promise {
        let client = self.client.clone();
        let call = async move {
            let name = options::name(&name)?;
            let opts = options::wait(&options.unwrap_or_default())?;
            let mut on_progress = progress_hook(opts.on_progress);
            let waiting = wait::result(
                &client,
                &name,
                &opts.policy,
                &opts.call.call,
                &mut on_progress,
            );
            abortable(waiting, opts.call.signal.as_ref()).await
        };
        promise(call, convert::any)
    }

    /// Asks the server to cancel the operation (CancelOperation). On success
    /// the operation becomes done with error code 1, CANCELLED.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn cancel(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> Promise {
        let client = self.client.clone();
        let call = async move {
            let name = options::name(&name)?;
            let opts = options::call(&options.unwrap_or_default())?;
            abortable(client.cancel(&name, &opts.call), opts.signal.as_ref()).await
        };
        promise(call, undefined)
    }

    /// Tells the server the result is no longer wanted (DeleteOperation). It
    /// does not cancel the operation.
    #[wasm_bindgen(js_name = delete, unchecked_return_type = "Promise<void>")]
    pub fn delete_operation(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> Promise {
        let client = self.client.clone();
        let call = async move {
            let name = options::name(&name)?;
            let opts = options::call(&options.unwrap_or_default())?;
            abortable(client.delete(&name, &opts.call), opts.signal.as_ref()).await
        };
        promise(call, undefined)
    }
}

/// Reports a Rust panic (which no input should reach) on the console with its
/// message, instead of a bare "unreachable executed".
#[wasm_bindgen(start)]
fn start() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("lro-web panicked: {info}").into());
    }));
}
