//! The JS face: the `OperationsClient` class. It reads the JS arguments,
//! calls the core's [`Client`], and converts the result.

use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::bindings::caller::{caller_code, client_layer};
use crate::bindings::options::{self, JsOptions, Kind};
use crate::bindings::payload::{mismatch, Payloads};
use crate::bindings::{abort::abortable, browser::Browser, convert, error};
use crate::core::client::Client;
use crate::core::text::text;
use crate::core::wait::{shared::set_protocol, slots::Protocol};
use crate::core::{wait, Error};
use crate::proto::google::longrunning::{ListOperationsRequest, Operation};

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
    /// `headers`: an object (checked) or a function that gives one.
    headers: JsValue,
    /// `onCall`: the hook around every RPC.
    on_call: JsValue,
    /// What keeps its waits apart from other clients' (its keyed options and hook).
    sharing: JsValue,
    /// Types from `registerTypes`; cloned out by each call, never borrowed
    /// across an await.
    #[cfg(feature = "registry")]
    registry: std::cell::RefCell<crate::bindings::registry::Registry>,
}

/// What a method of the class does with its operation (or collection) name.
#[derive(Clone, Copy, PartialEq)]
enum Method {
    Get,
    List,
    Wait,
    Result,
    Cancel,
    Delete,
}

impl JsClient {
    /// The steps every method takes: read the name and the options, start
    /// the call, race it against the options' signal, and settle the Promise
    /// with its value or with an RpcError (or the abort reason). Nothing
    /// throws: bad arguments reject too. One path for every method, so that
    /// the wasm holds its machinery once.
    fn run(&self, method: Method, name: JsValue, options: JsValue) -> Promise {
        let kind = match method {
            Method::List => Kind::List,
            Method::Wait | Method::Result => Kind::Wait,
            _ => Kind::Call,
        };
        let mut types = self.payloads();
        let prepared = (|| {
            let name = options::name(&name)?;
            let mut opts = options::read(kind, &options)?;
            opts.call.caller = Some(caller_code(
                &self.headers,
                &opts.headers,
                &self.on_call,
                &self.sharing,
            )?);
            if let Some(expected) = opts.expected(&types)? {
                types = types.clone().expecting(expected);
            }
            Ok::<_, Error>((name, opts))
        })();
        let (name, opts) = match prepared {
            Ok(prepared) => prepared,
            Err(failure) => return Promise::reject(&error::to_js(failure, &types)),
        };
        let client = match opts.max_response {
            Some(limit) => self.client.limited(limit),
            None => self.client.clone(),
        };
        future_to_promise(async move {
            let signal = opts.signal.clone();
            let call = perform(client, method, name, opts, &types);
            let outcome = abortable(call, signal.as_ref()).await;
            outcome.map_err(|failure| error::to_js(failure, &types))
        })
    }

    /// What this client knows of payload types.
    fn payloads(&self) -> Payloads {
        #[cfg(feature = "registry")]
        {
            Payloads::with_registry(self.registry.borrow().clone())
        }
        #[cfg(not(feature = "registry"))]
        Payloads::default()
    }
}

/// A method's call, its value converted to JS.
async fn perform(
    client: Client,
    method: Method,
    name: String,
    opts: JsOptions,
    types: &Payloads,
) -> Result<JsValue, Error> {
    let call = &opts.call;
    Ok(match method {
        Method::Get => convert::operation(&client.get_operation(&name, call).await?, types),
        Method::List => {
            let message = ListOperationsRequest {
                name,
                filter: opts.filter,
                page_size: opts.page_size,
                page_token: opts.page_token,
            };
            convert::list(&client.list_operations(message, call).await?, types)
        }
        Method::Wait | Method::Result => {
            let mut on_progress = progress_hook(opts.on_progress, types.clone());
            let op =
                wait::wait_until_done(&client, &name, &opts.policy, call, &mut on_progress).await?;
            if method == Method::Wait {
                return Ok(convert::operation(&op, types));
            }
            let response = wait::outcome(op, opts.policy.budget)?;
            let what = text!["the response of ", name];
            match mismatch(&response, types.expected().response.as_deref(), &what) {
                Some(why) => return Err(Error::WrongType(why)),
                None => convert::any(&response, types),
            }
        }
        Method::Cancel => {
            client.cancel_operation(&name, call).await?;
            JsValue::UNDEFINED
        }
        Method::Delete => {
            client.delete_operation(&name, call).await?;
            JsValue::UNDEFINED
        }
    })
}

/// Calls the caller's `onProgress` with each new state; what it throws ends
/// the wait.
fn progress_hook(
    callback: Option<Function>,
    types: Payloads,
) -> impl FnMut(&Operation) -> Result<(), Error> {
    move |op| match &callback {
        Some(f) => f
            .call1(&JsValue::UNDEFINED, &convert::operation(op, &types))
            .map(drop)
            .map_err(|thrown| Error::Callback(error::thrown(thrown))),
        None => Ok(()),
    }
}

#[wasm_bindgen(js_class = OperationsClient)]
impl JsClient {
    /// A client for the gRPC-Web server at `baseUrl` (absolute, or relative to
    /// the page). Throws an RpcError (INVALID_ARGUMENT) for bad options or a
    /// base URL that does not parse.
    ///
    /// (Each method takes its options as a plain `JsValue`, undefined when
    /// not given: an `Option` would cost the glue a table slot per call.)
    #[wasm_bindgen(constructor)]
    pub fn js_new(
        #[wasm_bindgen(js_name = baseUrl)] base_url: String,
        #[wasm_bindgen(unchecked_optional_param_type = "ClientOptions")] options: JsValue,
    ) -> Result<JsClient, JsValue> {
        let options = options::client(&options)?;
        let headers = client_layer(&options.headers)?;
        let platform = Rc::new(Browser);
        let client = Client::new(&base_url, options.defaults, options.max_response, platform);
        client.check_base_url()?;
        if let Some(http2) = options.http2 {
            let protocol = if http2 {
                Protocol::Multiplexed
            } else {
                Protocol::Http1
            };
            set_protocol(&base_url, protocol, true);
        }
        Ok(JsClient {
            client,
            headers,
            on_call: options.on_call,
            sharing: options.sharing,
            #[cfg(feature = "registry")]
            registry: Default::default(),
        })
    }

    /// The latest state of the named operation (GetOperation).
    #[wasm_bindgen(js_name = get, unchecked_return_type = "Promise<Operation>")]
    pub fn js_get(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.run(Method::Get, name, options)
    }

    /// One page of the operations in collection `name`, such as "operations"
    /// (ListOperations). Follow `nextPageToken` until it is "".
    #[wasm_bindgen(js_name = list, unchecked_return_type = "Promise<ListOperationsResult>")]
    pub fn js_list(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ListOptions")] options: JsValue,
    ) -> Promise {
        self.run(Method::List, name, options)
    }

    /// Waits until the operation is done and resolves with it; or, when
    /// `timeoutMs` (the whole wait's budget) passes first, with its latest
    /// state (`done: false`). Long-polls WaitOperation, or polls GetOperation
    /// with backoff where the server lacks it; retries `retryCodes`
    /// (UNAVAILABLE by default); `onProgress` sees every new metadata.
    #[wasm_bindgen(js_name = wait, unchecked_return_type = "Promise<Operation>")]
    pub fn js_wait(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "WaitOptions")] options: JsValue,
    ) -> Promise {
        self.run(Method::Wait, name, options)
    }

    /// Waits like `wait` and resolves with the operation's response. Rejects
    /// with an `OperationError` (its `status` the operation's error) when the
    /// operation failed, and with an RpcError DEADLINE_EXCEEDED when
    /// `timeoutMs` passes first, and with an RpcError INTERNAL when the
    /// response is not of the declared type.
    #[wasm_bindgen(js_name = result, unchecked_return_type = "Promise<AnyMessage>")]
    pub fn js_result(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "WaitOptions")] options: JsValue,
    ) -> Promise {
        self.run(Method::Result, name, options)
    }

    /// Asks the server to cancel the operation (CancelOperation). On success
    /// the operation becomes done with error code 1, CANCELLED.
    #[wasm_bindgen(js_name = cancel, unchecked_return_type = "Promise<void>")]
    pub fn js_cancel(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.run(Method::Cancel, name, options)
    }

    /// Tells the server the result is no longer wanted (DeleteOperation). It
    /// does not cancel the operation.
    #[wasm_bindgen(js_name = delete, unchecked_return_type = "Promise<void>")]
    pub fn js_delete(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.run(Method::Delete, name, options)
    }
}

/// The class for Rust (the browser suites): the JS methods, with options
/// as an `Option`.
impl JsClient {
    /// `new OperationsClient(baseUrl, options)`.
    pub fn new(base_url: String, options: Option<JsValue>) -> Result<JsClient, JsValue> {
        Self::js_new(base_url, options.unwrap_or_default())
    }

    /// `get(name, options)`.
    pub fn get(&self, name: JsValue, options: Option<JsValue>) -> Promise {
        self.run(Method::Get, name, options.unwrap_or_default())
    }

    /// `list(name, options)`.
    pub fn list(&self, name: JsValue, options: Option<JsValue>) -> Promise {
        self.run(Method::List, name, options.unwrap_or_default())
    }

    /// `wait(name, options)`.
    pub fn wait(&self, name: JsValue, options: Option<JsValue>) -> Promise {
        self.run(Method::Wait, name, options.unwrap_or_default())
    }

    /// `result(name, options)`.
    pub fn result(&self, name: JsValue, options: Option<JsValue>) -> Promise {
        self.run(Method::Result, name, options.unwrap_or_default())
    }

    /// `cancel(name, options)`.
    pub fn cancel(&self, name: JsValue, options: Option<JsValue>) -> Promise {
        self.run(Method::Cancel, name, options.unwrap_or_default())
    }

    /// `delete(name, options)`.
    pub fn delete_operation(&self, name: JsValue, options: Option<JsValue>) -> Promise {
        self.run(Method::Delete, name, options.unwrap_or_default())
    }
}

/// The type registry, in the `lro-web/registry` entry.
#[cfg(feature = "registry")]
#[wasm_bindgen(js_class = OperationsClient)]
impl JsClient {
    /// Registers every message type of a serialized FileDescriptorSet (what
    /// `protoc --include_imports --descriptor_set_out` or `buf build -o`
    /// writes): from then on this client's payloads of those types have
    /// `decoded`. Throws an RpcError (INVALID_ARGUMENT) for a malformed or
    /// incomplete set, and then registers nothing of it.
    #[wasm_bindgen(js_name = registerTypes)]
    pub fn register_types(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] set: JsValue,
    ) -> Result<(), JsValue> {
        let bytes = options::bytes(&set, "the descriptor set")?;
        let mut registry = self.registry.borrow().clone();
        registry.register(&bytes)?;
        *self.registry.borrow_mut() = registry;
        Ok(())
    }

    /// The response and metadata types of an LRO method
    /// ("lro.demo.v1.Jobs.StartJob"), from its `google.longrunning.operation_info`
    /// option in the registered types, as full names. Throws an RpcError
    /// (INVALID_ARGUMENT) when the method is unknown or has no such option.
    #[wasm_bindgen(js_name = operationTypes, unchecked_return_type = "OperationTypes")]
    pub fn operation_types(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] method: JsValue,
    ) -> Result<JsValue, JsValue> {
        let method = method
            .as_string()
            .ok_or_else(|| Error::InvalidArgument("the method must be a string".to_owned()))?;
        let types = self.registry.borrow().operation_types(&method)?;
        Ok(convert::operation_types(&types))
    }
}
