// lro-web/persist in headless Chromium against the reference server
// (tests/consumer/persist.html): waits resumed after a reload, finished by
// another page of the app when theirs closed, found with one call when no
// page was open, and bad data, a full store and a deleted operation handled.
// Each test has its own records' key. Counts come from the server.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { startJob } from "../../www/jobs.js";
import { envUrl, launch, openReady } from "./browser.mjs";
import { asked, rpcsOf, serverSees } from "./server.mjs";

const base = envUrl("LRO_CONSUMER_URL");
let browser;
before(async () => (browser = await launch()));
after(() => browser?.close());

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let keys = 0;
const newKey = () => `test-${process.pid}-${++keys}`;

/** A page of `context` on the persisted page with records' key `key`; it counts its console warnings. */
async function persistPage(context, key, max) {
  const page = await openReady(context, `${base}/persist.html?key=${key}${max ? `&max=${max}` : ""}`);
  watchWarnings(page);
  return page;
}
function watchWarnings(page) {
  page.warnings = [];
  page.on("console", (m) => m.type() === "warning" && page.warnings.push(m.text()));
}
async function reload(page) {
  await page.reload();
  await page.waitForFunction(() => document.getElementById("out")?.textContent === "ready");
}
const pending = (page) => page.evaluate(() => window.pendingNow());
const resume = (page) => page.evaluate(() => window.resumeAll());
const start = (page, name, options = {}) => page.evaluate(([n, o]) => window.startWait(n, o), [name, options]);

test("a wait resumes after a reload, its outcome delivered once; no header is stored", async () => {
  const context = await browser.newContext();
  const key = newKey();
  const page = await persistPage(context, key);
  const name = await startJob(base, { durationMs: 1500, steps: 1 });
  await start(page, name);
  await asked(base, [name]);
  assert.doesNotMatch(await page.evaluate(() => window.stored()), /secret-token/);
  await reload(page);
  assert.deepEqual(await pending(page), [{ name, settled: false, done: null, deadline: null }]);
  assert.deepEqual(await resume(page), [{ name, done: true, error: null }]);
  await reload(page);
  assert.deepEqual(await pending(page), [], "a taken outcome is not kept");
  assert.deepEqual(await resume(page), []);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test("a closed page's wait is finished by another page and delivered, with no call, to the page that comes back", async () => {
  const context = await browser.newContext();
  const key = newKey();
  const first = await persistPage(context, key); // the keeper, while it lives
  const other = await persistPage(context, key);
  const name = await startJob(base, { durationMs: 1500, steps: 1 });
  await start(first, name);
  await asked(base, [name]);
  await first.close();
  await other.waitForFunction(() => window.pendingNow()[0]?.settled, null, { timeout: 10_000 });
  const calls = await rpcsOf(base, name);
  const back = await persistPage(context, key);
  assert.deepEqual(await pending(back), [{ name, settled: true, done: true, deadline: null }]);
  assert.deepEqual(await resume(back), [{ name, done: true, error: null }]);
  assert.equal(await rpcsOf(base, name), calls, "the outcome came from the store");
  await reload(back);
  assert.deepEqual(await pending(back), []);
  assert.deepEqual(await pending(other), [], "taken for every page of the origin");
  await context.close();
});

test("with no page open nothing runs; the next page finds the operation done with one call", async () => {
  const context = await browser.newContext();
  const key = newKey();
  const page = await persistPage(context, key);
  const name = await startJob(base, { durationMs: 1000, steps: 1 });
  await start(page, name);
  await asked(base, [name]);
  await page.close(); // the context (the profile, its storage) stays
  const closedAt = await rpcsOf(base, name);
  await serverSees(base, name, (s) => s.openWaits === 0, "the long-poll closed with its page");
  await pause(1500); // the job ends meanwhile
  assert.equal(await rpcsOf(base, name), closedAt, "no call while no page is open");
  const back = await persistPage(context, key);
  assert.deepEqual(await resume(back), [{ name, done: true, error: null }]);
  assert.equal(await rpcsOf(base, name), closedAt + 1, "one call");
  await context.close();
});

test("two pages that resume one operation share one loop", async () => {
  const context = await browser.newContext();
  const key = newKey();
  const page = await persistPage(context, key);
  const [shared, alone] = await Promise.all([0, 1].map(() => startJob(base, { durationMs: 2500, steps: 1 })));
  await start(page, shared);
  await asked(base, [shared]);
  await page.close();
  const [a, b] = [await persistPage(context, key), await persistPage(context, key)];
  const [fromA, fromB] = await Promise.all([resume(a), resume(b)]);
  assert.deepEqual(fromA, [{ name: shared, done: true, error: null }]);
  assert.deepEqual(fromB, [{ name: shared, done: true, error: null }]);
  await a.evaluate((name) => window.startWait(name), alone);
  await a.waitForFunction((name) => window.outcomes[name] !== undefined, alone);
  const [twice, once] = [await rpcsOf(base, shared), await rpcsOf(base, alone)];
  assert.ok(twice <= once + 2, `two pages' resumes cost ${twice} calls, one wait ${once}`);
  await context.close();
});

test("damaged, foreign and old records are dropped with one warning; past their deadline, records go; at most N are kept", async () => {
  const context = await browser.newContext();
  const key = newKey();
  const page = await persistPage(context, key, 3);
  for (const bad of ["{not json", JSON.stringify({ v: 0, waits: {} }), JSON.stringify({ v: 1, waits: { "operations/1": { startedAt: "yesterday" } } })]) {
    await page.evaluate(([k, text]) => localStorage.setItem(`lro-web persist ${k}`, text), [key, bad]);
    await reload(page);
    assert.deepEqual(await pending(page), [], bad);
    assert.equal(page.warnings.length, 1, `one warning for ${bad}: ${page.warnings}`);
    assert.deepEqual(page.problems, []);
    page.warnings.length = 0;
  }
  const running = await Promise.all([0, 1, 2, 3, 4].map(() => startJob(base, { durationMs: 60_000, steps: 1 })));
  for (const name of running) await start(page, name, { timeoutMs: 1500 });
  await reload(page);
  const kept = await pending(page);
  assert.deepEqual(kept.map((p) => p.name).sort(), running.slice(2).sort(), "the newest 3");
  await pause(Math.max(0, Math.max(...kept.map((p) => p.deadline)) - Date.now()) + 100);
  assert.deepEqual(await pending(page), [], "past their deadline");
  await context.close();
});

test("a full store leaves the wait running, with one warning", async () => {
  const context = await browser.newContext();
  const key = newKey();
  const page = await persistPage(context, key);
  await page.evaluate(() => {
    const block = "x".repeat(1 << 20);
    for (let i = 0; ; i++) {
      try {
        localStorage.setItem(`filler ${i}`, block);
      } catch {
        break;
      }
    }
    for (let size = 1 << 19; size > 0; size >>= 1) {
      try {
        localStorage.setItem(`filler small ${size}`, "x".repeat(size));
      } catch {
        // the next, smaller
      }
    }
  });
  const name = await startJob(base, { durationMs: 300, steps: 1 });
  await start(page, name);
  await page.waitForFunction((n) => window.outcomes[n] !== undefined, name);
  assert.equal(await page.evaluate((n) => window.outcomes[n], name), true);
  assert.equal(page.warnings.length, 1, `${page.warnings}`);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test("an operation deleted on the server settles as NOT_FOUND once, and its record goes", async () => {
  const context = await browser.newContext();
  const key = newKey();
  const page = await persistPage(context, key);
  const name = await startJob(base, { durationMs: 60_000, steps: 1 });
  await start(page, name);
  await asked(base, [name]);
  await reload(page);
  await page.evaluate(async (n) => {
    const { OperationsClient } = await import("./node_modules/lro-web/dist/index.js");
    await new OperationsClient(location.origin).delete(n);
  }, name);
  assert.deepEqual(await resume(page), [{ name, done: null, error: "NOT_FOUND" }]);
  await reload(page);
  assert.deepEqual(await pending(page), []);
  await context.close();
});
