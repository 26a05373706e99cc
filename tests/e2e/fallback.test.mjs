// A server without WaitOperation, through the packed package: the page's
// clients learn it once, whichever client (this page's, or the one that runs
// the waits shared across tabs) first heard UNIMPLEMENTED. Counts come from
// the server.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { startJob, statsOf } from "../../www/jobs.js";
import { envUrl, launch, openReady } from "./browser.mjs";

const base = envUrl("LRO_CONSUMER_URL");
const noWait = envUrl("LRO_NOWAIT_URL");
let browser;
before(async () => (browser = await launch()));
after(() => browser?.close());

const quick = { backoff: { initialDelayMs: 50, maxDelayMs: 200 } };

test("without WaitOperation, only the first wait of a page asks for it", async () => {
  const page = await openReady(browser, `${base}/plain.html`);
  const names = [];
  for (let i = 0; i < 3; i++) names.push(await startJob(noWait, { durationMs: 400, steps: 1 }));
  const done = await page.evaluate(([b, n, o]) => window.waitsOn(b, n, o), [noWait, names, quick]);
  assert.deepEqual(done, [true, true, true]);
  const asked = [];
  for (const name of names) {
    const { calls } = await statsOf(noWait, name);
    asked.push(calls.WaitOperation ?? 0);
    assert.ok((calls.GetOperation ?? 0) >= 1, `${name} was polled`);
  }
  assert.deepEqual(asked, [1, 0, 0], "WaitOperation calls per wait");
  // Another client of the same page, on the same server, knows it too.
  const more = await startJob(noWait, { durationMs: 300, steps: 1 });
  assert.deepEqual(await page.evaluate(([b, n, o]) => window.waitsOn(b, n, o), [noWait, [more], quick]), [true]);
  assert.equal((await statsOf(noWait, more)).calls.WaitOperation ?? 0, 0);
  assert.deepEqual(page.problems, []);
  await page.close();
});
