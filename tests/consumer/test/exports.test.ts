// How a user tests their own code that calls lro-web: vitest, against a real
// server (lro-server here; the app's own staging server in a real project),
// in vitest's node environment and its happy-dom one (vitest.config.js). The
// URLs come from scripts/test-runtimes.sh.
import init, { OperationsClient } from "lro-web";
import { beforeAll, expect, test } from "vitest";

import { startJob, statsOf } from "../../../www/jobs.js";
import { runExport } from "../src/exports";

const url = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (scripts/test-runtimes.sh sets it)`);
  return value;
};
const base = url("LRO_CONSUMER_URL");
const dead = url("LRO_DEAD_URL");

beforeAll(() => init());

test("an export that succeeds is ready, its progress shown, for a few calls", async () => {
  const client = new OperationsClient(base);
  const outcome = await runExport(client, () => startJob(base, { durationMs: 900, steps: 3, label: "report" }));
  expect(outcome).toMatchObject({ status: "ready" });
  if (outcome.status !== "ready") return;
  expect(outcome.updates, "progress was shown").toBeGreaterThan(0);
  const { calls } = await statsOf(base, outcome.name);
  expect(calls.GetOperation ?? 0, "no polling where WaitOperation answers").toBeLessThanOrEqual(1);
});

test("an export that fails says why", async () => {
  const client = new OperationsClient(base);
  const start = () => startJob(base, { durationMs: 100, steps: 1, failCode: 8, failMessage: "quota exceeded" });
  expect(await runExport(client, start)).toMatchObject({ status: "failed", reason: "quota exceeded" });
});

test("a server that is down is unreachable, not a crash", async () => {
  const client = new OperationsClient(dead);
  const outcome = await runExport(client, () => client.get("operations/1").then((op) => op.name));
  expect(outcome).toMatchObject({ status: "unreachable" });
});

test("a cancel from the user rejects with its reason", async () => {
  const client = new OperationsClient(base);
  const cancel = new AbortController();
  const exported = runExport(client, () => startJob(base, { durationMs: 60_000, steps: 1 }), cancel.signal);
  setTimeout(() => cancel.abort(new Error("the user closed the dialog")), 100);
  await expect(exported).rejects.toThrow("the user closed the dialog");
});
