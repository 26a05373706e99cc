// Waits shared across tabs in Firefox and WebKit: windows of one WebDriver
// session (see webdriver.mjs), through the packed package, against the
// reference server. The same cases as tabs.test.mjs runs in Chromium's
// pages; counts come from the server.
import assert from "node:assert/strict";
import { after, afterEach, before, test } from "node:test";

import { startJob, statsOf } from "../../www/jobs.js";
import { envUrl } from "./browser.mjs";
import { asked, rpcsOf, serverSees } from "./server.mjs";
import { startSession } from "./webdriver.mjs";

const base = envUrl("LRO_CONSUMER_URL");
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const job = (durationMs) => startJob(base, { durationMs, steps: 2 });

for (const engine of ["firefox", "webkit"]) {
  let browser;
  before(async () => (browser = await startSession(engine)));
  after(() => browser?.quit());

  // The windows a test opened, closed after it (their locks with them).
  let opened = [];
  afterEach(async () => {
    for (const handle of opened) await browser.show(handle).then(browser.close, () => {});
    opened = [];
  });

  /** `n` windows of the consumer's plain page, each once it is ready. */
  async function tabs(n) {
    const handles = (opened = []);
    for (let i = 0; i < n; i++) {
      handles.push(await browser.open(`${base}/plain.html`));
      for (let tries = 0; (await browser.run(() => document.getElementById("out").textContent)) !== "ready"; tries++) {
        assert.ok(tries < 100, "the page got ready");
        await pause(50);
      }
    }
    return handles;
  }
  const inTab = async (handle, body, ...args) => (await browser.show(handle), browser.run(body, ...args));
  const waitIn = (handle, names) => inTab(handle, (n) => window.tabWaits(n), names);
  const role = (handle) => inTab(handle, () => window.tabRole() ?? "alone");

  /** Polls until every name has settled in the tab; its records. */
  async function allSettled(handle, names, ms = 20_000) {
    const until = Date.now() + ms;
    for (;;) {
      const seen = await inTab(handle, () => window.settled ?? {});
      if (names.every((name) => seen[name])) return names.map((name) => seen[name]);
      assert.ok(Date.now() < until, `not settled in ${engine}: ${names.filter((name) => !seen[name])}`);
      await pause(100);
    }
  }

  async function leaderOf(handles) {
    for (let i = 0; i < 100; i++) {
      const roles = [];
      for (const handle of handles) roles.push(await role(handle));
      if (roles.includes("leader")) return handles[roles.indexOf("leader")];
      await pause(50);
    }
    throw new Error(`no tab leads in ${engine}`);
  }

  test(`${engine}: a get in a fourth tab while three tabs wait; one loop for the common operation`, async () => {
    const handles = await tabs(4);
    const common = await job(4000);
    const own = [await job(4000), await job(4000), await job(4000)];
    const lone = await job(4000);
    for (let i = 0; i < 3; i++) await waitIn(handles[i], [own[i], common]);
    // The budget's 3 long-polls are held: the fourth loop polls.
    await serverSees(base, "", (stats) => stats.openWaitsAll >= 3, "3 long-polls open");
    const done = await job(0);
    await inTab(handles[3], (name) => window.timedGet(name), done);
    // Starved of connections, the get would wait for a long-poll to end, and
    // none ends before its operation does.
    for (let i = 0; i < 3; i++) {
      const seen = Object.keys(await inTab(handles[i], () => window.settled ?? {}));
      assert.deepEqual(seen, [], "the get came back while every wait was still open");
    }
    const { openWaitsAll: open } = await statsOf(base, "");
    assert.ok(open <= 3, `${open} long-polls open: one budget for the whole profile`);
    await waitIn(handles[3], [lone]);
    for (let i = 0; i < 3; i++) {
      for (const outcome of await allSettled(handles[i], [own[i], common])) {
        assert.deepEqual([outcome.done, outcome.times], [true, 1]);
      }
    }
    await allSettled(handles[3], [lone]);
    const [shared, alone] = [await rpcsOf(base, common), await rpcsOf(base, lone)];
    assert.ok(shared <= alone + 1, `3 tabs' waits cost ${shared} RPCs, one wait ${alone}`);
  });

  test(`${engine}: the leader closed mid-wait: the other tabs' waits resolve once`, async () => {
    const handles = await tabs(3);
    const names = [await job(3000), await job(3000), await job(3000)];
    const common = await job(3000);
    for (let i = 0; i < 3; i++) await waitIn(handles[i], [names[i], common]);
    const leader = await leaderOf(handles);
    await asked(base, [...names, common]);
    await browser.show(leader);
    await browser.close();
    opened = handles.filter((h) => h !== leader);
    for (const handle of opened) {
      const i = handles.indexOf(handle);
      for (const outcome of await allSettled(handle, [names[i], common])) {
        assert.deepEqual([outcome.done, outcome.times], [true, 1]);
      }
    }
  });
}
