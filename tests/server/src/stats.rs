//! Counters the tests read through the demo service's GetStats: calls per
//! Operations method and operation name, and the WaitOperation calls still
//! open, per operation and on all of them, with the most ever open at once
//! (which fall back when a client aborts its fetch), for connection budgets.

use std::{collections::HashMap, sync::Mutex};

/// Counters shared by the services.
#[derive(Default)]
pub struct Stats {
    calls: Mutex<HashMap<(&'static str, String), u64>>,
    waits: Mutex<Waits>,
    deadlines: Mutex<HashMap<String, u64>>,
}

/// The WaitOperation calls open now.
#[derive(Default)]
struct Waits {
    /// Per operation name; a name with none is absent.
    by_name: HashMap<String, u32>,
    /// On every operation.
    all: u32,
    /// The most of `all` at once since the start or the last reset.
    peak: u32,
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
        let mut waits = lock(&self.waits);
        *waits.by_name.entry(name.to_owned()).or_default() += 1;
        waits.all += 1;
        waits.peak = waits.peak.max(waits.all);
        OpenWait {
            stats: self,
            name: name.to_owned(),
        }
    }

    /// WaitOperation calls on `name` still open.
    pub fn open_waits(&self, name: &str) -> u32 {
        lock(&self.waits).by_name.get(name).copied().unwrap_or(0)
    }

    /// WaitOperation calls still open, on every operation.
    pub fn open_waits_all(&self) -> u32 {
        lock(&self.waits).all
    }

    /// The most WaitOperation calls open at once, on every operation, since
    /// the start or the last [`Stats::reset_peak`].
    pub fn peak_open_waits(&self) -> u32 {
        lock(&self.waits).peak
    }

    /// Sets the peak to the number open now.
    pub fn reset_peak(&self) {
        let mut waits = lock(&self.waits);
        waits.peak = waits.all;
    }
}

impl Drop for OpenWait<'_> {
    fn drop(&mut self) {
        let mut waits = lock(&self.stats.waits);
        if let Some(n) = waits.by_name.get_mut(&self.name) {
            *n -= 1;
            if *n == 0 {
                waits.by_name.remove(&self.name);
            }
            waits.all -= 1;
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

    #[test]
    fn counts_open_waits_on_all_operations_and_their_peak() {
        let stats = Stats::default();
        let a = stats.open_wait("operations/1");
        let b = stats.open_wait("operations/2");
        let c = stats.open_wait("operations/2");
        assert_eq!((stats.open_waits_all(), stats.peak_open_waits()), (3, 3));
        drop(a);
        drop(b);
        assert_eq!((stats.open_waits_all(), stats.peak_open_waits()), (1, 3));
        stats.reset_peak();
        assert_eq!(stats.peak_open_waits(), 1);
        let d = stats.open_wait("operations/3");
        assert_eq!(stats.peak_open_waits(), 2);
        drop((c, d));
        assert_eq!((stats.open_waits_all(), stats.peak_open_waits()), (0, 2));
    }
}
