// npm run bench (see scripts/bench.sh): how fast waits come back after the
// page could not ask: from `online` to resolved after an outage (4 waits, in
// each mode), and from `resume` to resolved after a long-poll died while the
// page was frozen. RUNS times each; median and worst. Uses the consumer
// project's plain page, served with the packed package by the reference
// server at LRO_CONSUMER_URL. Prints Markdown rows; writes them to
// test-output/bench-lifecycle.md.
import { mkdirSync, writeFileSync } from "node:fs";

import { envUrl, launch } from "../tests/e2e/browser.mjs";
import { afterOutage, afterResume } from "../tests/e2e/lifecycle.mjs";

const base = envUrl("LRO_CONSUMER_URL");
const RUNS = Number(process.env.LRO_BENCH_LIFECYCLE_RUNS ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const row = (label, xs) => `| ${label} | ${median(xs).toFixed(0)} ms | ${Math.max(...xs).toFixed(0)} ms | ${xs.length} |`;

const browser = await launch();
const rows = ["| measure | median | worst | samples |", "| --- | --- | --- | --- |"];
for (const mode of ["auto", "poll"]) {
  const times = [];
  for (let i = 0; i < RUNS; i++) times.push(...(await afterOutage(browser, base, { mode })).afterOnline);
  if (times.some((t) => t < 0)) throw new Error(`a wait failed after the outage (${mode})`);
  rows.push(row(`P11 online → resolved, 4 waits after an outage (${mode === "auto" ? "WaitOperation" : "polling"})`, times));
}
const resumes = [];
while (resumes.length < RUNS) {
  const ms = await afterResume(browser, base);
  if (ms === null) continue;
  if (ms < 0) throw new Error("a wait failed after resume");
  resumes.push(ms);
}
rows.push(row("P12 resume → resolved, a long-poll that died while frozen", resumes));
await browser.close();

const table = rows.join("\n");
console.log(table);
mkdirSync(new URL("../test-output/", import.meta.url), { recursive: true });
writeFileSync(new URL("../test-output/bench-lifecycle.md", import.meta.url), `${table}\n`);
