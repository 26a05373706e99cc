//! The operation store. Operations are named `operations/{id}`; each lives
//! behind a watch channel, so WaitOperation wakes the moment one changes.
//! With `--state`, every change is also written to the database
//! ([`crate::persist`]) before it is seen.

use std::{collections::BTreeMap, sync::Mutex};

use tokio::sync::watch;
use tonic::{Code, Status};
use tonic_types::{ErrorDetails, FieldViolation, StatusExt};

use crate::listing::Filter;
use crate::persist::{JobRecord, Persist, Saved};
use crate::proto::google::longrunning::{operation, Operation};
use crate::proto::google::rpc;

/// The collection every operation here belongs to.
pub const COLLECTION: &str = "operations";

/// All operations of the server, by id.
#[derive(Default)]
pub struct Store {
    inner: Mutex<Inner>,
    persist: Option<Persist>,
}

#[derive(Default)]
struct Inner {
    next_id: u64,
    ops: BTreeMap<u64, watch::Sender<Operation>>,
}

/// One page of a listing.
#[derive(Debug, PartialEq)]
pub struct Page {
    /// The operations, in id order.
    pub operations: Vec<Operation>,
    /// Id the next page starts at, when there is one.
    pub next_start: Option<u64>,
}

/// The id in `operations/{id}`, or INVALID_ARGUMENT naming the field.
pub fn parse_name(name: &str) -> Result<u64, Status> {
    name.strip_prefix("operations/")
        .filter(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|id| id.parse().ok())
        .ok_or_else(|| {
            invalid_argument(
                "name",
                format!("operation name {name:?} is not of the form operations/{{id}}"),
            )
        })
}

/// INVALID_ARGUMENT with a BadRequest detail naming `field`.
pub fn invalid_argument(field: &str, description: String) -> Status {
    let violation = FieldViolation::new(field, description.clone());
    Status::with_error_details(
        Code::InvalidArgument,
        description,
        ErrorDetails::with_bad_request(vec![violation]),
    )
}

fn not_found(name: &str) -> Status {
    Status::with_error_details(
        Code::NotFound,
        format!("operation {name:?} not found"),
        ErrorDetails::with_resource_info(
            "google.longrunning.Operation",
            name,
            "",
            "no operation of that name; it may have been deleted",
        ),
    )
}

/// Reports a failed write to the database; the server goes on in memory.
fn logged<E: std::fmt::Display>(result: Result<(), E>) {
    if let Err(e) = result {
        eprintln!("lro-server: --state write failed: {e}");
    }
}

impl Store {
    /// A store kept in `persist`, holding what it saved; also the jobs saved.
    pub fn persistent(persist: Persist, saved: Saved) -> (Store, Vec<(u64, JobRecord)>) {
        let ops = saved
            .operations
            .into_iter()
            .map(|(id, op)| (id, watch::Sender::new(op)))
            .collect();
        let inner = Inner {
            next_id: saved.next_id,
            ops,
        };
        let store = Store {
            inner: Mutex::new(inner),
            persist: Some(persist),
        };
        (store, saved.jobs)
    }

    /// Adds a new, unfinished operation and returns it.
    pub fn create(&self, metadata: Option<prost_types::Any>) -> (u64, Operation) {
        let mut inner = self.lock();
        inner.next_id += 1;
        let id = inner.next_id;
        let op = Operation {
            name: format!("{COLLECTION}/{id}"),
            metadata,
            done: false,
            result: None,
        };
        if let Some(persist) = &self.persist {
            logged(persist.create(id, &op));
        }
        inner.ops.insert(id, watch::Sender::new(op.clone()));
        (id, op)
    }

    /// Records the job behind operation `id`, to resume it after a restart.
    pub fn save_job(&self, id: u64, job: &JobRecord) {
        if let Some(persist) = &self.persist {
            logged(persist.save_job(id, job));
        }
    }

    /// Saves the state `tx` holds.
    fn save(&self, id: u64, tx: &watch::Sender<Operation>) {
        if let Some(persist) = &self.persist {
            logged(persist.save(id, &tx.borrow()));
        }
    }

    /// The latest state of the named operation.
    pub fn get(&self, name: &str) -> Result<Operation, Status> {
        Ok(self.subscribe(name)?.borrow().clone())
    }

    /// A receiver that sees every later change of the named operation, and is
    /// closed when the operation is deleted.
    pub fn subscribe(&self, name: &str) -> Result<watch::Receiver<Operation>, Status> {
        let id = parse_name(name)?;
        let inner = self.lock();
        let tx = inner.ops.get(&id).ok_or_else(|| not_found(name))?;
        Ok(tx.subscribe())
    }

    /// Changes an unfinished operation; false when it is gone or already done.
    pub fn update(&self, id: u64, change: impl FnOnce(&mut Operation)) -> bool {
        let inner = self.lock();
        let Some(tx) = inner.ops.get(&id) else {
            return false;
        };
        let changed = tx.send_if_modified(|op| {
            if op.done {
                return false;
            }
            change(op);
            true
        });
        if changed {
            self.save(id, tx);
        }
        changed
    }

    /// Cancels an unfinished operation: it becomes done with error CANCELLED and
    /// stays in the store. A finished operation is left as it is.
    pub fn cancel(&self, name: &str) -> Result<(), Status> {
        let id = parse_name(name)?;
        let cancelled = rpc::Status {
            code: Code::Cancelled as i32,
            message: "operation cancelled by the caller".to_owned(),
            details: Vec::new(),
        };
        let inner = self.lock();
        let tx = inner.ops.get(&id).ok_or_else(|| not_found(name))?;
        let changed = tx.send_if_modified(|op| {
            if op.done {
                return false;
            }
            op.done = true;
            op.result = Some(operation::Result::Error(cancelled));
            true
        });
        if changed {
            self.save(id, tx);
        }
        Ok(())
    }

    /// Forgets the named operation; its job, if running, stops at its next step.
    pub fn delete(&self, name: &str) -> Result<(), Status> {
        let id = parse_name(name)?;
        let mut inner = self.lock();
        inner.ops.remove(&id).ok_or_else(|| not_found(name))?;
        if let Some(persist) = &self.persist {
            logged(persist.remove(id));
        }
        Ok(())
    }

    /// Up to `size` operations from id `start` on that pass `filter`.
    pub fn list(&self, filter: Filter, start: u64, size: usize) -> Page {
        let inner = self.lock();
        let mut matching = inner
            .ops
            .range(start..)
            .filter(|(_, tx)| filter.matches(tx.borrow().done));
        let operations = matching
            .by_ref()
            .take(size)
            .map(|(_, tx)| tx.borrow().clone())
            .collect();
        let next_start = matching.next().map(|(id, _)| *id);
        Page {
            operations,
            next_start,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves the map consistent (every change
        // is a single insert, remove or send), so a poisoned lock is still usable.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finish(store: &Store, id: u64) {
        assert!(store.update(id, |op| op.done = true));
    }

    #[test]
    fn names_are_checked() {
        assert_eq!(parse_name("operations/12").unwrap(), 12);
        for bad in [
            "",
            "operations/",
            "operations/x",
            "jobs/1",
            "operations/-1",
            "operations/1/2",
        ] {
            let err = parse_name(bad).unwrap_err();
            assert_eq!(err.code(), Code::InvalidArgument, "{bad:?}");
        }
    }

    #[test]
    fn unknown_names_are_not_found_with_resource_info() {
        let store = Store::default();
        let err = store.get("operations/9").unwrap_err();
        assert_eq!(err.code(), Code::NotFound);
        let info = err
            .get_details_resource_info()
            .expect("ResourceInfo detail");
        assert_eq!(info.resource_name, "operations/9");
    }

    #[test]
    fn cancel_marks_unfinished_operation_cancelled_and_keeps_it() {
        let store = Store::default();
        let (_, op) = store.create(None);
        store.cancel(&op.name).unwrap();
        let op = store.get(&op.name).unwrap();
        assert!(op.done);
        match op.result {
            Some(operation::Result::Error(status)) => assert_eq!(status.code, 1),
            other => panic!("expected CANCELLED, got {other:?}"),
        }
    }

    #[test]
    fn cancel_leaves_finished_operation_alone() {
        let store = Store::default();
        let (id, op) = store.create(None);
        finish(&store, id);
        store.cancel(&op.name).unwrap();
        assert_eq!(store.get(&op.name).unwrap().result, None);
        assert!(!store.update(id, |op| op.done = false), "done is final");
    }

    #[test]
    fn delete_then_get_is_not_found() {
        let store = Store::default();
        let (id, op) = store.create(None);
        store.delete(&op.name).unwrap();
        assert_eq!(store.get(&op.name).unwrap_err().code(), Code::NotFound);
        assert_eq!(store.delete(&op.name).unwrap_err().code(), Code::NotFound);
        assert!(
            !store.update(id, |_| {}),
            "a deleted operation takes no updates"
        );
    }

    #[test]
    fn list_pages_through_matching_operations() {
        let store = Store::default();
        for _ in 0..7 {
            let (id, _) = store.create(None);
            if id % 2 == 0 {
                finish(&store, id);
            }
        }
        let page = store.list(Filter::All, 0, 3);
        let ids: Vec<_> = page.operations.iter().map(|op| op.name.as_str()).collect();
        assert_eq!(ids, ["operations/1", "operations/2", "operations/3"]);
        assert_eq!(page.next_start, Some(4));

        let done = store.list(Filter::Done(true), 0, 2);
        assert_eq!(done.operations.len(), 2);
        assert!(done.operations.iter().all(|op| op.done));
        assert_eq!(done.next_start, Some(6));
        let rest = store.list(Filter::Done(true), 6, 2);
        assert_eq!(rest.operations.len(), 1);
        assert_eq!(rest.next_start, None);

        let running = store.list(Filter::Done(false), 0, 100);
        assert_eq!(running.operations.len(), 4);
        assert_eq!(running.next_start, None);
    }
}
