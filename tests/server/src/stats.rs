//! Counters the tests read through the demo service's GetStats: calls per
//! Operations method and operation name, and the WaitOperation calls still
//! open per operation (which fall back to zero when a client aborts its fetch).

use std::{collections::HashMap, sync::Mutex};

/// Counters shared by the services.
#[derive(Default)]
pub struct Stats {
    calls: Mutex<HashMap<(&'static str, String), u64>>,
    open_waits: Mutex<HashMap<String, u32>>,
    deadlines: Mutex<HashMap<String, u64>>,
}

/// Counts one open WaitOperation until dropped (the call ended or was dropped).
pub struct OpenWait<'a> {
    stats: &'a Stats,
    name: String,
}

impl Stats {
    /// Counts a call of `method` naming `name`.
    pub fn count(&self, method: &'static str, name: &str) {
        *lock(&self.calls)
            .entry((method, name.to_owned()))
            .or_default() += 1;
    }

    /// Records the deadline (grpc-timeout, in ms; 0 for none) of the latest call naming `name`.
    pub fn record_deadline(&self, name: &str, millis: u64) {
        lock(&self.deadlines).insert(name.to_owned(), millis);
    }

    /// The deadline of the latest call naming `name`, in ms; 0 for none.
    pub fn last_deadline(&self, name: &str) -> u64 {
        lock(&self.deadlines).get(name).copied().unwrap_or(0)
    }

    /// Calls per method so far that named `name`; all calls when `name` is empty.
    pub fn calls(&self, name: &str) -> HashMap<String, u64> {
        let mut calls = HashMap::new();
        for ((method, called), n) in lock(&self.calls).iter() {
            if name.is_empty() || name == called {
                *calls.entry((*method).to_owned()).or_default() += n;
            }
        }
        calls
    }

    /// Marks a WaitOperation on `name` as open until the guard drops.
    pub fn open_wait(&self, name: &str) -> OpenWait<'_> {
        *lock(&self.open_waits).entry(name.to_owned()).or_default() += 1;
        OpenWait {
            stats: self,
            name: name.to_owned(),
        }
    }

    /// WaitOperation calls on `name` still open.
    pub fn open_waits(&self, name: &str) -> u32 {
        lock(&self.open_waits).get(name).copied().unwrap_or(0)
    }
}

impl Drop for OpenWait<'_> {
    fn drop(&mut self) {
        let mut waits = lock(&self.stats.open_waits);
        if let Some(n) = waits.get_mut(&self.name) {
            *n -= 1;
            if *n == 0 {
                waits.remove(&self.name);
            }
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // Counters stay meaningful after a panic elsewhere.
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_calls_and_open_waits() {
        let stats = Stats::default();
        stats.count("GetOperation", "operations/1");
        stats.count("GetOperation", "operations/2");
        stats.count("WaitOperation", "operations/1");
        assert_eq!(stats.calls("")["GetOperation"], 2);
        let one = stats.calls("operations/1");
        assert_eq!((one["GetOperation"], one["WaitOperation"]), (1, 1));
        let a = stats.open_wait("operations/1");
        let b = stats.open_wait("operations/1");
        assert_eq!(stats.open_waits("operations/1"), 2);
        drop(a);
        assert_eq!(stats.open_waits("operations/1"), 1);
        drop(b);
        assert_eq!(stats.open_waits("operations/1"), 0);
        stats.record_deadline("operations/1", 1500);
        assert_eq!(stats.last_deadline("operations/1"), 1500);
        assert_eq!(stats.last_deadline("operations/2"), 0);
    }
}
