//! Sorting without std's sorts, which weigh more in the wasm: map entries
//! by key for proto3 JSON, and the registry's names.

use crate::core::json::Json;

/// Map entries by key, the last of equal keys kept (as a map keeps them).
pub fn sorted(entries: Vec<(String, Json)>) -> Vec<(String, Json)> {
    // By (key, place from the end): the last of equal keys comes first and
    // stays. Any sort on that total order gives the stable result.
    let mut entries: Vec<_> = entries.into_iter().rev().enumerate().collect();
    heapsort(&mut entries, |(i, a), (j, b)| (&a.0, i) < (&b.0, j));
    entries.dedup_by(|(_, later), (_, earlier)| later.0 == earlier.0);
    entries.into_iter().map(|(_, entry)| entry).collect()
}

/// Sorts `items` by `less`, in O(n log n) and in place: a heapsort, much
/// smaller in the module than std's sorts (README, Size).
pub fn heapsort<T>(items: &mut [T], less: impl Fn(&T, &T) -> bool) {
    // Moves the item at `root` down the max-heap in `heap`.
    let sift = |heap: &mut [T], mut root: usize| loop {
        let mut child = 2 * root + 1;
        if child >= heap.len() {
            break;
        }
        if child + 1 < heap.len() && less(&heap[child], &heap[child + 1]) {
            child += 1;
        }
        if !less(&heap[root], &heap[child]) {
            break;
        }
        heap.swap(root, child);
        root = child;
    };
    for root in (0..items.len() / 2).rev() {
        sift(items, root);
    }
    for end in (1..items.len()).rev() {
        items.swap(0, end);
        sift(&mut items[..end], 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heapsort_sorts_like_std() {
        let mut seed = 7u64;
        for len in [0, 1, 2, 3, 5, 8, 13, 100, 257] {
            let mut items: Vec<u32> = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                    (seed >> 40) as u32 % 50
                })
                .collect();
            let mut want = items.clone();
            want.sort();
            heapsort(&mut items, |a, b| a < b);
            assert_eq!(items, want, "{len} items");
        }
    }
}
