//! The JS face: the `OperationsClient` class. It reads the JS arguments,
//! calls [`crate::Client`], and converts the result; nothing else knows about
//! `JsValue`s but the conversions.

use std::future::Future;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::options::{JsCallOptions, JsListOptions, JsWaitOptions, Signalled};
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

impl JsClient {
    /// The steps every method takes: read the name and the options (with
    /// `parse`), run `call` raced against the options' signal, and settle the
    /// Promise with the value converted, or with an RpcError (or the abort
    /// reason). Nothing throws: bad arguments reject too.
    fn run<O, T, F, Fut>(
        &self,
        name: JsValue,
        options: Option<JsValue>,
        parse: fn(&JsValue) -> Result<O, Error>,
        call: F,
        convert: fn(&T) -> JsValue,
    ) -> Promise
    where
        O: Signalled + 'static,
        T: 'static,
        F: FnOnce(Client, String, O) -> Fut + 'static,
        Fut: Future<Output = Result<T, Error>>,
    {
        let client = self.client.clone();
        future_to_promise(async move {
            let name = options::name(&name)?;
            let opts = parse(&options.unwrap_or_default())?;
            let signal = opts.signal();
            let value = abortable(call(client, name, opts), signal.as_ref()).await?;
            Ok(convert(&value))
        })
    }
}

fn undefined<T>(_: &T) -> JsValue {
    JsValue::UNDEFINED
}

/// `wait` with the options a JS caller gave.
async fn waiting(client: Client, name: String, opts: JsWaitOptions) -> Result<Operation, Error> {
    let mut on_progress = progress_hook(opts.on_progress);
    let call = &opts.call.call;
    wait::wait(&client, &name, &opts.policy, call, &mut on_progress).await
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
        let get = |client: Client, name: String, opts: JsCallOptions| async move {
            client.get(&name, &opts.call).await
        };
        self.run(name, options, options::call, get, convert::operation)
    }

    /// One page of the operations in collection `name`, such as "operations"
    /// (ListOperations). Follow `nextPageToken` until it is "".
    #[wasm_bindgen(unchecked_return_type = "Promise<ListOperationsResult>")]
    pub fn list(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ListOptions")] options: Option<JsValue>,
    ) -> Promise {
        let list = |client: Client, name: String, opts: JsListOptions| async move {
            let message = ListOperationsRequest {
                name,
                filter: opts.filter,
                page_size: opts.page_size,
                page_token: opts.page_token,
            };
            client.list(message, &opts.call.call).await
        };
        self.run(name, options, options::list, list, convert::list)
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
        self.run(name, options, options::wait, waiting, convert::operation)
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
        let result = |client: Client, name: String, opts: JsWaitOptions| async move {
            let budget = opts.policy.budget;
            wait::outcome(waiting(client, name, opts).await?, budget)
        };
        self.run(name, options, options::wait, result, convert::any)
    }

    /// Asks the server to cancel the operation (CancelOperation). On success
    /// the operation becomes done with error code 1, CANCELLED.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn cancel(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> Promise {
        let cancel = |client: Client, name: String, opts: JsCallOptions| async move {
            client.cancel(&name, &opts.call).await
        };
        self.run(name, options, options::call, cancel, undefined)
    }

    /// Tells the server the result is no longer wanted (DeleteOperation). It
    /// does not cancel the operation.
    #[wasm_bindgen(js_name = delete, unchecked_return_type = "Promise<void>")]
    pub fn delete_operation(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> Promise {
        let delete = |client: Client, name: String, opts: JsCallOptions| async move {
            client.delete(&name, &opts.call).await
        };
        self.run(name, options, options::call, delete, undefined)
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
