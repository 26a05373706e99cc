// npm run bench (see scripts/bench.sh): sizes (P1), then lro-web and
// connect-web alternated in one headless Chromium page against the reference
// server at LRO_BENCH_URL (P2, P3), lro-web's memory and concurrent waits
// (P6, P7), and its waits that share a loop per operation and a long-poll
// budget per host (P8, P9, P10); then both clients' cold start on a slow link
// (P13, bench/coldstart.mjs). Prints three Markdown tables and writes them to
// test-output/bench-{main,shared,coldstart}.md, the figures the goals are
// read from to test-output/bench.json; draws P8 as
// bench/figures/get-under-waits.svg.
import { writeFileSync, mkdirSync } from "node:fs";

import { startJob } from "../www/jobs.js";
import { envUrl, launch, open } from "../tests/e2e/browser.mjs";
import { connectRegistrySize, connectSize, lroRegistrySize, lroSize, querySizes } from "./size.mjs";
import { coldStart, coldStartRows, coldStartTimeline } from "./coldstart.mjs";
import { drawGetUnderWaits } from "./figures.mjs";

const base = envUrl("LRO_BENCH_URL");
const root = new URL("..", import.meta.url);
const GETS = Number(process.env.LRO_BENCH_GETS ?? 2000);
const LISTS = Number(process.env.LRO_BENCH_LISTS ?? 50);
const PAGE = 1000;
// P8: gets of a done operation while this many waits run (on running jobs),
// back to back and then one every 20 ms.
const LOADS = [0, 8, 100, 1000];
// P7: this many waits at once, on jobs of this length.
const WAITS = { count: 1000, jobMs: 20_000 };
const LOADED_GETS = Number(process.env.LRO_BENCH_LOADED_GETS ?? 150);
const GAPS = [0, 20];
// P9: rounds of waits started at once on 3 s jobs: within the HTTP/1.1
// long-poll budget (3) and beyond it (8: 5 beyond).
const HELD = { waits: 3, rounds: 5 };
const BEYOND = { waits: 8, rounds: 3 };
// P10: waits on one operation, beside one wait on a job of the same length
// (longer than the server's 20 s hold, so that each loop re-issues once).
const SHARED = { callers: 10, jobMs: 25_000 };
// P13: loads of each cold-start page.
const COLD_RUNS = Number(process.env.LRO_BENCH_COLD_RUNS ?? 15);

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const ms = (n) => `${n.toFixed(2)} ms`;

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

const rows = [];
const row = (...cells) => rows.push(`| ${cells.join(" | ")} |`);

const size = { lro: await lroSize(), connect: await connectSize() };
const typed = { lro: await lroRegistrySize(), connect: await connectRegistrySize() };
const query = await querySizes();
// Operations 1..1000: running jobs whose metadata is a JobProgress.
const seeded = [];
for (let i = 0; i < PAGE; i++) seeded.push(await startJob(base, { durationMs: 3_600_000, steps: 100 }));

const browser = await launch();
const page = await open(browser, `${base}/index.html`);
await page.waitForFunction(() => document.getElementById("out")?.textContent === "ready", null, { timeout: 60_000 });
const get = await page.evaluate(([n, name]) => window.bench.get(n, name), [GETS, seeded[0]]);
const list = await page.evaluate(([n, size]) => window.bench.list(n, size), [LISTS, PAGE]);
const floor = await page.evaluate(([n, size]) => window.bench.floor(n, size), [LISTS, PAGE]);
const listTyped = await page.evaluate(([n, size]) => window.bench.listTyped(n, size), [LISTS, PAGE]);
const memory = await page.evaluate(([n, name]) => window.bench.memory(n, name), [10_000, seeded[0]]);
// P7: the jobs outlast their own starting, so that the waits start while
// they run; each ends `jobMs` after its StartJob returned, or a little before.
const waitJobs = [];
const ends = [];
for (let i = 0; i < WAITS.count; i++) {
  waitJobs.push(await startJob(base, { durationMs: WAITS.jobMs, steps: 1 }));
  ends.push(Date.now() + WAITS.jobMs);
}
const waits = await page.evaluate((names) => window.bench.waits(names), waitJobs);
waits.doneBefore = ends.filter((end) => end <= waits.startedAt).length;
waits.ms = waits.resolvedAt - Math.max(...ends);

// P8: the waits run on the P3 operations (1 h jobs, running throughout).
const target = await startJob(base, { durationMs: 0, steps: 1 });
const loaded = new Map();
for (const n of LOADS) {
  const args = [seeded.slice(0, n), target, LOADED_GETS, GAPS, 500];
  loaded.set(n, await page.evaluate((a) => window.bench.getsDuringWaits(...a), args));
}
// P9: one round at a time, so that each round has the budget to itself.
const startJobs = async (n, durationMs) => {
  const names = [];
  for (let i = 0; i < n; i++) names.push(await startJob(base, { durationMs, steps: 3 }));
  return names;
};
const held = [], beyond = [];
for (let r = 0; r < HELD.rounds; r++) {
  held.push(...(await page.evaluate((names) => window.bench.doneToResolved(names), await startJobs(HELD.waits, 3000))));
}
for (let r = 0; r < BEYOND.rounds; r++) {
  beyond.push(...(await page.evaluate((names) => window.bench.doneToResolved(names), await startJobs(BEYOND.waits, 3000))));
}
const [sharedJob, singleJob] = await startJobs(2, SHARED.jobMs);
const shared = await page.evaluate((a) => window.bench.sharedWaits(...a), [sharedJob, singleJob, SHARED.callers]);
const problems = page.problems;
const chromium = browser.version();
await browser.close();

if (list.sizes.lro !== PAGE || list.sizes.connect !== PAGE) throw new Error(`list pages: ${JSON.stringify(list.sizes)}`);
if (listTyped.decoded.lro !== PAGE || listTyped.decoded.connect !== PAGE) {
  throw new Error(`decoded metadata: ${JSON.stringify(listTyped.decoded)}`);
}
if (waits.done !== WAITS.count) throw new Error(`${waits.done} of ${WAITS.count} waits done`);
if (problems.length) throw new Error(`page problems: ${problems.join("; ")}`);

// P13, in a browser of its own (network emulation, a fresh context per load).
const cold = await coldStart(base, COLD_RUNS);

const ratio = (a, b) => (a / b).toFixed(2);
row("measure", "lro-web", "connect-web + protobuf-es", "lro-web / connect-web");
row("---", "---", "---", "---");
row("P1 size, gzip -9 (wasm + JS)", `${kb(size.lro.gzip)} (wasm ${kb(size.lro.wasm)}, JS ${kb(size.lro.js)})`, kb(size.connect.gzip), ratio(size.lro.gzip, size.connect.gzip));
row("P1 size, brotli 11", kb(size.lro.brotli), kb(size.connect.brotli), ratio(size.lro.brotli, size.connect.brotli));
row(
  "P1 size with your own types (lro-web/registry; a registry from a FileDescriptorSet, proto3 JSON), gzip -9",
  `${kb(typed.lro.gzip)} (wasm ${kb(typed.lro.wasm)}, JS ${kb(typed.lro.js)}; ${kb(typed.lro.gzip - size.lro.gzip)} over the default entry)`,
  kb(typed.connect.gzip),
  ratio(typed.lro.gzip, typed.connect.gzip),
);
row("P1 size with your own types, brotli 11", kb(typed.lro.brotli), kb(typed.connect.brotli), ratio(typed.lro.brotli, typed.connect.brotli));
row(
  "P1 size of the TanStack Query layer (lro-web/query; @connectrpc/connect-query), each whole entry minified without its peers, gzip -9",
  kb(query.lro.gzip),
  kb(query.connect.gzip),
  ratio(query.lro.gzip, query.connect.gzip),
);
row("P1 size of the TanStack Query layer, brotli 11", kb(query.lro.brotli), kb(query.connect.brotli), ratio(query.lro.brotli, query.connect.brotli));
for (const [label, q] of [["median", 0.5], ["p95", 0.95]]) {
  const a = quantile(get.lro, q), b = quantile(get.connect, q);
  row(`P2 GetOperation round trip, ${label} (${GETS} calls)`, ms(a), ms(b), ratio(a, b));
}
const la = quantile(list.lro, 0.5), lb = quantile(list.connect, 0.5);
row(`P3 ListOperations, ${PAGE} operations with metadata, median (${LISTS} runs)`, ms(la), ms(lb), ratio(la, lb));
const ta = quantile(listTyped.lro, 0.5), tb = quantile(listTyped.connect, 0.5);
row(`P3 the same, every metadata of a registered type decoded to proto3 JSON (lro-web/registry; protobuf-es toJson), median (${LISTS} runs)`, ms(ta), ms(tb), ratio(ta, tb));
row(`P3 floor: the same request by a bare fetch + arrayBuffer(), median (${LISTS} runs)`, ms(quantile(floor, 0.5)), "", "");
row("P6 wasm memory growth over 10,000 gets", `${memory.after - memory.before} bytes`, "n/a", "");
row(
  `P7 ${WAITS.count.toLocaleString("en")} concurrent waits on running ${WAITS.jobMs / 1000} s jobs (${waits.doneBefore} done before the waits started): from the last job's end to all resolved`,
  ms(waits.ms),
  "n/a",
  "",
);
for (const cells of coldStartRows(cold)) row(...cells);

// Waits that share: a second table, lro-web only.
const sharing = [];
const line = (...cells) => sharing.push(`| ${cells.join(" | ")} |`);
line("measure (lro-web, HTTP/1.1)", "median", "p95", "median / idle median", "goal");
line("---", "---", "---", "---", "---");
GAPS.forEach((gap, g) => {
  const idle = quantile(loaded.get(0).ms[g], 0.5);
  const how = gap ? `one every ${gap} ms` : "back to back";
  for (const [n, { ms: times, windowMs, waitCalls }] of loaded) {
    const label = n === 0
      ? `P8 get of a done operation, ${how} (${LOADED_GETS} gets), idle`
      : `P8 the same, while ${n.toLocaleString("en")} waits run${g ? "" : ` (their calls: ${(waitCalls / (windowMs / 1000)).toFixed(0)}/s)`}`;
    const median = quantile(times[g], 0.5);
    line(label, ms(median), ms(quantile(times[g], 0.95)), ratio(median, idle), "≤ 2× idle");
  }
});
const most = loaded.get(LOADS.at(-1));
line(`P8 abort of the ${LOADS.at(-1).toLocaleString("en")} waits at once, until all rejected`, ms(most.abortMs), "", "", "reported");
// A wait that held a long-poll from the start made no GetOperation call.
const polled = (w) => w.gets > 0;
const rpcs = (w) => w.waits + w.gets;
const whole = (n) => `${Math.round(n)} ms`;
const heldPolled = held.filter(polled).length;
const late = beyond.filter(polled), first = beyond.filter((w) => !polled(w));
const latency = (ws) => ws.map((w) => w.ms);
line(`P9 done → resolved, waits holding a long-poll (${HELD.waits} at once, 3 s jobs, ${held.length} waits${heldPolled ? `, ${heldPolled} of them polled` : ""})`,
  whole(quantile(latency(held), 0.5)), whole(quantile(latency(held), 0.95)), "", "≤ 20 ms");
line(`P9 done → resolved, waits beyond the budget (${BEYOND.waits} at once, 3 s jobs: the ${late.length} of ${beyond.length} that polled; RPCs per wait, median ${quantile(late.map(rpcs), 0.5)})`,
  whole(quantile(latency(late), 0.5)), whole(quantile(latency(late), 0.95)), "", "reported");
line(`P9 the same rounds: the ${first.length} waits that held a long-poll`,
  whole(quantile(latency(first), 0.5)), whole(quantile(latency(first), 0.95)), "", "≤ 20 ms");
line(`P10 RPCs for ${SHARED.callers} concurrent waits on one operation (2 clients), ${SHARED.jobMs / 1000} s job; one wait on a like job: ${shared.single}`,
  `${shared.shared}`, "", "", "those of one wait");

drawGetUnderWaits({ loaded, gaps: GAPS, gets: LOADED_GETS, connectIdle: quantile(get.connect, 0.5), chromium });

// The tables and the figures the goals are read from, for BENCHMARKS.md
// (bench/report.mjs).
const tables = { main: rows, shared: sharing, coldstart: coldStartTimeline(cold) };
mkdirSync(new URL("test-output/", root), { recursive: true });
for (const [name, lines] of Object.entries(tables)) {
  console.log(`${lines.join("\n")}\n`);
  writeFileSync(new URL(`test-output/bench-${name}.md`, root), `${lines.join("\n")}\n`);
}
const preloaded = cold.pages.find((p) => p.key === "lro-preload");
const coldMedian = (key) => quantile(cold.pages.find((p) => p.key === key).ms, 0.5);
const figures = {
  chromium,
  sizeDefault: size.lro.gzip,
  sizeRegistry: typed.lro.gzip,
  getRatio: quantile(get.lro, 0.5) / quantile(get.connect, 0.5),
  listSpeedup: quantile(list.connect, 0.5) / quantile(list.lro, 0.5),
  coldStart: { label: preloaded.label, ratio: quantile(preloaded.ms, 0.5) / coldMedian("connect") },
};
writeFileSync(new URL("test-output/bench.json", root), `${JSON.stringify(figures, null, 2)}\n`);
