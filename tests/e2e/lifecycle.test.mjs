// Waits that ride out the real world, end to end in headless Chromium
// against the reference server: the network going away (the browser offline,
// and the server cutting every connection) while the operations finish, then
// coming back; and a page frozen while its long-poll's connection dies, then
// resumed. Each wait must resolve promptly once the page can ask again, and
// spend no calls while it cannot.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { startJob } from "../../www/jobs.js";
import { envUrl, launch } from "./browser.mjs";

const base = envUrl("LRO_CONSUMER_URL");
let browser;
before(async () => (browser = await launch()));
after(() => browser?.close());

/** A fresh context (its own network emulation) with the plain page ready. */
async function plainPage() {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/plain.html`);
  await page.waitForFunction(() => document.getElementById("out")?.textContent === "ready");
  return { context, page };
}

/** The server cuts every gRPC-Web call, arriving or in flight, for `ms` (0 ends it). */
async function outage(ms) {
  const response = await fetch(`${base}/fault/outage?ms=${ms}`, { method: "POST" });
  assert.equal(response.status, 204);
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

for (const mode of ["auto", "poll"]) {
  test(`every wait resolves promptly when the network comes back (${mode})`, async () => {
    const { context, page } = await plainPage();
    const names = [];
    for (let i = 0; i < 4; i++) names.push(await startJob(base, { durationMs: 2500, steps: 1 }));
    await page.evaluate(([names, mode]) => window.startWaits(names, { mode }), [names, mode]);
    await pause(800);
    await context.setOffline(true);
    await outage(5000);
    await pause(300);
    const before = await page.evaluate(() => window.fetches);
    await pause(4000); // the jobs end meanwhile
    const state = await page.evaluate(() => ({ fetches: window.fetches, resolved: window.resolvedAt }));
    assert.equal(state.fetches - before, 0, "no call is spent while the browser is offline");
    assert.deepEqual(state.resolved, [null, null, null, null], "nothing resolves while offline");
    await outage(0);
    await context.setOffline(false);
    await page.waitForFunction(() => window.resolvedAt.every((t) => t !== null), null, { timeout: 5000 });
    const { resolved, onlineAt } = await page.evaluate(() => ({ resolved: window.resolvedAt, onlineAt: window.onlineAt }));
    assert.ok(resolved.every((t) => t > 0), `every wait resolves done: ${resolved}`);
    const worst = Math.max(...resolved.map((t) => t - onlineAt));
    assert.ok(worst < 1000, `the last wait resolved ${worst.toFixed(0)} ms after online`);
    console.log(`# ${mode}: online to resolved, worst ${worst.toFixed(0)} ms`);
    await context.close();
  });
}

// Headless Chromium 156 does not freeze a page through the DevTools
// Protocol's Page.setWebLifecycleState: measured, its timers run on and
// neither `freeze` nor `resume` fires. So the page's long-poll is left on a
// connection that dies (the server cuts it) and the operation ends, as across
// a freeze; then the test dispatches the `resume` event that Chromium fires
// on the document when a frozen page runs again.
test("a wait whose long-poll died while the page was frozen resolves promptly on resume", async () => {
  // A long backoff: without the resume, the failed long-poll's retry waits
  // up to 8 s. The pause is drawn at random: when it happens to end before
  // the resume, the wait has nothing left to show, and the scenario runs again.
  const options = { backoff: { initialDelayMs: 8000, maxDelayMs: 8000 } };
  for (let attempt = 1; ; attempt++) {
    const { context, page } = await plainPage();
    const name = await startJob(base, { durationMs: 1500, steps: 1 });
    await page.evaluate(([names, options]) => window.startWaits(names, options), [[name], options]);
    await pause(500);
    await outage(2500); // the long-poll in flight dies with its connection
    await pause(3000); // the job ends meanwhile
    if ((await page.evaluate(() => window.resolvedAt[0])) !== null && attempt < 4) {
      await context.close();
      continue;
    }
    await page.evaluate(() => document.dispatchEvent(new Event("resume")));
    await page.waitForFunction(() => window.resolvedAt[0] !== null, null, { timeout: 5000 });
    const { resolved, resumedAt } = await page.evaluate(() => ({ resolved: window.resolvedAt[0], resumedAt: window.resumedAt }));
    assert.ok(resolved > 0, "the wait resolves done");
    assert.ok(resolved - resumedAt < 1000, `resolved ${(resolved - resumedAt).toFixed(0)} ms after resume`);
    console.log(`# resume to resolved: ${(resolved - resumedAt).toFixed(0)} ms (attempt ${attempt})`);
    await context.close();
    return;
  }
});
