// Headless Debian Chromium through playwright-core (never a downloaded browser),
// with the flags that keep it quiet on a closed network.
import { chromium } from "playwright-core";

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

/**
 * Opens `url` in a new page of `target` (a browser, or one of its contexts)
 * that records uncaught errors and console errors.
 */
export async function open(target, url) {
  const page = await target.newPage({ viewport: { width: 1100, height: 900 } });
  page.problems = [];
  page.on("pageerror", (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") page.problems.push(`console: ${m.text()}`);
  });
  await page.goto(url);
  return page;
}

/** Opens a page of the consumer project (`url`), once it says "ready". */
export async function openReady(target, url) {
  const page = await open(target, url);
  await page.waitForFunction(() => document.getElementById("out")?.textContent === "ready");
  return page;
}

/** The URL a test reads from the environment, or a clear failure. */
export function envUrl(name) {
  const url = process.env[name];
  if (!url) throw new Error(`${name} is not set; run the tests through npm test`);
  return url;
}
