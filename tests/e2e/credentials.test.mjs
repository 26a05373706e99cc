// Headers from a function and the onCall hook, end to end in headless
// Chromium through the packed package, against a reference server that asks
// for a bearer token (`--auth`: `t-<expiry ms>`); counts come from the server.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { startJob, statsOf } from "../../www/jobs.js";
import { envUrl, launch, openReady } from "./browser.mjs";

const base = envUrl("LRO_CONSUMER_URL");
const auth = envUrl("LRO_AUTH_URL");
let browser, page;
before(async () => {
  browser = await launch();
  page = await openReady(browser, `${base}/plain.html`);
});
after(() => browser?.close());

test("listAll asks an async headers function for every page; the hook sees each", async () => {
  for (let i = 0; i < 5; i++) await startJob(auth, { durationMs: 0, steps: 1 });
  const before = (await statsOf(auth, "")).calls.ListOperations ?? 0;
  const seen = await page.evaluate(async (url) => {
    const { default: init, OperationsClient } = await import("./node_modules/lro-web/dist/index.js");
    await init();
    let asked = 0;
    const outcomes = [];
    const client = new OperationsClient(url, {
      headers: async () => {
        asked++;
        await new Promise((resolve) => setTimeout(resolve, 5));
        return { authorization: `Bearer t-${Date.now() + 60_000}` };
      },
      onCall: (call) => (outcome) => outcomes.push(`${call.method} ${outcome.codeName}`),
    });
    const names = [];
    for await (const op of client.listAll("operations", { pageSize: 2 })) names.push(op.name);
    let refused;
    try {
      for await (const op of new OperationsClient(url).listAll("operations")) void op;
    } catch (e) {
      refused = e.codeName;
    }
    return { names: names.length, asked, outcomes, refused };
  }, auth);
  const pages = (await statsOf(auth, "")).calls.ListOperations - before - 1;
  assert.ok(seen.names >= 5, `${seen.names} operations`);
  assert.ok(pages >= Math.ceil(seen.names / 2), `${pages} pages of 2`);
  assert.equal(seen.asked, pages, "the function was asked once per page");
  assert.deepEqual(seen.outcomes, Array(pages).fill("ListOperations OK"));
  assert.equal(seen.refused, "UNAUTHENTICATED", "without a token the server refuses");
  assert.deepEqual(page.problems, []);
});
