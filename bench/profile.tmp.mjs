import { launch, open } from "/work/main/tests/e2e/browser.mjs";
const base = process.env.LRO_BENCH_URL;
const which = process.env.WHICH ?? "lro";
const browser = await launch();
const page = await open(browser, `${base}/index.html`);
await page.waitForFunction(() => document.getElementById("out")?.textContent === "ready", null, { timeout: 60_000 });
const cdp = await page.context().newCDPSession(page);
await cdp.send("Profiler.enable");
await cdp.send("Profiler.setSamplingInterval", { interval: 50 });
await page.evaluate(() => window.bench.list(5, 1000));
await cdp.send("Profiler.start");
const t = await page.evaluate(async ([which]) => {
  const out = [];
  const c = window.clients;
  for (let i = 0; i < 60; i++) {
    const t = performance.now();
    if (which === "lro") await c.lro.list("operations", { pageSize: 1000 });
    else await c.connect.listOperations({ name: "operations", pageSize: 1000 });
    out.push(performance.now() - t);
  }
  return out;
}, [which]);
const { profile } = await cdp.send("Profiler.stop");
const self = new Map();
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const dt = profile.timeDeltas; let total = 0;
const counts = new Map();
for (let i = 0; i < profile.samples.length; i++) { const id = profile.samples[i]; counts.set(id, (counts.get(id) ?? 0) + (dt[i] ?? 0)); }
for (const [id, us] of counts) { const n = byId.get(id); const key = `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber}`; self.set(key, (self.get(key) ?? 0) + us); total += us; }
console.log("median", t.sort((a,b)=>a-b)[30]);
console.log("total sampled ms", (total / 1000).toFixed(1));
for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log((us / 1000).toFixed(1).padStart(7), k);
await browser.close();
