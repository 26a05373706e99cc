// The scenarios of the lifecycle tests, shared with the benchmark
// (bench/lifecycle.mjs): each runs on the consumer project's plain page
// against the reference server at `base`, and returns what it measured.
import { startJob } from "../../www/jobs.js";
import { openReady } from "./browser.mjs";
import { asked, outage } from "./server.mjs";

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fresh context (its own network emulation) with the plain page ready. */
export async function plainPage(browser, base) {
  const context = await browser.newContext();
  const page = await openReady(context, `${base}/plain.html`);
  return { context, page };
}

/**
 * The backoff the scenarios' waits are given: a retry or poll of theirs
 * pauses up to 30 s (full jitter), so a wait that resolves within a few
 * seconds of `online` or `resume` was sent on by that event.
 */
export const RETRY_MS = 30_000;

/** Jobs of `durationMs` started now, and when the last of them ends (`Date.now()` time). */
async function jobs(base, n, durationMs) {
  const names = [];
  for (let i = 0; i < n; i++) names.push(await startJob(base, { durationMs, steps: 1 }));
  return { names, endsAt: Date.now() + durationMs };
}

/** Until a moment (`Date.now()` time), and a little after: the server's clock is this machine's. */
const until = (at) => pause(Math.max(0, at - Date.now()) + 300);

/**
 * 4 waits (with `options`) whose operations end while the browser is
 * offline and the server cuts every connection; then back online. What the
 * page saw: the fetches it made while offline, the waits' state then, and
 * each wait's time from `online` to resolved (ms; it throws, saying why, if
 * a wait failed).
 */
export async function afterOutage(browser, base, options) {
  const { context, page } = await plainPage(browser, base);
  try {
    const { names, endsAt } = await jobs(base, 4, 2500);
    await page.evaluate(([names, options]) => window.startWaits(names, options), [names, options]);
    await asked(base, names);
    await context.setOffline(true);
    await outage(base, 60_000); // ended below
    await page.waitForFunction(() => !navigator.onLine);
    const before = await page.evaluate(() => window.fetches);
    await until(endsAt);
    const offline = await page.evaluate(() => ({ fetches: window.fetches, resolved: window.resolvedAt }));
    await outage(base, 0);
    await context.setOffline(false);
    await page.waitForFunction(() => window.resolvedAt.every((t) => t !== null), null, { timeout: 5000 });
    const { resolved, onlineAt, failures } = await page.evaluate(() => ({
      resolved: window.resolvedAt,
      onlineAt: window.onlineAt,
      failures: window.failures.filter(Boolean),
    }));
    if (failures.length) throw new Error(`waits failed after the outage: ${failures.join("; ")}`);
    return {
      fetchesOffline: offline.fetches - before,
      resolvedOffline: offline.resolved.filter((t) => t !== null).length,
      afterOnline: resolved.map((t) => (t > 0 ? t - onlineAt : -1)),
    };
  } finally {
    await outage(base, 0);
    await context.close();
  }
}

/**
 * A wait whose long-poll's connection dies (the server cuts it) while the
 * operation ends, as across a freeze; then the `resume` event Chromium fires
 * when a frozen page runs again (headless Chromium does not freeze pages
 * through the DevTools Protocol: measured, its timers run on and neither
 * `freeze` nor `resume` fires). The failed long-poll's retry would wait up
 * to `RETRY_MS`. The time from `resume` to resolved (ms; it throws, saying
 * why, if the wait failed), or null when the random pause happened to end
 * before the resume (nothing to show).
 */
export async function afterResume(browser, base) {
  const { context, page } = await plainPage(browser, base);
  try {
    const {
      names: [name],
      endsAt,
    } = await jobs(base, 1, 1500);
    const options = { backoff: { initialDelayMs: RETRY_MS, maxDelayMs: RETRY_MS } };
    await page.evaluate(([names, options]) => window.startWaits(names, options), [[name], options]);
    await asked(base, [name]);
    await outage(base, 60_000); // the long-poll in flight dies with its connection
    await until(endsAt);
    await outage(base, 0);
    if ((await page.evaluate(() => window.resolvedAt[0])) !== null) return null;
    await page.evaluate(() => document.dispatchEvent(new Event("resume")));
    await page.waitForFunction(() => window.resolvedAt[0] !== null, null, { timeout: 5000 });
    const { resolved, resumedAt, failure } = await page.evaluate(() => ({
      resolved: window.resolvedAt[0],
      resumedAt: window.resumedAt,
      failure: window.failures[0],
    }));
    if (resolved < 0) throw new Error(`the wait failed after resume: ${failure}`);
    return resolved - resumedAt;
  } finally {
    await outage(base, 0);
    await context.close();
  }
}
