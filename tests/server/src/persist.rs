//! `--state PATH`: operations and the jobs behind them kept in an embedded
//! database (redb), so that a restarted server has every operation it had,
//! and resumes the jobs that were running.

use std::path::Path;

use prost::Message;
use redb::{Database, ReadableTable, TableDefinition};

use crate::proto::demo::StartJobRequest;
use crate::proto::google::longrunning::Operation;

/// Operations by id, protobuf-encoded.
const OPERATIONS: TableDefinition<u64, &[u8]> = TableDefinition::new("operations");
/// The request and start time of each job, by operation id.
const JOBS: TableDefinition<u64, &[u8]> = TableDefinition::new("jobs");
/// Counters: "next_id".
const COUNTERS: TableDefinition<&str, u64> = TableDefinition::new("counters");

/// A job as stored: what was asked and when it started (Unix milliseconds).
#[derive(Clone, PartialEq, Message)]
pub struct JobRecord {
    /// The StartJob request.
    #[prost(message, optional, tag = "1")]
    pub request: Option<StartJobRequest>,
    /// When the job started, in milliseconds since the Unix epoch.
    #[prost(uint64, tag = "2")]
    pub started_unix_ms: u64,
}

/// What a server had when it stopped.
#[derive(Default)]
pub struct Saved {
    /// The largest id ever given.
    pub next_id: u64,
    /// Every operation, by id.
    pub operations: Vec<(u64, Operation)>,
    /// Every job, by operation id.
    pub jobs: Vec<(u64, JobRecord)>,
}

/// The database behind `--state`.
pub struct Persist {
    db: Database,
}

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

impl Persist {
    /// Opens (or creates) the database at `path`.
    pub fn open(path: &Path) -> Result<Persist> {
        let db = Database::create(path)?;
        let txn = db.begin_write()?;
        txn.open_table(OPERATIONS)?;
        txn.open_table(JOBS)?;
        txn.open_table(COUNTERS)?;
        txn.commit()?;
        Ok(Persist { db })
    }

    /// Everything saved.
    pub fn load(&self) -> Result<Saved> {
        let txn = self.db.begin_read()?;
        let next_id = txn
            .open_table(COUNTERS)?
            .get("next_id")?
            .map_or(0, |v| v.value());
        let mut operations = Vec::new();
        for entry in txn.open_table(OPERATIONS)?.iter()? {
            let (id, bytes) = entry?;
            operations.push((id.value(), Operation::decode(bytes.value())?));
        }
        let mut jobs = Vec::new();
        for entry in txn.open_table(JOBS)?.iter()? {
            let (id, bytes) = entry?;
            jobs.push((id.value(), JobRecord::decode(bytes.value())?));
        }
        Ok(Saved {
            next_id,
            operations,
            jobs,
        })
    }

    /// Saves a new operation and the id counter.
    pub fn create(&self, id: u64, op: &Operation) -> Result<()> {
        self.write_operation(id, op, true)
    }

    /// Saves an operation's new state.
    pub fn save(&self, id: u64, op: &Operation) -> Result<()> {
        self.write_operation(id, op, false)
    }

    fn write_operation(&self, id: u64, op: &Operation, new: bool) -> Result<()> {
        let txn = self.db.begin_write()?;
        if new {
            txn.open_table(COUNTERS)?.insert("next_id", id)?;
        }
        txn.open_table(OPERATIONS)?
            .insert(id, op.encode_to_vec().as_slice())?;
        txn.commit()?;
        Ok(())
    }

    /// Saves the job behind operation `id`.
    pub fn save_job(&self, id: u64, job: &JobRecord) -> Result<()> {
        let txn = self.db.begin_write()?;
        txn.open_table(JOBS)?
            .insert(id, job.encode_to_vec().as_slice())?;
        txn.commit()?;
        Ok(())
    }

    /// Forgets operation `id` and its job.
    pub fn remove(&self, id: u64) -> Result<()> {
        let txn = self.db.begin_write()?;
        txn.open_table(OPERATIONS)?.remove(id)?;
        txn.open_table(JOBS)?.remove(id)?;
        txn.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_saved_loads_after_reopening() {
        let dir = std::env::temp_dir().join(format!("lro-persist-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("state.redb");
        let _ = std::fs::remove_file(&path);
        let op = Operation {
            name: "operations/1".into(),
            ..Default::default()
        };
        let job = JobRecord {
            request: Some(StartJobRequest {
                label: "x".into(),
                ..Default::default()
            }),
            started_unix_ms: 42,
        };
        {
            let persist = Persist::open(&path).unwrap();
            persist.create(1, &op).unwrap();
            persist.create(2, &op).unwrap();
            persist.save_job(1, &job).unwrap();
            persist
                .save(
                    1,
                    &Operation {
                        done: true,
                        ..op.clone()
                    },
                )
                .unwrap();
            persist.remove(2).unwrap();
        }
        let saved = Persist::open(&path).unwrap().load().unwrap();
        assert_eq!(saved.next_id, 2);
        assert_eq!(saved.operations.len(), 1);
        assert!(saved.operations[0].1.done);
        assert_eq!(saved.jobs, vec![(1, job)]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
