//! The heap allocator of the wasm build: lol_alloc's free list, the smallest
//! of those measured (README, Size) for a single-threaded module. Built with
//! the `fuzzing` feature (the browser suites), it also counts the bytes in
//! use and their peak, so that a test can tell what a call kept or buffered
//! from the wasm memory's size, which only grows.

use lol_alloc::{AssumeSingleThreaded, FreeListAllocator};

/// The allocator itself.
type FreeList = AssumeSingleThreaded<FreeListAllocator>;

/// A new free list.
const fn free_list() -> FreeList {
    // SAFETY: the module runs on one thread (no `atomics` target feature).
    unsafe { AssumeSingleThreaded::new(FreeListAllocator::new()) }
}

#[cfg(not(feature = "fuzzing"))]
#[global_allocator]
static ALLOCATOR: FreeList = free_list();

#[cfg(feature = "fuzzing")]
#[global_allocator]
static ALLOCATOR: counting::Counting = counting::Counting(free_list());

#[cfg(feature = "fuzzing")]
pub mod counting {
    //! The heap's bytes in use and their peak (feature `fuzzing`).
    use core::alloc::{GlobalAlloc, Layout};
    use core::sync::atomic::{AtomicUsize, Ordering::Relaxed};

    static IN_USE: AtomicUsize = AtomicUsize::new(0);
    static PEAK: AtomicUsize = AtomicUsize::new(0);

    /// An allocator that counts what it hands out through another.
    pub struct Counting(pub(super) super::FreeList);

    // SAFETY: every call goes to the inner allocator unchanged; the counts
    // only observe.
    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            let at = unsafe { self.0.alloc(layout) };
            if !at.is_null() {
                let in_use = IN_USE.fetch_add(layout.size(), Relaxed) + layout.size();
                PEAK.fetch_max(in_use, Relaxed);
            }
            at
        }

        unsafe fn dealloc(&self, at: *mut u8, layout: Layout) {
            unsafe { self.0.dealloc(at, layout) };
            IN_USE.fetch_sub(layout.size(), Relaxed);
        }
    }

    /// The heap's bytes in use now.
    pub fn in_use() -> usize {
        IN_USE.load(Relaxed)
    }

    /// The most bytes in use at once since the last [`restart_peak`].
    pub fn peak() -> usize {
        PEAK.load(Relaxed)
    }

    /// Starts the peak anew from the bytes in use now, and returns them.
    pub fn restart_peak() -> usize {
        let now = in_use();
        PEAK.store(now, Relaxed);
        now
    }
}
