// Writes BENCHMARKS.md from one run of `npm run bench`: the hand-written
// methods and reasons (bench/methods.md, which holds no figures) with the
// run's tables put in where it says `<!-- table NAME -->`
// (test-output/bench-NAME.md, written by the bench's steps), the goals
// checked against the run's figures (`<!-- goals -->`, from
// test-output/bench.json) and the run itself (`<!-- run -->`: the machine,
// the date, the commit, the load).
//   node bench/report.mjs [LOADAVG_AT_START]
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";

import { machine } from "./svg.mjs";

const root = new URL("..", import.meta.url);
const output = (name) => readFileSync(new URL(`test-output/${name}`, root), "utf8").trimEnd();
const figures = JSON.parse(output("bench.json"));
const git = (...args) => execFileSync("git", args, { cwd: root, encoding: "utf8" }).trim();

/** The run: where, when, on what. */
function run() {
  const dirty = git("status", "--porcelain", "--untracked-files=no") ? ", with uncommitted changes" : "";
  const load = [process.argv[2], os.loadavg()[0].toFixed(1)].filter(Boolean).join(" at the start, ");
  return [
    `Written by one run of \`npm run bench\` on ${machine([`Chromium ${figures.chromium} headless`])},`,
    `on the commit ${git("log", "-1", "--format=%h")} ("${git("log", "-1", "--format=%s")}"${dirty}).`,
    `Load average (1 min): ${load}${process.argv[2] ? " at the end" : ""}.`,
  ].join("\n");
}

const bytes = (n) => n.toLocaleString("en");
const times = (n) => `${n.toFixed(2)}×`;
/** Each goal: what it asks, what the run gave, and whether that meets it. */
const GOALS = [
  ["P1 the default entry, gzip -9", "≤ 45,000 bytes (test budget 52,000)", bytes(figures.sizeDefault), figures.sizeDefault <= 45_000],
  ["P1 the registry entry, gzip -9", "≤ 60,000 bytes (test budget 66,000)", bytes(figures.sizeRegistry), figures.sizeRegistry <= 60_000],
  ["P2 GetOperation round trip, median, lro-web / connect-web", "≤ 1.00", figures.getRatio.toFixed(2), figures.getRatio <= 1],
  ["P3 a 1,000-operation list, median: how much faster than connect-web", "≥ 1.5×", times(figures.listSpeedup), figures.listSpeedup >= 1.5],
  [`P13 cold start on a slow link, median: ${figures.coldStart.label} / connect-web`, "≤ 1.00", figures.coldStart.ratio.toFixed(2), figures.coldStart.ratio <= 1],
];

function goals() {
  const lines = ["| goal | asks | this run | |", "| --- | --- | --- | --- |"];
  for (const [goal, asks, got, met] of GOALS) lines.push(`| ${goal} | ${asks} | ${got} | ${met ? "met" : "not met"} |`);
  return lines.join("\n");
}

const methods = readFileSync(new URL("bench/methods.md", root), "utf8");
const report = methods
  .replace("<!-- run -->", run())
  .replace("<!-- goals -->", goals())
  .replace(/<!-- table ([a-z-]+) -->/g, (_, name) => output(`bench-${name}.md`));
const left = report.match(/<!-- (run|goals|table [^>]*) -->/);
if (left) throw new Error(`bench/methods.md: nothing fills ${left[0]}`);
writeFileSync(new URL("BENCHMARKS.md", root), report);
console.log("BENCHMARKS.md written");
