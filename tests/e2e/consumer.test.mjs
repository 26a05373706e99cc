// The packed package as a stranger uses it: built with Vite (page and worker)
// and imported with no bundler (page and module worker), in headless Chromium
// against the reference server, which also serves tests/consumer.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { startJob } from "../../www/jobs.js";
import { envUrl, launch, openReady } from "./browser.mjs";

const base = envUrl("LRO_CONSUMER_URL");
let browser;
before(async () => (browser = await launch()));
after(() => browser?.close());

const RESULT = "type.googleapis.com/lro.demo.v1.JobResult";

async function jobs() {
  const running = await startJob(base, { durationMs: 800, steps: 4, label: "consumer" });
  const failing = await startJob(base, { durationMs: 100, steps: 1, failCode: 9, failMessage: "no" });
  return [running, failing];
}

function checkScenario(outcome, where) {
  assert.deepEqual(outcome, {
    where,
    done: true,
    responseType: RESULT,
    progressCalls: outcome.progressCalls,
    failedWith: "FAILED_PRECONDITION",
    failedDetail: "type.googleapis.com/google.rpc.ErrorInfo",
    notFound: "NOT_FOUND",
    aborted: "stop",
  });
  assert.ok(outcome.progressCalls >= 2, `onProgress ran ${outcome.progressCalls} times`);
}

const ready = (path) => openReady(browser, `${base}${path}`);

test("the Vite build runs in a page", async () => {
  const page = await ready("/dist/index.html");
  const outcome = await page.evaluate((j) => window.runScenario(...j), await jobs());
  checkScenario(outcome, "window");
  assert.deepEqual(page.problems, []);
});

test("the Vite build runs in a dedicated worker", async () => {
  const page = await ready("/dist/index.html");
  const outcome = await page.evaluate((j) => window.runInWorker(...j), await jobs());
  checkScenario(outcome, "worker");
  assert.deepEqual(page.problems, []);
});

test("the registry entry decodes the demo's payloads (Vite page)", async () => {
  const page = await ready("/dist/index.html");
  const running = await startJob(base, { durationMs: 300, steps: 3, label: "typed" });
  const outcome = await page.evaluate((name) => window.runRegistry(name), running);
  assert.equal(outcome.responseType, "lro.demo.v1.JobResult");
  assert.equal(outcome.label, "typed");
  assert.equal(outcome.totalSteps, 3);
  assert.match(outcome.withoutRegistry, /^INVALID_ARGUMENT: .*lro-web\/registry/);
  assert.deepEqual(page.problems, []);
});

test("the package runs in a plain page with no bundler", async () => {
  const page = await ready("/plain.html");
  const [running] = await jobs();
  const outcome = await page.evaluate((name) => window.runPlain(name), running);
  assert.deepEqual(outcome, { done: true, responseType: RESULT, notFound: "NOT_FOUND" });
  assert.deepEqual(page.problems, []);
});

test("the package runs in a plain module worker", async () => {
  const page = await ready("/plain.html");
  const [running] = await jobs();
  const outcome = await page.evaluate((name) => window.runPlainWorker(name), running);
  assert.deepEqual(outcome, { done: true, responseType: RESULT, where: "undefined" });
  assert.deepEqual(page.problems, []);
});
