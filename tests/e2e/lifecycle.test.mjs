// Waits that ride out the real world, end to end in headless Chromium
// against the reference server: the network going away (the browser offline,
// and the server cutting every connection) while the operations finish, then
// coming back; and a long-poll that died while the page was frozen, then the
// page resumed. Each wait must resolve promptly once the page can ask again,
// and spend no calls while it cannot. The scenarios are in lifecycle.mjs.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { envUrl, launch } from "./browser.mjs";
import { afterOutage, afterResume } from "./lifecycle.mjs";

const base = envUrl("LRO_CONSUMER_URL");
let browser;
before(async () => (browser = await launch()));
after(() => browser?.close());

for (const mode of ["auto", "poll"]) {
  test(`every wait resolves promptly when the network comes back (${mode})`, async () => {
    const seen = await afterOutage(browser, base, mode);
    assert.equal(seen.fetchesOffline, 0, "no call is spent while the browser is offline");
    assert.equal(seen.resolvedOffline, 0, "nothing resolves while offline");
    assert.ok(seen.afterOnline.every((ms) => ms >= 0), `every wait resolves done: ${seen.afterOnline}`);
    const worst = Math.max(...seen.afterOnline);
    assert.ok(worst < 1000, `the last wait resolved ${worst.toFixed(0)} ms after online`);
  });
}

test("a wait whose long-poll died while the page was frozen resolves promptly on resume", async () => {
  // The retry's pause is drawn at random: when it happens to end before the
  // resume, the wait has nothing left to show, and the scenario runs again.
  let ms = null;
  for (let attempt = 0; ms === null && attempt < 4; attempt++) ms = await afterResume(browser, base);
  assert.notEqual(ms, null, "the scenario ran");
  assert.ok(ms >= 0, "the wait resolves done");
  assert.ok(ms < 1000, `resolved ${ms.toFixed(0)} ms after resume`);
});
