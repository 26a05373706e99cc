// lro-web in Node.js, Deno and Bun, as a user's code or tests call it: the
// packed package installed in this project, imported by name (the "node",
// "deno" and "bun" export conditions), `init()` with no argument, against the
// reference servers that scripts/test-runtimes.sh starts. Each runtime runs
// this file with its own runner of node:test. Counts come from the server.
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import process from "node:process";
import { before, test } from "node:test";

import init, { OperationsClient, isOperationError, isRpcError } from "lro-web";

import { rpcsOf, startJob, statsOf } from "../../www/jobs.js";

const url = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (scripts/test-runtimes.sh sets it)`);
  return value;
};
const base = url("LRO_CONSUMER_URL");
const noWait = url("LRO_NOWAIT_URL");
const auth = url("LRO_AUTH_URL");
const dead = url("LRO_DEAD_URL");

/** What a promise rejected with. */
async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail("it resolved");
}

before(() => init());

test("get, wait and result work with no page around", async () => {
  const client = new OperationsClient(base);
  assert.equal(client.tabRole, "alone", "no Web Locks: waits stay in the process");
  const name = await startJob(base, { durationMs: 600, steps: 2, label: "node" });
  const running = await client.get(name);
  assert.equal(running.done, false);
  const progress = [];
  const op = await client.wait(name, { onProgress: (o) => progress.push(o.done) });
  assert.equal(op.done, true);
  assert.ok(progress.length >= 1, "onProgress saw the states");
  const response = await client.result(name);
  assert.equal(response.typeUrl, "type.googleapis.com/lro.demo.v1.JobResult");
  assert.ok(Buffer.from(response.value).includes("node"), "the job's own result");
});

test("listAll and watch", async () => {
  const client = new OperationsClient(base);
  for (let i = 0; i < 3; i++) await startJob(base, { durationMs: 0, steps: 1 });
  const names = [];
  for await (const op of client.listAll("operations", { filter: "done=true", pageSize: 2 })) names.push(op.name);
  assert.ok(names.length >= 3, `${names.length} operations`);
  const name = await startJob(base, { durationMs: 1500, steps: 3 });
  const states = [];
  for await (const op of client.watch(name)) states.push(op.done);
  assert.equal(states.at(-1), true, "ends with the done state");
  assert.ok(states.length >= 2, `${states}`);
});

test("an abort rejects with the signal's reason; a deadline is DEADLINE_EXCEEDED", async () => {
  const client = new OperationsClient(base);
  const name = await startJob(base, { durationMs: 60_000, steps: 1 });
  const aborted = await rejection(client.wait(name, { signal: AbortSignal.timeout(200) }));
  assert.equal(aborted.name, "TimeoutError");
  const late = await rejection(client.result(name, { timeoutMs: 300 }));
  assert.ok(isRpcError(late));
  assert.equal(late.codeName, "DEADLINE_EXCEEDED");
});

test("an unreachable server is UNAVAILABLE; a failed operation is an OperationError", async () => {
  const down = await rejection(new OperationsClient(dead).get("operations/1"));
  assert.ok(isRpcError(down));
  assert.equal(down.codeName, "UNAVAILABLE");
  const name = await startJob(base, { durationMs: 100, steps: 1, failCode: 9, failMessage: "asked to fail" });
  const failed = await rejection(new OperationsClient(base).result(name));
  assert.ok(isOperationError(failed));
  assert.deepEqual([failed.codeName, failed.message], ["FAILED_PRECONDITION", "asked to fail"]);
});

test("UNAVAILABLE is retried; a server without WaitOperation is polled", async () => {
  const retried = await startJob(base, { durationMs: 200, steps: 1, unavailableCalls: 2, retryDelayMs: 100 });
  const op = await new OperationsClient(base).wait(retried, { backoff: { initialDelayMs: 50, maxDelayMs: 200 } });
  assert.equal(op.done, true);
  const polled = await startJob(noWait, { durationMs: 500, steps: 1 });
  const client = new OperationsClient(noWait);
  assert.equal((await client.wait(polled, { backoff: { initialDelayMs: 100, maxDelayMs: 300 } })).done, true);
  const { calls } = await statsOf(noWait, polled);
  assert.equal(calls.WaitOperation, 1, "one UNIMPLEMENTED, then polls");
  assert.ok(calls.GetOperation >= 1);
});

test("headers from a function are asked before each call", async () => {
  let asked = 0;
  const headers = () => (asked++, { authorization: `Bearer t-${Date.now() + 60_000}` });
  const client = new OperationsClient(auth, { headers });
  const name = await startJob(auth, { durationMs: 0, steps: 1 });
  // A job of 0 ms may still be running when the get arrives: its name says
  // the call went through.
  assert.equal((await client.get(name)).name, name);
  assert.equal(asked, 1);
  const refused = await rejection(new OperationsClient(auth).get(name));
  assert.equal(refused.codeName, "UNAUTHENTICATED");
});

// Measured in Node.js 20 (undici), 30 waits on 3 s jobs: with the browser's
// budget, 3 long-polls and 121 calls in all; lifted, 30 long-polls at once
// and one call each (README, "Node.js, Deno and Bun").
test("waits long-poll all at once: the runtime's fetch has no cap of 6 connections per host", async () => {
  const client = new OperationsClient(base);
  assert.ok(client instanceof OperationsClient);
  await statsOf(base, "", { resetPeak: true });
  const names = await Promise.all(Array.from({ length: 30 }, () => startJob(base, { durationMs: 3000, steps: 1 })));
  const ops = await Promise.all(names.map((name) => client.wait(name)));
  assert.ok(ops.every((op) => op.done));
  assert.equal((await statsOf(base, "")).peakOpenWaits, 30, "30 long-polls open at once");
  let calls = 0;
  for (const name of names) calls += await rpcsOf(base, name);
  assert.equal(calls, 30, "one WaitOperation each");
  const budgeted = new OperationsClient(base, { http2: false });
  await statsOf(base, "", { resetPeak: true });
  const more = await Promise.all(Array.from({ length: 6 }, () => startJob(base, { durationMs: 1500, steps: 1 })));
  await Promise.all(more.map((name) => budgeted.wait(name)));
  assert.equal((await statsOf(base, "")).peakOpenWaits, 3, "http2: false keeps the browser's budget of 3");
});

test("lro-web/registry loads its own module from disk too", async () => {
  const registry = await import("lro-web/registry");
  await registry.default();
  const client = new registry.OperationsClient(base);
  const name = await startJob(base, { durationMs: 0, steps: 1 });
  assert.equal((await client.wait(name)).done, true);
});
