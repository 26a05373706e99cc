// The scenarios of the lifecycle tests, shared with the benchmark
// (bench/lifecycle.mjs): each runs on the consumer project's plain page
// against the reference server at `base`, and returns what it measured.
import { startJob } from "../../www/jobs.js";
import { openReady } from "./browser.mjs";

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The server cuts every gRPC-Web call, arriving or in flight, for `ms` (0 ends it). */
export async function outage(base, ms) {
  const response = await fetch(`${base}/fault/outage?ms=${ms}`, { method: "POST" });
  if (response.status !== 204) throw new Error(`outage: HTTP ${response.status}`);
}

/** A fresh context (its own network emulation) with the plain page ready. */
export async function plainPage(browser, base) {
  const context = await browser.newContext();
  const page = await openReady(context, `${base}/plain.html`);
  return { context, page };
}

/**
 * 4 waits (in `mode`) whose operations end while the browser is offline and
 * the server cuts every connection; then back online. What the page saw: the
 * fetches it made while offline, the waits' state then, and each wait's time
 * from `online` to resolved (ms; -1 if it failed).
 */
export async function afterOutage(browser, base, mode) {
  const { context, page } = await plainPage(browser, base);
  try {
    const names = [];
    for (let i = 0; i < 4; i++) names.push(await startJob(base, { durationMs: 2500, steps: 1 }));
    await page.evaluate(([names, mode]) => window.startWaits(names, { mode }), [names, mode]);
    await pause(800);
    await context.setOffline(true);
    await outage(base, 5000);
    await pause(300);
    const before = await page.evaluate(() => window.fetches);
    await pause(4000); // the jobs end meanwhile
    const offline = await page.evaluate(() => ({ fetches: window.fetches, resolved: window.resolvedAt }));
    await outage(base, 0);
    await context.setOffline(false);
    await page.waitForFunction(() => window.resolvedAt.every((t) => t !== null), null, { timeout: 5000 });
    const { resolved, onlineAt } = await page.evaluate(() => ({ resolved: window.resolvedAt, onlineAt: window.onlineAt }));
    return {
      fetchesOffline: offline.fetches - before,
      resolvedOffline: offline.resolved.filter((t) => t !== null).length,
      afterOnline: resolved.map((t) => (t > 0 ? t - onlineAt : -1)),
    };
  } finally {
    await context.close();
  }
}

/**
 * A wait whose long-poll's connection dies (the server cuts it) while the
 * operation ends, as across a freeze; then the `resume` event Chromium fires
 * when a frozen page runs again (headless Chromium does not freeze pages
 * through the DevTools Protocol: measured, its timers run on and neither
 * `freeze` nor `resume` fires). The failed long-poll's retry would wait up
 * to 8 s. The time from `resume` to resolved (ms; -1 if it failed), or null
 * when the random pause happened to end before the resume (nothing to show).
 */
export async function afterResume(browser, base) {
  const { context, page } = await plainPage(browser, base);
  try {
    const name = await startJob(base, { durationMs: 1500, steps: 1 });
    const options = { backoff: { initialDelayMs: 8000, maxDelayMs: 8000 } };
    await page.evaluate(([names, options]) => window.startWaits(names, options), [[name], options]);
    await pause(500);
    await outage(base, 2500); // the long-poll in flight dies with its connection
    await pause(3000); // the job ends meanwhile
    if ((await page.evaluate(() => window.resolvedAt[0])) !== null) return null;
    await page.evaluate(() => document.dispatchEvent(new Event("resume")));
    await page.waitForFunction(() => window.resolvedAt[0] !== null, null, { timeout: 5000 });
    const { resolved, resumedAt } = await page.evaluate(() => ({ resolved: window.resolvedAt[0], resumedAt: window.resumedAt }));
    return resolved > 0 ? resolved - resumedAt : -1;
  } finally {
    await context.close();
  }
}
