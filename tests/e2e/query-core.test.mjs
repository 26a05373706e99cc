// lro-web/query with TanStack's framework-free core (@tanstack/query-core),
// in Node.js against the reference server: the mutations, the lists, the
// errors and the caller's signal. The React page's test is query.test.mjs.
// Counts come from the server.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { InfiniteQueryObserver, MutationObserver, QueryClient, QueryObserver } from "@tanstack/query-core";
import init, { OperationsClient, isOperationError, isRpcError } from "lro-web";
import {
  cancelMutationOptions,
  deleteMutationOptions,
  operationKey,
  operationQueryOptions,
  operationsInfiniteQueryOptions,
  resultQueryOptions,
} from "lro-web/query";

import { startJob, statsOf } from "../../www/jobs.js";
import { envUrl } from "./browser.mjs";
import { serverSees } from "./server.mjs";

const base = envUrl("LRO_CONSUMER_URL");
let cache;
before(async () => {
  await init();
  cache = new QueryClient();
});
after(() => cache.clear());

/** Resolves with the observer's first result that `check` accepts. */
function until(observer, check) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the query never got there")), 15_000);
    const see = (result) => check(result) && (clearTimeout(timer), stop(), resolve(result));
    const stop = observer.subscribe(see);
    see(observer.getCurrentResult());
  });
}

test("cancel: the watch brings the cancelled state, and the lists refetch", async () => {
  const client = new OperationsClient(base);
  const name = await startJob(base, { durationMs: 60_000, steps: 1 });
  const live = new QueryObserver(cache, operationQueryOptions(client, name));
  await until(live, (r) => r.data?.done === false);
  const lists = new InfiniteQueryObserver(cache, operationsInfiniteQueryOptions(client, "operations", { pageSize: 5 }));
  const stopLists = lists.subscribe(() => {});
  await until(lists, (r) => r.isSuccess);
  const listed = (await statsOf(base, "")).calls.ListOperations ?? 0;
  await new MutationObserver(cache, cancelMutationOptions(client)).mutate(name);
  const { data } = await until(live, (r) => r.data?.done);
  assert.equal(data.error?.codeName, "CANCELLED");
  await serverSees(base, "", (s) => (s.calls.ListOperations ?? 0) > listed, "the list asked again");
  stopLists();
});

test("delete: the operation's queries stop and leave the cache", async () => {
  const client = new OperationsClient(base);
  const name = await startJob(base, { durationMs: 60_000, steps: 1 });
  const live = new QueryObserver(cache, operationQueryOptions(client, name));
  const stop = live.subscribe(() => {});
  await serverSees(base, name, (s) => s.openWaits === 1, "the long-poll open");
  await new MutationObserver(cache, deleteMutationOptions(client)).mutate(name);
  assert.equal(cache.getQueryCache().find({ queryKey: operationKey(client, name) }), undefined);
  await serverSees(base, name, (s) => s.openWaits === 0, "the long-poll closed");
  stop();
});

test("errors are lro-web's: an RpcError, an OperationError; the caller's signal aborts", async () => {
  const client = new OperationsClient(base);
  const missing = await cache
    .fetchQuery(operationQueryOptions(client, "operations/999999999"))
    .catch((e) => e);
  assert.ok(isRpcError(missing), String(missing));
  assert.equal(missing.codeName, "NOT_FOUND");
  const failing = await startJob(base, { durationMs: 100, steps: 1, failCode: 9, failMessage: "asked to fail" });
  const failed = await cache.fetchQuery(resultQueryOptions(client, failing)).catch((e) => e);
  assert.ok(isOperationError(failed), String(failed));
  assert.equal(failed.message, "asked to fail");
  const long = await startJob(base, { durationMs: 60_000, steps: 1 });
  const signal = AbortSignal.timeout(300);
  const aborted = await cache.fetchQuery(operationQueryOptions(client, long, { signal })).catch((e) => e);
  assert.equal(aborted.name, "TimeoutError");
  await serverSees(base, long, (s) => s.openWaits === 0, "the long-poll closed");
});
