//! The wait benchmark (`npm run bench:wait`), not a test: in headless
//! Chromium against the reference server, it waits for jobs of
//! `LRO_BENCH_JOB_MS` (default 30 s), `LRO_BENCH_RUNS` at a time (default 5),
//! with default options, on a server with WaitOperation and then on one
//! without it (`--no-wait`), and prints the median and worst done→resolved
//! latency (against the server's finish time; one clock) and the RPCs each
//! wait used (counted by the server): a Markdown table, P4 and P5 of
//! BENCHMARKS.md.
#![cfg(target_arch = "wasm32")]

mod support;

use js_sys::Date;
use support::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn setting(value: Option<&str>, default: u32) -> u32 {
    value.and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Waits with default options for `runs` jobs at once on the server at
/// `url`; latencies (ms) and RPC counts.
async fn measure(url: &str, job_ms: u32, runs: u32) -> (Vec<f64>, Vec<f64>) {
    let client = client_of(url);
    let mut names = Vec::new();
    for _ in 0..runs {
        names.push(start_job_on(url, job(job_ms, 30)).await);
    }
    // Each wait stamps its own resolution time.
    let waits = names.iter().map(|name| {
        let wait = JsFuture::from(client.wait(name.clone().into(), None));
        async move { (wait.await.expect("wait"), Date::now()) }
    });
    let done = futures_util::future::join_all(waits).await;
    let mut latencies = Vec::new();
    let mut rpcs = Vec::new();
    for ((op, at), name) in done.iter().zip(&names) {
        let result: JobResult = decode(&field(op, "response"));
        latencies.push(at - result.finished_unix_ms as f64);
        let stats = stats_on(url, name).await;
        rpcs.push((calls(&stats, "WaitOperation") + calls(&stats, "GetOperation")) as f64);
    }
    (latencies, rpcs)
}

#[wasm_bindgen_test]
async fn bench_wait() {
    let job_ms = setting(option_env!("LRO_BENCH_JOB_MS"), 30_000);
    let runs = setting(option_env!("LRO_BENCH_RUNS"), 5);
    console_log!("| P4, P5: {runs} concurrent waits on {job_ms} ms jobs, default options | done → resolved, median | worst | RPCs per wait, median | most |");
    console_log!("| --- | --- | --- | --- | --- |");
    let servers = [
        ("a server with WaitOperation (long-polls)", server()),
        (
            "a server without WaitOperation (one UNIMPLEMENTED, then polls)",
            no_wait_server(),
        ),
    ];
    for (label, url) in servers {
        let (mut latencies, mut rpcs) = measure(url, job_ms, runs).await;
        let worst = latencies.iter().copied().fold(0.0, f64::max);
        let most = rpcs.iter().copied().fold(0.0, f64::max);
        console_log!(
            "| {label} | {:.0} ms | {worst:.0} ms | {} | {most} |",
            median(&mut latencies),
            median(&mut rpcs)
        );
    }
}
