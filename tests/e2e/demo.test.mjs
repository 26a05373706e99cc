// The demo page, driven as a person would in headless Chromium: a job that
// fails shows its decoded error details; then start two jobs, see a bar move,
// cancel one, let the other finish, delete it; then start ten jobs at once and
// see the table stay responsive while their waits run. Saves a screenshot to
// test-output/demo.png.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { after, before, test } from "node:test";

import { envUrl, launch, open } from "./browser.mjs";

const base = envUrl("LRO_DEMO_URL");
const shots = new URL("../../test-output/", import.meta.url);
let browser;
before(async () => (browser = await launch()));
after(() => browser?.close());

async function start(page, { seconds, label, failCode = "0" }) {
  await page.fill("input[name=seconds]", String(seconds));
  await page.selectOption("select[name=failCode]", failCode);
  await page.fill("input[name=steps]", "20");
  await page.fill("input[name=label]", label);
  await page.click("#start button[type=submit]");
  const card = page.locator("#watching .job", { hasText: label });
  await card.waitFor();
  return card;
}

const percentOf = async (card) => parseFloat(await card.locator(".fill").evaluate((el) => el.style.width) || "0");

test("start two jobs, watch one move, cancel one, let one finish, delete it", async () => {
  const page = await open(browser, base);
  await page.waitForSelector("body[data-ready=true]");

  const failing = await start(page, { seconds: 0, label: "fails", failCode: "9" });
  await failing.locator(".state", { hasText: "FAILED_PRECONDITION" }).waitFor();
  assert.match(
    await failing.locator(".detail").innerText(),
    /JOB_FAILED \(demo\.lro-web\) · fail_code: REQUESTED_FAILURE · retry in 1\.500s/,
  );

  const finishing = await start(page, { seconds: 4, label: "finishes" });
  const cancelled = await start(page, { seconds: 120, label: "cancel me" });

  // A bar moves: its width grows while the job runs.
  await page.waitForFunction(
    (el) => parseFloat(el.style.width) > 0,
    await finishing.locator(".fill").elementHandle(),
  );
  const first = await percentOf(finishing);
  await page.waitForFunction(
    ([el, was]) => parseFloat(el.style.width) > was,
    [await finishing.locator(".fill").elementHandle(), first],
  );

  await cancelled.locator("button.cancel").click();
  await cancelled.locator(".state", { hasText: "CANCELLED" }).waitFor();
  assert.equal(await cancelled.locator("button.cancel").isDisabled(), true);

  await finishing.locator(".state", { hasText: "DONE" }).waitFor({ timeout: 15_000 });
  assert.match(await finishing.locator(".detail").innerText(), /finishes: 20 steps in/);
  assert.equal(await percentOf(finishing), 100);

  // The server's list shows both, and the filter narrows it.
  const name = await finishing.locator(".name").innerText();
  await page.locator(`#ops tr[data-name="${name}"] .state`, { hasText: "DONE" }).waitFor();
  await page.selectOption("#filter", "done=false");
  await page.locator(`#ops tr[data-name="${name}"]`).waitFor({ state: "detached" });
  await page.selectOption("#filter", "");
  await page.locator(`#ops tr[data-name="${name}"]`).waitFor();

  await mkdir(shots, { recursive: true });
  await page.screenshot({ path: new URL("demo.png", shots).pathname, fullPage: true });

  await finishing.locator("button.delete").click();
  await finishing.waitFor({ state: "detached" });
  await page.locator(`#ops tr[data-name="${name}"]`).waitFor({ state: "detached" });
  assert.deepEqual(page.problems, []);
});

test("ten waits at once leave the page responsive, and each shows its RPCs", async () => {
  const page = await open(browser, base);
  await page.waitForSelector("body[data-ready=true]");
  await page.click("#batch");
  const cards = page.locator("#watching .job", { hasText: "batch" });
  await page.waitForFunction(() => document.querySelectorAll("#watching .job").length >= 10);
  assert.equal(await cards.count(), 10);
  // While the ten plain waits run (8 s jobs), the table refreshes within 1 s
  // of being asked, each time: its list call is not stuck behind them.
  for (const filter of ["done=false", "", "done=false", ""]) {
    const before = Number(await page.locator("#ops").getAttribute("data-refreshed-at"));
    await page.selectOption("#filter", filter);
    await page.waitForFunction(
      (t) => Number(document.querySelector("#ops").dataset.refreshedAt) > t,
      before,
      { timeout: 1000 },
    );
    await page.waitForTimeout(300);
  }
  const running = await cards.locator(".state", { hasText: "DONE" }).count();
  assert.ok(running < 10, "the table was asked while the jobs ran");
  // Each card ends with what its wait cost, as the server counted it.
  await page.waitForFunction(
    () => [...document.querySelectorAll("#watching .job")].filter((c) => c.dataset.rpcs).length >= 10,
    null,
    { timeout: 30_000 },
  );
  for (const rpcs of await cards.evaluateAll((all) => all.map((c) => Number(c.dataset.rpcs)))) {
    assert.ok(rpcs >= 1 && rpcs <= 12, `${rpcs} RPCs`);
  }
  assert.match(await cards.first().locator(".detail").innerText(), / RPCs?$/);
  assert.deepEqual(page.problems, []);
});

test("opened in two tabs, the demo shows which tab leads the waits", async () => {
  const context = await browser.newContext();
  const tabs = [];
  for (let i = 0; i < 2; i++) {
    const page = await context.newPage();
    await page.goto(base);
    await page.waitForSelector("body[data-ready=true]");
    tabs.push(page);
  }
  const cards = [];
  for (const [i, page] of tabs.entries()) cards.push(await start(page, { seconds: 3, label: `tab ${i + 1}` }));
  const roleOf = (page) => page.locator("#role").getAttribute("data-role");
  for (const page of tabs) await page.waitForFunction(() => document.getElementById("role").dataset.role !== "alone");
  const roles = await Promise.all(tabs.map(roleOf));
  assert.deepEqual([...roles].sort(), ["follower", "leader"], "one tab leads");
  const leader = tabs[roles.indexOf("leader")], follower = tabs[roles.indexOf("follower")];
  assert.match(await leader.locator("#role").innerText(), /this tab leads/);
  assert.match(await follower.locator("#role").innerText(), /another tab leads/);
  for (const card of cards) await card.locator(".state", { hasText: "DONE" }).waitFor({ timeout: 15_000 });
  await context.close();
});

test("reloaded while a job runs, its card comes back with its progress and finishes", async () => {
  const page = await open(browser, base);
  await page.waitForSelector("body[data-ready=true]");
  const card = await start(page, { seconds: 4, label: "survives a reload" });
  const name = await card.locator(".name").innerText();
  await page.waitForFunction((el) => parseFloat(el.style.width) > 0, await card.locator(".fill").elementHandle());
  await page.reload();
  await page.waitForSelector("body[data-ready=true]");
  const back = page.locator(`#watching .job[data-name="${name}"]`);
  assert.ok((await percentOf(back)) > 0, "its progress before the reload");
  await back.locator(".state", { hasText: "DONE" }).waitFor({ timeout: 15_000 });
  assert.equal(await percentOf(back), 100);
  await page.reload();
  await page.waitForSelector("body[data-ready=true]");
  assert.equal(await page.locator("#watching .job").count(), 0, "a finished card does not come back");
  assert.deepEqual(page.problems, []);
});
