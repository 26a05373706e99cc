// npm run bench (see scripts/bench.sh): sizes (P1), then lro-web and
// connect-web alternated in one headless Chromium page against the reference
// server at LRO_BENCH_URL (P2, P3), and lro-web's memory and concurrent waits
// (P6, P7). Prints a Markdown table and writes it to test-output/bench.md.
import { writeFileSync, mkdirSync } from "node:fs";

import { startJob } from "../www/jobs.js";
import { envUrl, launch, open } from "../tests/e2e/browser.mjs";
import { connectSize, lroSize } from "./size.mjs";

const base = envUrl("LRO_BENCH_URL");
const root = new URL("..", import.meta.url);
const GETS = Number(process.env.LRO_BENCH_GETS ?? 2000);
const LISTS = Number(process.env.LRO_BENCH_LISTS ?? 50);
const PAGE = 1000;

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const ms = (n) => `${n.toFixed(2)} ms`;

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

const rows = [];
const row = (...cells) => rows.push(`| ${cells.join(" | ")} |`);

const size = { lro: await lroSize(), connect: await connectSize() };
// Operations 1..1000: running jobs whose metadata is a JobProgress.
const seeded = [];
for (let i = 0; i < PAGE; i++) seeded.push(await startJob(base, { durationMs: 3_600_000, steps: 100 }));

const browser = await launch();
const page = await open(browser, `${base}/index.html`);
await page.waitForFunction(() => document.getElementById("out")?.textContent === "ready", null, { timeout: 60_000 });
const get = await page.evaluate(([n, name]) => window.bench.get(n, name), [GETS, seeded[0]]);
const list = await page.evaluate(([n, size]) => window.bench.list(n, size), [LISTS, PAGE]);
const floor = await page.evaluate(([n, size]) => window.bench.floor(n, size), [LISTS, PAGE]);
const memory = await page.evaluate(([n, name]) => window.bench.memory(n, name), [10_000, seeded[0]]);
const waitJobs = [];
for (let i = 0; i < 1000; i++) waitJobs.push(await startJob(base, { durationMs: 1000, steps: 1 }));
const waits = await page.evaluate((names) => window.bench.waits(names), waitJobs);
const problems = page.problems;
await browser.close();

if (list.sizes.lro !== PAGE || list.sizes.connect !== PAGE) throw new Error(`list pages: ${JSON.stringify(list.sizes)}`);
if (waits.done !== 1000) throw new Error(`${waits.done} of 1000 waits done`);
if (problems.length) throw new Error(`page problems: ${problems.join("; ")}`);

const ratio = (a, b) => (a / b).toFixed(2);
row("measure", "lro-web", "connect-web + protobuf-es", "lro-web / connect-web");
row("---", "---", "---", "---");
row("P1 size, gzip -9 (wasm + JS)", `${kb(size.lro.gzip)} (wasm ${kb(size.lro.wasm)}, JS ${kb(size.lro.js)})`, kb(size.connect.gzip), ratio(size.lro.gzip, size.connect.gzip));
row("P1 size, brotli 11", kb(size.lro.brotli), kb(size.connect.brotli), ratio(size.lro.brotli, size.connect.brotli));
for (const [label, q] of [["median", 0.5], ["p95", 0.95]]) {
  const a = quantile(get.lro, q), b = quantile(get.connect, q);
  row(`P2 GetOperation round trip, ${label} (${GETS} calls)`, ms(a), ms(b), ratio(a, b));
}
const la = quantile(list.lro, 0.5), lb = quantile(list.connect, 0.5);
row(`P3 ListOperations, ${PAGE} operations with metadata, median (${LISTS} runs)`, ms(la), ms(lb), ratio(la, lb));
row(`P3 floor: the same request by a bare fetch + arrayBuffer(), median (${LISTS} runs)`, ms(quantile(floor, 0.5)), "", "");
row("P6 wasm memory growth over 10,000 gets", `${memory.after - memory.before} bytes`, "n/a", "");
row("P7 1,000 concurrent waits on 1 s jobs, until all resolved", ms(waits.ms), "n/a", "");

const table = rows.join("\n");
console.log(table);
mkdirSync(new URL("test-output/", root), { recursive: true });
writeFileSync(new URL("test-output/bench.md", root), `${table}\n`);
