// The figure of P8 (bench/figures/get-under-waits.svg): lro-web's get of a
// done operation against the number of waits in flight, median and p95,
// back to back and one every 20 ms; drawn by bench/run.mjs from its figures.
import { mkdirSync, writeFileSync } from "node:fs";

import { lineChart, machine } from "./svg.mjs";

const root = new URL("..", import.meta.url);

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/**
 * `loaded`: P8's Map from the number of waits to `{ ms: [times per gap] }`;
 * `gaps`: the pause after each get, per column of `ms`; `gets`: gets per
 * point; `connectIdle`: connect-web's median get in P2 (back to back, no
 * waits), drawn as a reference; `chromium`: the browser's version.
 */
export function drawGetUnderWaits({ loaded, gaps, gets, connectIdle, chromium }, figure = new URL("bench/figures/get-under-waits.svg", root)) {
  const loads = [...loaded.keys()];
  const panels = gaps.map((gap, g) => {
    const idle = quantile(loaded.get(0).ms[g], 0.5);
    const guides = [{ value: 2 * idle, label: "goal: 2 × the idle median" }];
    if (!gap && connectIdle !== undefined) {
      guides.push({ value: connectIdle, label: "connect-web's get, no waits (P2 median)", colour: "#4a9c5d", dash: "1 3" });
    }
    return {
      title: gap ? `one get every ${gap} ms` : "gets back to back",
      series: [
        { name: "median", values: loads.map((n) => quantile(loaded.get(n).ms[g], 0.5)), below: true },
        { name: "p95", values: loads.map((n) => quantile(loaded.get(n).ms[g], 0.95)), dash: "6 4" },
      ],
      guides,
    };
  });
  const svg = lineChart({
    title: "lro-web: a get's latency while waits run (P8)",
    subtitle: machine([`Chromium ${chromium}`]),
    xLabels: loads.map((n) => n.toLocaleString("en")),
    xTitle: "waits in flight on the same client",
    yTitle: "get, call → resolved (ms)",
    format: (v, tick) => (tick && Number.isInteger(v) ? `${v}` : v.toFixed(1)),
    panels,
    notes: [
      `${gets} gets of a done operation per point, over HTTP/1.1 on loopback, against the reference server; the waits (default ` +
        "options) are on running operations and share the page's long-poll budget. performance.now() is coarsened to 0.1 ms in this page.",
      "connect-web's line: its median get in P2 (a running operation, back to back, nothing else in flight), for reference.",
    ],
  });
  mkdirSync(new URL(".", figure), { recursive: true });
  writeFileSync(figure, svg);
}
