//! The type registry (feature `registry`): the message types of serialized
//! `FileDescriptorSet`s ([`crate::core::descriptor`]), shared by a client and
//! its calls, and the `google.longrunning.operation_info` option of their
//! methods.

use std::rc::Rc;

pub use crate::core::descriptor::OperationTypes;
use crate::core::descriptor::Pool;
use crate::core::json::Json;
use crate::core::Error;

/// Message types registered from descriptor sets. Cloning is cheap (the
/// types are shared until changed).
#[derive(Clone, Default)]
pub struct Registry {
    pool: Rc<Pool>,
}

impl Registry {
    /// Adds every file of a serialized `FileDescriptorSet` (as written by
    /// `protoc --include_imports --descriptor_set_out` or `buf build -o`);
    /// files already registered under the same name are kept as they were.
    /// A malformed or incomplete set changes nothing.
    pub fn register(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.pool = Rc::new(self.pool.with(bytes)?);
        Ok(())
    }

    /// The payload's proto3 JSON form, decoded as the message its type URL
    /// names: `None` for a type not registered, `Some(Err(why))` for bytes
    /// that do not decode.
    pub fn to_json(&self, type_url: &str, bytes: &[u8]) -> Option<Result<Json, String>> {
        self.pool.to_json(type_url, bytes)
    }

    /// The response and metadata types of `method` ("lro.demo.v1.Jobs.StartJob"
    /// or "/lro.demo.v1.Jobs/StartJob"), from its `operation_info` option.
    pub fn operation_types(&self, method: &str) -> Result<OperationTypes, Error> {
        self.pool.operation_types(method)
    }
}
