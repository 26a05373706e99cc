// wait survives the server going away: a reference server with --state is
// killed (SIGKILL) and restarted mid-wait, on the same port and database. The
// page's wait sees UNAVAILABLE, retries, and resolves with the job's result,
// which the restarted server finished from its saved state.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { rm } from "node:fs/promises";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";

import { startJob } from "../../www/jobs.js";
import { envUrl, launch, openReady } from "./browser.mjs";
import { asked } from "./server.mjs";

const bin = process.env.LRO_SERVER_BIN;
const base = envUrl("LRO_RESTART_URL");
const state = process.env.LRO_RESTART_STATE;
let browser;
let server;

/** Starts the server on `base`'s port with the state file; resolves once it listens. */
async function startServer() {
  const addr = new URL(base).host;
  const child = spawn(bin, ["--addr", addr, "--state", state, "--www", "tests/consumer"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let seen = "";
  for await (const chunk of child.stdout) {
    seen += chunk;
    if (seen.includes("listening on")) return child;
  }
  throw new Error(`lro-server exited before listening: ${seen}`);
}

before(async () => {
  await rm(state, { force: true });
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.kill();
});

test("a wait resolves with the right result across a server restart", async () => {
  const page = await openReady(browser, `${base}/plain.html`);
  const name = await startJob(base, { durationMs: 2500, steps: 5, label: "survivor" });
  const options = { backoff: { initialDelayMs: 200, maxDelayMs: 1000 } };
  const waiting = page.evaluate(([n, o]) => window.waitResult(n, o), [name, options]);

  await asked(base, [name]); // its long-poll is in flight
  server.kill("SIGKILL");
  await once(server, "exit");
  await sleep(700); // down for a while: the wait's calls are refused meanwhile
  server = await startServer();

  const outcome = await waiting;
  assert.equal(outcome.done, true);
  assert.equal(outcome.error, "");
  assert.equal(outcome.typeUrl, "type.googleapis.com/lro.demo.v1.JobResult");
  // JobResult field 1, the label.
  assert.ok(Buffer.from(outcome.value).includes("survivor"), "the result is the job's");
  // What failed while the server was down is not an error of the page.
  page.problems = page.problems.filter((p) => !p.includes("ERR_CONNECTION_REFUSED") && !p.includes("Failed to load resource"));
  assert.deepEqual(page.problems, []);
});
