// listAll and watch, end to end in headless Chromium through the packed
// package against the reference server; call counts come from the server.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { startJob, statsOf } from "../../www/jobs.js";
import { envUrl, launch, openReady } from "./browser.mjs";
import { outage, rpcsOf, serverSees } from "./server.mjs";

const base = envUrl("LRO_CONSUMER_URL");
let browser, page;
before(async () => {
  browser = await launch();
  page = await openReady(browser, `${base}/plain.html`);
});
after(() => browser?.close());

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const listCalls = async () => (await statsOf(base, "")).calls.ListOperations ?? 0;

test("listAll walks every page in order, lazily", async () => {
  for (let i = 0; i < 30; i++) await startJob(base, { durationMs: 0, steps: 1 });
  // The same pages by hand, with list.
  const byHand = await page.evaluate(async () => {
    const { default: init, OperationsClient } = await import("./node_modules/lro-web/dist/index.js");
    await init();
    const client = new OperationsClient(location.origin);
    const names = [];
    let pageToken = "";
    do {
      const p = await client.list("operations", { filter: "done=true", pageSize: 25, pageToken });
      names.push(...p.operations.map((op) => op.name));
      pageToken = p.nextPageToken;
    } while (pageToken);
    return names;
  });
  const { names } = await page.evaluate(() => window.listAllNames({ filter: "done=true", pageSize: 25 }));
  assert.ok(names.length >= 30);
  assert.deepEqual(names, byHand, "every operation of every page, in order");

  const calls = await listCalls();
  const taken = await page.evaluate(() => window.listAllNames({ pageSize: 25 }, { take: 30 }));
  assert.equal(taken.names.length, 30);
  assert.equal((await listCalls()) - calls, 2, "30 operations of pages of 25: 2 ListOperations calls");
});

test("an error or an abort mid-iteration rejects the pending next and ends it", async () => {
  const failed = await page.evaluate(() => window.listAllNames({ pageSize: 5 }, { afterFirstPage: "outage" }));
  assert.equal(failed.names.length, 5, "the first page is given");
  assert.equal(failed.error, "UNAVAILABLE");
  await outage(base, 0); // the page's outage ends
  const aborted = await page.evaluate(() => window.listAllNames({ pageSize: 5 }, { afterFirstPage: "abort" }));
  assert.equal(aborted.names.length, 5);
  assert.equal(aborted.error, "AbortError");
});

test("watch yields each new state in order and ends with the done one", async () => {
  const name = await startJob(base, { durationMs: 3000, steps: 3 });
  const states = await page.evaluate((name) => window.watchStates(name), name);
  assert.equal(states.at(-1), "done");
  const percents = states.slice(0, -1);
  assert.ok(percents.length >= 2, `${states}`);
  assert.deepEqual(percents, [...percents].sort((a, b) => a - b), `in order: ${states}`);
  assert.equal(new Set(percents).size, percents.length, `each state once: ${states}`);
});

test("break stops the calls, and a slow consumer gets the latest state", async () => {
  const name = await startJob(base, { durationMs: 30_000, steps: 300 });
  const taken = await page.evaluate((name) => window.watchStates(name, { longPollMs: 100 }, 2, 1500), name);
  assert.equal(taken.length, 2);
  assert.ok(taken[1] - taken[0] >= 3, `the second state is the latest, not the next: ${taken}`);
  await serverSees(base, name, (stats) => stats.openWaits === 0, "the long-poll closed");
  const calls = await rpcsOf(base, name);
  // A loop left running would call again within its 100 ms holds and 1 s pauses.
  await pause(1500);
  assert.equal(await rpcsOf(base, name), calls, "no call after the break");
  assert.equal((await statsOf(base, name)).openWaits, 0);
});

test("a watch and a wait on one operation share one loop", async () => {
  const name = await startJob(base, { durationMs: 2500, steps: 5 });
  await statsOf(base, "", { resetPeak: true });
  const [states, done] = await page.evaluate(
    (name) => Promise.all([window.watchStates(name), window.waitAlong(name)]),
    name,
  );
  const { peakOpenWaits } = await statsOf(base, "");
  assert.equal(states.at(-1), "done");
  assert.equal(done, true);
  assert.equal(peakOpenWaits, 1, "one WaitOperation in flight at a time");
  const total = await rpcsOf(base, name);
  assert.ok(total <= 6, `${total} RPCs for a 2.5 s job watched with 1 s holds`);
});
