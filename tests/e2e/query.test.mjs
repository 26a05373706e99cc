// lro-web/query in a React page (tests/consumer/query.html, built by Vite):
// useQuery(operationQueryOptions(…)) against the reference server, in headless
// Chromium. Counts come from the server.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { startJob, statsOf } from "../../www/jobs.js";
import { envUrl, launch, openReady } from "./browser.mjs";
import { rpcsOf, serverSees } from "./server.mjs";

const base = envUrl("LRO_CONSUMER_URL");
let browser;
before(async () => (browser = await launch()));
after(() => browser?.close());

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const page = () => openReady(browser, `${base}/dist/query.html`);
const show = (p, names) => p.evaluate((n) => window.show(n), names);
const rendered = (p) => p.evaluate(() => window.rendered);

/** Once every component of `p` has rendered a done state; what they rendered. */
async function allDone(p) {
  await p.waitForFunction(() => window.rendered.every((r) => r.states.at(-1)?.done), null, { timeout: 20_000 });
  return rendered(p);
}

test("progress arrives live, for fewer calls than polling every second", async (t) => {
  const p = await page();
  const durationMs = 6000;
  const name = await startJob(base, { durationMs, steps: 3, label: "query" });
  await show(p, [name]);
  const [{ states }] = await allDone(p);
  const running = states.filter((s) => !s.done);
  assert.ok(running.length >= 2, `the first state and an update before done: ${JSON.stringify(states)}`);
  const calls = await rpcsOf(base, name);
  const polling = durationMs / 1000 + 1;
  t.diagnostic(`${states.length} states rendered, ${running.length} running; ${calls} calls`);
  assert.ok(calls < polling, `${calls} calls, where polling every second makes ${polling}`);
  assert.deepEqual(p.problems, []);
});

test("two components on one operation share one loop", async (t) => {
  const p = await page();
  const [shared, alone] = await Promise.all([0, 1].map(() => startJob(base, { durationMs: 3000, steps: 3 })));
  await show(p, [shared, shared, alone]);
  const seen = await allDone(p);
  assert.equal(seen.length, 3);
  const [twice, once] = [await rpcsOf(base, shared), await rpcsOf(base, alone)];
  t.diagnostic(`two components: ${twice} calls; one: ${once}`);
  assert.ok(twice <= once + 1, `two components cost ${twice} calls, one ${once}`);
});

test("unmounting the last component stops the calls", async () => {
  const p = await page();
  const name = await startJob(base, { durationMs: 60_000, steps: 1 });
  await show(p, [name, name]);
  await serverSees(base, name, (s) => s.openWaits === 1, "the long-poll open");
  await show(p, [name]);
  await pause(2500); // longer than a hold (2 s): a loop still running would have asked again
  assert.equal((await statsOf(base, name)).openWaits, 1, "one component left: the wait goes on");
  const before = await rpcsOf(base, name);
  await show(p, []);
  await serverSees(base, name, (s) => s.openWaits === 0, "the long-poll closed");
  await pause(2500);
  assert.equal(await rpcsOf(base, name), before, "no call after the last component left");
});
