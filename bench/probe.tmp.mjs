import { startJob } from "/work/main/www/jobs.js";
import { launch, open } from "/work/main/tests/e2e/browser.mjs";
const base = process.env.LRO_BENCH_URL;
const n = Number(process.env.N ?? 30);
if (process.env.SEED) for (let i = 0; i < 1000; i++) await startJob(base, { durationMs: 3_600_000, steps: 100 });
const browser = await launch();
const page = await open(browser, `${base}/index.html`);
await page.waitForFunction(() => document.getElementById("out")?.textContent === "ready", null, { timeout: 60_000 });
const q = (v) => { const s = [...v].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const floor = await page.evaluate(async (n) => {
  const name = new TextEncoder().encode("operations");
  const msg = new Uint8Array([0x10, 0xe8, 0x07, 0x22, name.length, ...name]);
  const body = new Uint8Array([0, 0, 0, 0, msg.length, ...msg]);
  const out = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const r = await fetch(location.origin + "/google.longrunning.Operations/ListOperations", { method: "POST", body, headers: { "content-type": "application/grpc-web+proto", "x-grpc-web": "1", accept: "application/grpc-web+proto" } });
    const b = await r.arrayBuffer();
    out.push(performance.now() - t);
    if (b.byteLength < 1000) throw new Error("short");
  }
  return out;
}, n);
const list = await page.evaluate(([n, size]) => window.bench.list(n, size), [n, 1000]);
console.log("floor", q(floor).toFixed(2), "lro", q(list.lro).toFixed(2), "connect", q(list.connect).toFixed(2), "ratio", (q(list.lro) / q(list.connect)).toFixed(2));
if (process.env.GETS) {
  const get = await page.evaluate(([n]) => window.bench.get(n, "operations/1"), [Number(process.env.GETS)]);
  console.log("get lro", q(get.lro).toFixed(2), "connect", q(get.connect).toFixed(2));
}
await browser.close();
