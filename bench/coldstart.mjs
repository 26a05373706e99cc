// P13: the cold start on a slow mobile link. Each client, bundled by esbuild
// (minified) into a small page of its own, is loaded into a fresh browser
// context (empty cache; the DevTools cache also disabled) under Chromium's
// network emulation: 150 ms round trip, 1.6 Mbit/s down and up. The time is
// from navigation start to the first GetOperation's result in the page
// (`performance.now()` when its promise resolves), and the bytes are what
// the page received (CDP's encodedDataLength: bodies as sent, gzip, and
// headers). The pages are served gzip -9, precompressed, by a small HTTP
// server of this module's (lro-server's --www sends files as they are), which
// passes every other request (the gRPC-Web calls) to the reference server on
// loopback: one origin, as a site that serves its API next to its pages, so
// no CORS preflight.
//
// Pages, alternated run by run:
// - connect-web: bench/coldstart/connect.ts;
// - lro-web: bench/coldstart/lro.js, `await init()` then `get`; the .wasm
//   is fetched by wasm-bindgen's loader (`instantiateStreaming(fetch(url))`,
//   url from import.meta.url) once the JS has arrived and run;
// - the same, with `<link rel="preload" as="fetch" crossorigin>` for the
//   .wasm in the HTML, so that it downloads alongside the JS (`crossorigin`:
//   the loader's fetch is a CORS request with credentials "same-origin", and
//   a preload is reused only by a request of the same mode and credentials);
// - the same, plus `<link rel="modulepreload">` for the JS;
// - lro-web with the .wasm's fetch started by an inline script in the head
//   and handed to `init()` (it takes a Promise<Response>);
// - lro-web with the .wasm embedded in the bundle (esbuild's binary loader).
// A preloaded .wasm must be used: a run fails if the page fetched it twice,
// and the first run of each page with a preload stays open past Chromium's
// "preloaded but not used" warning (a few seconds after load), which fails
// it too.
//
//   LRO_BENCH_URL=http://127.0.0.1:PORT node bench/coldstart.mjs [runs]
// (needs dist/ and bench/gen/); `npm run bench` runs it from bench/run.mjs.
import { createServer, request as httpRequest, Agent } from "node:http";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

import { build } from "esbuild";

import { startJob } from "../www/jobs.js";
import { launch } from "../tests/e2e/browser.mjs";

const root = new URL("..", import.meta.url);
const out = new URL("test-output/coldstart/", root);

/** The emulated link: a slow mobile connection. */
export const LINK = { latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 1_600_000 / 8 };
const WASM = "lro_web_bg.wasm";
const PRELOAD = `<link rel="preload" href="${WASM}" as="fetch" type="application/wasm" crossorigin>`;

/** The pages: what each bundles, and what its HTML adds to the head. */
export const PAGES = [
  { key: "connect", label: "connect-web", entry: "bench/coldstart/connect.ts" },
  { key: "lro", label: "lro-web", entry: "bench/coldstart/lro.js", wasm: true },
  { key: "lro-preload", label: "lro-web, the .wasm preloaded", entry: "bench/coldstart/lro.js", wasm: true, head: PRELOAD, preload: true },
  {
    key: "lro-modulepreload",
    label: "lro-web, the .wasm preloaded and the JS modulepreloaded",
    entry: "bench/coldstart/lro.js",
    wasm: true,
    head: `${PRELOAD}\n<link rel="modulepreload" href="main.js">`,
    preload: true,
  },
  {
    key: "lro-early",
    label: "lro-web, the .wasm fetched by an inline script, passed to init()",
    entry: "bench/coldstart/lro.js",
    wasm: true,
    head: `<script>window.lroWasm = fetch("${WASM}");</script>`,
  },
  { key: "lro-embedded", label: "lro-web, the .wasm embedded in the bundle (base64)", entry: "bench/coldstart/lro-embedded.js" },
];

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".wasm": "application/wasm" };

async function bundle(entry) {
  const built = await build({
    entryPoints: [new URL(entry, root).pathname],
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2022",
    loader: { ".wasm": "binary" },
    write: false,
    logLevel: "error",
  });
  return Buffer.concat(built.outputFiles.map((f) => Buffer.from(f.contents)));
}

/** Builds every page into test-output/coldstart/<key>/; returns the files, gzipped. */
async function buildPages() {
  rmSync(out, { recursive: true, force: true });
  const files = new Map();
  const wasm = readFileSync(new URL(`dist/${WASM}`, root));
  for (const page of PAGES) {
    const html = [
      "<!doctype html>",
      `<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${page.label}</title>`,
      ...(page.head ? [page.head] : []),
      '<script type="module" src="main.js"></script>',
      "</head><body></body></html>",
      "",
    ].join("\n");
    const own = { "index.html": Buffer.from(html), "main.js": await bundle(page.entry) };
    if (page.wasm) own[WASM] = wasm;
    mkdirSync(new URL(`${page.key}/`, out), { recursive: true });
    for (const [file, bytes] of Object.entries(own)) {
      writeFileSync(new URL(`${page.key}/${file}`, out), bytes);
      files.set(`/${page.key}/${file}`, { gzip: gzipSync(bytes, { level: 9 }), type: TYPES[file.slice(file.lastIndexOf("."))] });
    }
  }
  return files;
}

/**
 * Serves `files` gzipped, and passes every other request to the server at
 * `base`. Resolves with its origin and a `close()`.
 */
function serve(files, base) {
  const upstream = new URL(base);
  const agent = new Agent({ keepAlive: true });
  const server = createServer((req, res) => {
    const path = new URL(req.url, "http://page").pathname;
    const file = req.method === "GET" ? files.get(path) : undefined;
    if (file) {
      res.writeHead(200, { "content-type": file.type, "content-encoding": "gzip", "content-length": file.gzip.length });
      res.end(file.gzip);
      return;
    }
    const headers = { ...req.headers, host: upstream.host };
    const call = httpRequest({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers, agent }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    call.on("error", (e) => res.destroy(e));
    req.pipe(call);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({
        origin: `http://127.0.0.1:${port}`,
        close: () => new Promise((done) => (server.closeAllConnections(), agent.destroy(), server.close(done))),
      });
    });
  });
}

/**
 * One load of `page` in a fresh context of `browser`: the time to the first
 * get's result, the bytes received, and the .wasm's requests. `linger`
 * keeps the page open that many ms after load, for Chromium's warning about
 * an unused preload.
 */
async function load(browser, origin, page, op, linger) {
  const context = await browser.newContext();
  const tab = await context.newPage();
  const problems = [];
  tab.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  tab.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
  });
  const cdp = await context.newCDPSession(tab);
  const received = new Map();
  const urls = new Map();
  cdp.on("Network.requestWillBeSent", (e) => urls.set(e.requestId, e.request.url));
  cdp.on("Network.loadingFinished", (e) => received.set(e.requestId, e.encodedDataLength));
  cdp.on("Log.entryAdded", ({ entry }) => {
    if (entry.level === "warning" || entry.level === "error") problems.push(`log ${entry.level}: ${entry.text}`);
  });
  await cdp.send("Network.enable");
  await cdp.send("Log.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", { offline: false, ...LINK });
  await tab.goto(`${origin}/${page.key}/index.html?op=${encodeURIComponent(op)}`);
  await tab.waitForFunction(() => window.coldStart, null, { timeout: 30_000 });
  const result = await tab.evaluate(() => window.coldStart);
  // When each part arrived, and when the get was sent, from navigation start.
  const timeline = await tab.evaluate((wasm) => {
    const [nav] = performance.getEntriesByType("navigation");
    const resources = performance.getEntriesByType("resource");
    const of = (test) => resources.find((r) => test(new URL(r.name).pathname));
    const js = of((p) => p.endsWith("/main.js"));
    const bin = of((p) => p.endsWith(`/${wasm}`));
    const rpc = of((p) => p.startsWith("/google.longrunning.Operations/"));
    return { html: nav.responseEnd, js: js?.responseEnd, wasm: bin?.responseEnd, sent: rpc?.startTime, answered: rpc?.responseEnd };
  }, WASM);
  if (linger) await tab.waitForTimeout(linger);
  await context.close();
  if (result.name !== op) throw new Error(`${page.key}: got ${result.name}, asked ${op}`);
  const wasmFetches = [...urls.values()].filter((u) => new URL(u).pathname.endsWith(WASM)).length;
  if (problems.length) throw new Error(`${page.key}: ${problems.join("; ")}`);
  if (wasmFetches > (page.wasm ? 1 : 0)) throw new Error(`${page.key}: the .wasm was fetched ${wasmFetches} times`);
  const bytes = [...received.values()].reduce((a, b) => a + b, 0);
  return { ms: result.ms, bytes, requests: urls.size, timeline };
}

/**
 * P13 against the reference server at `base`: `runs` loads of each page,
 * alternated. Resolves with `[{ ...page, ms: [], bytes: [], requests }]` and
 * the browser's version.
 */
export async function coldStart(base, runs = 15) {
  const files = await buildPages();
  const { origin, close } = await serve(files, base);
  const op = await startJob(base, { durationMs: 3_600_000, steps: 100 });
  const browser = await launch();
  const results = PAGES.map((page) => ({ ...page, ms: [], bytes: [], timelines: [], requests: 0 }));
  try {
    // A load of each first, not counted: the server's and Chromium's own
    // first-time work.
    for (const page of PAGES) await load(browser, origin, page, op, 0);
    for (let run = 0; run < runs; run++) {
      for (let i = 0; i < PAGES.length; i++) {
        const r = results[(run + i) % PAGES.length];
        const measured = await load(browser, origin, r, op, run === 0 && r.preload ? 4000 : 0);
        r.ms.push(measured.ms);
        r.bytes.push(measured.bytes);
        r.timelines.push(measured.timeline);
        r.requests = measured.requests;
      }
    }
    return { pages: results, chromium: browser.version() };
  } finally {
    await browser.close();
    await close();
  }
}

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** P13's rows of the bench's first table (measure, lro-web, connect-web, ratio). */
export function coldStartRows({ pages }) {
  const connect = pages.find((p) => p.key === "connect");
  const cell = (p) =>
    `${Math.round(quantile(p.ms, 0.5))} ms (p95 ${Math.round(quantile(p.ms, 0.95))} ms; ${(quantile(p.bytes, 0.5) / 1000).toFixed(1)} KB, ${p.requests} requests)`;
  const runs = connect.ms.length;
  const link = `${LINK.latency} ms RTT, ${(LINK.downloadThroughput * 8) / 1e6} Mbit/s`;
  return pages
    .filter((p) => p !== connect)
    .map((p) => [
      `P13 cold start on a slow link (${link}, gzip), navigation → first get's result, median (${runs} loads): ${p.label}`,
      cell(p),
      cell(connect),
      (quantile(p.ms, 0.5) / quantile(connect.ms, 0.5)).toFixed(2),
    ]);
}

/** P13's timeline: medians of when each part arrived, for a table of its own. */
export function coldStartTimeline({ pages }) {
  const at = (p, key) => {
    const values = p.timelines.map((t) => t[key]).filter((v) => v !== undefined);
    return values.length ? `${Math.round(quantile(values, 0.5))}` : "";
  };
  const lines = [
    "| P13 page: median ms from navigation start | HTML | main.js | .wasm | get sent | get answered | result in the page |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const p of pages) {
    lines.push(`| ${p.label} | ${["html", "js", "wasm", "sent", "answered"].map((k) => at(p, k)).join(" | ")} | ${Math.round(quantile(p.ms, 0.5))} |`);
  }
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const base = process.env.LRO_BENCH_URL;
  if (!base) throw new Error("LRO_BENCH_URL is not set");
  const result = await coldStart(base, Number(process.argv[2] ?? 15));
  console.log(`Chromium ${result.chromium}`);
  for (const cells of coldStartRows(result)) console.log(`| ${cells.join(" | ")} |`);
  console.log(`\n${coldStartTimeline(result).join("\n")}`);
}
