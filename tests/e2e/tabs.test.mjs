// Waits shared across tabs: several pages of one browser context (one
// profile: one 6-connection pool per host, one origin's Web Locks and
// BroadcastChannel), through the packed package, against the reference
// server. Counts come from the server.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { startJob, statsOf } from "../../www/jobs.js";
import { envUrl, launch, openReady } from "./browser.mjs";
import { asked, rpcsOf, serverSees } from "./server.mjs";

const base = envUrl("LRO_CONSUMER_URL");
let browser;
before(async () => (browser = await launch()));
after(() => browser?.close());

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const job = (durationMs) => startJob(base, { durationMs, steps: 2 });

/** `n` pages of the consumer's plain page in one new context. */
async function tabs(n) {
  const context = await browser.newContext();
  const pages = [];
  for (let i = 0; i < n; i++) {
    pages.push(await openReady(context, `${base}/plain.html`));
  }
  return { context, pages };
}

const waitIn = (page, names, options, clientOptions) =>
  page.evaluate(([n, o, c]) => window.tabWaits(n, o, c), [names, options, clientOptions]);
const settled = (page) => page.evaluate(() => window.settled ?? {});
const role = (page) => page.evaluate(() => window.tabRole());

/** Polls until every name has settled in `page`; its records. */
async function allSettled(page, names, ms = 15_000) {
  const until = Date.now() + ms;
  for (;;) {
    const seen = await settled(page);
    if (names.every((name) => seen[name])) return names.map((name) => seen[name]);
    if (Date.now() > until) throw new Error(`not settled: ${names.filter((name) => !seen[name])}`);
    await pause(50);
  }
}

/** The names that have settled in any of `pages`. */
const settledIn = async (pages) => (await Promise.all(pages.map(settled))).flatMap(Object.keys);

/** The page that leads, once one does. */
async function leaderOf(pages) {
  for (let i = 0; i < 100; i++) {
    const roles = await Promise.all(pages.map(role));
    if (roles.includes("leader")) return pages[roles.indexOf("leader")];
    await pause(20);
  }
  throw new Error("no tab leads");
}

test("a get in a fourth tab while three tabs wait on 7 operations; one loop for the common one", async () => {
  const { context, pages } = await tabs(4);
  const common = await job(5000);
  const own = [];
  for (let i = 0; i < 3; i++) own.push([await job(5000), await job(5000)]);
  const lone = await job(5000);
  for (let i = 0; i < 3; i++) await waitIn(pages[i], [...own[i], common]);
  // The budget's 3 long-polls are held: the other 4 loops poll.
  await serverSees(base, "", (stats) => stats.openWaitsAll >= 3, "3 long-polls open");
  const done = await job(0);
  await pages[3].evaluate(async (name) => {
    const { default: init, OperationsClient } = await import("./node_modules/lro-web/dist/index.js");
    await init();
    await new OperationsClient(location.origin).get(name);
  }, done);
  // Starved of connections, the get would wait for a long-poll to end, and
  // none ends before its operation does.
  assert.deepEqual(await settledIn(pages.slice(0, 3)), [], "the get came back while every wait was still open");
  const { openWaitsAll: open } = await statsOf(base, "");
  assert.ok(open <= 3, `${open} long-polls open: one budget for the whole browser`);
  const roles = await Promise.all(pages.slice(0, 3).map(role));
  assert.equal(roles.filter((r) => r === "leader").length, 1, `${roles}`);
  await waitIn(pages[3], [lone]);
  for (let i = 0; i < 3; i++) {
    for (const outcome of await allSettled(pages[i], [...own[i], common])) {
      assert.equal(outcome.done, true);
      assert.equal(outcome.times, 1);
    }
  }
  await allSettled(pages[3], [lone]);
  const [shared, alone] = [await rpcsOf(base, common), await rpcsOf(base, lone)];
  assert.ok(shared <= alone + 1, `3 tabs' waits cost ${shared} RPCs, one wait ${alone}`);
  await context.close();
});

test("the leader closed mid-wait, then reloaded: every other tab's waits resolve once", async () => {
  const { context, pages } = await tabs(3);
  const names = [[await job(3000)], [await job(3000)], [await job(3000)]];
  const common = await job(3000);
  for (let i = 0; i < 3; i++) await waitIn(pages[i], [...names[i], common]);
  const leader = await leaderOf(pages);
  await asked(base, [...names.flat(), common]);
  await leader.close();
  const rest = pages.filter((p) => p !== leader);
  for (const page of rest) {
    const i = pages.indexOf(page);
    for (const outcome of await allSettled(page, [...names[i], common])) {
      assert.deepEqual([outcome.done, outcome.times], [true, 1]);
    }
  }
  // Now the leader reloads mid-wait.
  const again = [await job(3000), await job(3000)];
  const common2 = await job(3000);
  for (let i = 0; i < 2; i++) await waitIn(rest[i], [again[i], common2]);
  const second = await leaderOf(rest);
  await asked(base, [...again, common2]);
  await second.reload();
  const other = rest.find((p) => p !== second);
  const j = rest.indexOf(other);
  for (const outcome of await allSettled(other, [again[j], common2])) {
    assert.deepEqual([outcome.done, outcome.times], [true, 1]);
  }
  await context.close();
});

test("a follower's abort and budget are its own", async () => {
  const { context, pages } = await tabs(2);
  const name = await job(4000);
  const alone = await job(4000);
  await waitIn(pages[0], [name]);
  await leaderOf(pages);
  const follower = (await role(pages[0])) === "leader" ? pages[1] : pages[0];
  const outcome = await follower.evaluate(async ([name, alone]) => {
    const { default: init, OperationsClient } = await import("./node_modules/lro-web/dist/index.js");
    await init();
    const client = new OperationsClient(location.origin);
    const role = client.tabRole;
    // Its budget: the latest state when it passes (on an operation only it
    // waits on, so that the leader's loop for it asks for a state in time).
    const budget = await client.wait(alone, { timeoutMs: 400 });
    let aborted;
    try {
      await client.wait(name, { signal: AbortSignal.timeout(300) });
    } catch (e) {
      aborted = e.name;
    }
    let deadline;
    try {
      await client.result(alone, { timeoutMs: 300 });
    } catch (e) {
      deadline = e.codeName;
    }
    return { role: client.tabRole, before: role, budget: budget.done, aborted, deadline };
  }, [name, alone]);
  assert.equal(outcome.role, "follower");
  assert.equal(outcome.budget, false, "the budget passed: the latest state");
  assert.equal(outcome.aborted, "TimeoutError", "rejects with the signal's reason");
  assert.equal(outcome.deadline, "DEADLINE_EXCEEDED");
  const [first] = await allSettled(pages[0], [name]);
  assert.equal(first.done, true, "the other tab's wait went on");
  await context.close();
});

test("shareAcrossTabs: false waits in each tab", async () => {
  const { context, pages } = await tabs(3);
  const name = await job(3000);
  const lone = await job(3000);
  for (const page of pages) await waitIn(page, [name], undefined, { shareAcrossTabs: false });
  await waitIn((await tabs(1)).pages[0], [lone]);
  for (const page of pages) {
    const [outcome] = await allSettled(page, [name]);
    assert.equal(outcome.done, true);
    assert.equal(await role(page), "alone");
  }
  const [separate, alone] = [await rpcsOf(base, name), await rpcsOf(base, lone)];
  assert.ok(separate >= 3 * alone - 1, `3 tabs' own waits cost ${separate} RPCs, one wait ${alone}: ${JSON.stringify([(await statsOf(base, name)).calls, (await statsOf(base, lone)).calls])}`);
  await context.close();
});

for (const kind of ["dedicated", "shared"]) test(`a ${kind} worker shares the waits of the tabs`, async () => {
  const { context, pages } = await tabs(1);
  const common = await job(3000);
  const lone = await job(3000);
  await waitIn(pages[0], [common]);
  await leaderOf(pages);
  const fromWorker = await pages[0].evaluate(([name, kind]) => window.tabWorker(name, kind), [common, kind]);
  assert.deepEqual(fromWorker, { done: true, role: "follower", where: "undefined" });
  const [outcome] = await allSettled(pages[0], [common]);
  assert.equal(outcome.done, true);
  await waitIn(pages[0], [lone]);
  await allSettled(pages[0], [lone]);
  const [shared, alone] = [await rpcsOf(base, common), await rpcsOf(base, lone)];
  assert.ok(shared <= alone + 1, `a tab and a worker cost ${shared} RPCs, one wait ${alone}`);
  await context.close();
});

test("a follower's errors and results are those of an in-page wait", async () => {
  const { context, pages } = await tabs(2);
  const anchor = await job(4000);
  await waitIn(pages[0], [anchor]);
  const leader = await leaderOf(pages);
  const follower = pages.find((p) => p !== leader);
  const failing = await startJob(base, { durationMs: 200, steps: 1, failCode: 9, failMessage: "asked to fail" });
  const succeeding = await job(200);
  const seen = await follower.evaluate(async ([failing, succeeding]) => {
    const { default: init, OperationsClient } = await import("./node_modules/lro-web/dist/index.js");
    await init();
    const client = new OperationsClient(location.origin);
    const caught = async (promise) => {
      try {
        await promise;
        return "resolved";
      } catch (e) {
        return { name: e.name, codeName: e.codeName, message: e.message, details: e.details?.length, status: e.status?.codeName };
      }
    };
    const progress = [];
    const response = await client.result(succeeding, { onProgress: (op) => progress.push(op.done) });
    return {
      role: client.tabRole,
      notFound: await caught(client.wait("operations/987654321")),
      failed: await caught(client.result(failing)),
      response: response.typeUrl,
      progress,
    };
  }, [failing, succeeding]);
  assert.equal(seen.role, "follower");
  assert.equal(seen.notFound.name, "RpcError");
  assert.equal(seen.notFound.codeName, "NOT_FOUND");
  assert.ok(seen.notFound.details >= 1, "with its details");
  assert.deepEqual(
    [seen.failed.name, seen.failed.codeName, seen.failed.message, seen.failed.status],
    ["OperationError", "FAILED_PRECONDITION", "asked to fail", "FAILED_PRECONDITION"],
  );
  assert.ok(seen.failed.details >= 1, "the operation's error details");
  assert.equal(seen.response, "type.googleapis.com/lro.demo.v1.JobResult");
  assert.ok(seen.progress.length >= 1, "onProgress saw the states");
  await context.close();
});

test("without Web Locks, waits stay in-page", async () => {
  const { context, pages } = await tabs(1);
  const name = await job(500);
  const seen = await pages[0].evaluate(async (name) => {
    Object.defineProperty(navigator, "locks", { value: undefined });
    const { default: init, OperationsClient } = await import("./node_modules/lro-web/dist/index.js");
    await init();
    const client = new OperationsClient(location.origin);
    const op = await client.wait(name);
    return { done: op.done, role: client.tabRole };
  }, name);
  assert.deepEqual(seen, { done: true, role: "alone" });
  await context.close();
});

test("result's errors are the same objects in the tab that runs the wait and in a follower", async () => {
  const { context, pages } = await tabs(2);
  const warm = await job(3000);
  await waitIn(pages[0], [warm]);
  await waitIn(pages[1], [warm]);
  const leader = await leaderOf(pages);
  const follower = pages.find((p) => p !== leader);
  assert.equal(await role(follower), "follower");
  const failing = (failMessage) => startJob(base, { durationMs: 200, steps: 1, failCode: 9, failMessage });
  const names = [await failing(""), await failing("the disk is full"), await job(5000), "operations/404404404"];
  const [inLeader, inFollower] = [
    await leader.evaluate(([n]) => window.resultErrors(n, { timeoutMs: 600 }), [names]),
    await follower.evaluate(([n]) => window.resultErrors(n, { timeoutMs: 600 }), [names]),
  ];
  assert.deepEqual(inFollower, inLeader);
  const [empty, full, late, missing] = inLeader;
  assert.deepEqual(
    [empty.kind, empty.message, empty.codeName, empty.status.message, empty.failed],
    ["OperationError", "the operation failed with FAILED_PRECONDITION", "FAILED_PRECONDITION", "", true],
  );
  assert.deepEqual([full.message, full.code, full.rpc], ["the disk is full", 9, false]);
  assert.deepEqual([late.kind, late.codeName, late.message, late.rpc], ["RpcError", "DEADLINE_EXCEEDED", "deadline exceeded after 600 ms", true]);
  assert.deepEqual([missing.kind, missing.codeName, missing.isError], ["RpcError", "NOT_FOUND", true]);
  await context.close();
});
