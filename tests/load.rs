//! Load in one page: many sequential calls on one client leave the wasm
//! memory where it was (the 200 concurrent waits are in tests/wait.rs).
#![cfg(target_arch = "wasm32")]

mod support;

use js_sys::{ArrayBuffer, WebAssembly};
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

#[wasm_bindgen_test]
async fn ten_thousand_sequential_gets_keep_memory_flat() {
    let client = client();
    let name = start_job(job(0, 3)).await;
    let mut after_100 = 0;
    for i in 1..=10_000 {
        let op = ok(client.get(name.clone().into(), None)).await;
        assert_eq!(field(&op, "done"), true);
        if i == 100 {
            after_100 = wasm_memory();
        }
    }
    let grown = wasm_memory() - after_100;
    assert!(
        grown <= 1 << 20,
        "wasm memory grew {grown} bytes after the first 100 gets"
    );
}
