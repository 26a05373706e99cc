//! The caller's code around each RPC, in JS (`browser.js`): the headers, fixed
//! or given by functions asked before every RPC, and the client's `onCall`
//! hook. Each call gets one [`JsCaller`], the core's [`CallerCode`], holding
//! its JS `Caller`; every RPC's fetch goes through it.

use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::{prelude::wasm_bindgen, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::bindings::error::thrown;
use crate::bindings::fetch::{failure, fetch, Caller};
use crate::bindings::options::sharing_key;
use crate::core::error::code_name;
use crate::core::platform::{CallerCode, Post, Response, Task};
use crate::core::transport::RESERVED_HEADERS;
use crate::core::Error;
use crate::proto::google::rpc::Code;

#[wasm_bindgen(module = "/src/bindings/browser.js")]
extern "C" {
    #[wasm_bindgen(constructor, catch)]
    fn new(
        client: &JsValue,
        call: &JsValue,
        hook: &JsValue,
        reserved: &str,
    ) -> Result<Caller, JsValue>;

    /// The RPC ended with `code`: the hook hears it.
    #[wasm_bindgen(method)]
    fn ended(this: &Caller, code: i32, code_name: &str);

    /// A Promise of whether the functions give other headers than the last
    /// RPC sent.
    #[wasm_bindgen(method)]
    fn changed(this: &Caller) -> Promise;

    /// A layer of headers as given: a fixed one checked (throws why not).
    #[wasm_bindgen(catch)]
    fn layer(given: &JsValue, reserved: &str) -> Result<JsValue, JsValue>;
}

/// The caller's code of one call, for the core.
pub struct JsCaller {
    caller: Caller,
    key: String,
}

impl CallerCode for JsCaller {
    fn key(&self) -> &str {
        &self.key
    }

    fn post(&self, post: Post) -> Task<'static, Result<Box<dyn Response>, Error>> {
        fetch(&self.caller, post)
    }

    fn ended(&self, code: Code) {
        self.caller.ended(code as i32, code_name(code as i32));
    }

    fn headers_changed(&self) -> Task<'static, Result<bool, Error>> {
        let changed = JsFuture::from(self.caller.changed());
        Box::pin(async move {
            match changed.await {
                Ok(changed) => Ok(changed.is_truthy()),
                Err(e) => Err(failure(&e).unwrap_or_else(|| Error::Callback(thrown(e)))),
            }
        })
    }
}

/// The caller's code of a call: the client's layer of headers (from
/// [`client_layer`]) and hook, the call's layer as given, and what keeps its
/// waits apart from others: the client's `sharing` key and the call's
/// headers (see [`sharing_key`]).
pub fn caller_code(
    client: &JsValue,
    call: &JsValue,
    hook: &JsValue,
    sharing: &JsValue,
) -> Result<Rc<dyn CallerCode>, Error> {
    let caller = Caller::new(client, call, hook, RESERVED_HEADERS).map_err(refused)?;
    Ok(Rc::new(JsCaller {
        key: sharing_key(sharing, call).as_string().unwrap_or_default(),
        caller,
    }))
}

/// A caller with no headers and no hook, for calls the core makes alone.
pub fn no_caller() -> Caller {
    let none = JsValue::UNDEFINED;
    Caller::new(&none, &none, &none, RESERVED_HEADERS)
        .unwrap_or_else(|_| JsValue::UNDEFINED.unchecked_into())
}

/// The client's `headers`: an object checked now, or a function.
pub fn client_layer(given: &JsValue) -> Result<JsValue, Error> {
    layer(given, RESERVED_HEADERS).map_err(refused)
}

/// What browser.js threw while it checked headers (a refusal, which says
/// why), as an error.
fn refused(thrown: JsValue) -> Error {
    failure(&thrown).unwrap_or(Error::InvalidArgument(String::new()))
}
