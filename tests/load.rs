//! Load in one page: many calls on one client leave the heap and the wasm
//! memory where they were (the 200 concurrent waits are in tests/wait.rs).
#![cfg(target_arch = "wasm32")]

mod support;

use js_sys::{ArrayBuffer, WebAssembly};
use lro_web::fuzzing::heap;
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The wasm memory's size in bytes (it only grows).
fn wasm_memory() -> u32 {
    let memory: WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    let buffer: ArrayBuffer = memory.buffer().unchecked_into();
    buffer.byte_length()
}

/// The gets in all, and how many are in flight at once (within the browser's
/// 6 connections per host): concurrency keeps the suite short in every
/// engine; what is checked is that nothing a call leaves behind accumulates.
const GETS: u32 = 10_000;
const IN_FLIGHT: u32 = 5;
/// What the heap may hold more after all of them than after the first 100:
/// less than a byte a call.
const KEPT: i64 = 8 << 10;

#[wasm_bindgen_test]
async fn ten_thousand_gets_keep_memory_flat() {
    let client = client();
    let name = start_job(job(0, 3)).await;
    // The first 100 (20 per chain) settle what a client keeps for good.
    let gets = |count: u32| {
        let (client, name) = (&client, &name);
        let chains = (0..IN_FLIGHT).map(move |_| async move {
            for _ in 0..count / IN_FLIGHT {
                let op = ok(client.get(name.clone().into(), None)).await;
                assert_eq!(field(&op, "done"), true);
            }
        });
        futures_util::future::join_all(chains)
    };
    gets(100).await;
    let (memory, heap) = (wasm_memory(), heap::in_use());
    gets(GETS - 100).await;
    // The heap's bytes in use: a leak of a few bytes a call shows there
    // long before the memory, which only grows, has to.
    let kept = heap::in_use() as i64 - heap as i64;
    assert!(
        kept <= KEPT,
        "the heap kept {kept} bytes more after the first 100 gets"
    );
    let grown = wasm_memory() - memory;
    assert!(
        grown <= 1 << 20,
        "wasm memory grew {grown} bytes after the first 100 gets"
    );
}
