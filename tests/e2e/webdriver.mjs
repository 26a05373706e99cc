// The browsers playwright-core cannot drive here (Debian's Firefox ESR and
// WebKitGTK's MiniBrowser), through their WebDriver servers: geckodriver and
// WebKitWebDriver (behind scripts/webkit-driver.mjs, under Xvfb), started
// on free ports. Windows of one WebDriver session share one profile: its
// Web Locks, its BroadcastChannel and its connections per host, as the tabs
// of a browser do (measured: a lock held in one window is seen held in the
// other, a message posted in one reaches the other, and a lock passes to the
// other window within milliseconds of the holder's close).
import { spawn } from "node:child_process";
import { freePort } from "../../scripts/free-port.mjs";

const root = new URL("../../", import.meta.url).pathname;

/** How to start each engine's driver, and the capabilities of its session. */
const ENGINES = {
  firefox: {
    command: (port) => [`${process.env.HOME}/.cargo/bin/geckodriver`, [`--port=${port}`, "--host=127.0.0.1"]],
    capabilities: {
      browserName: "firefox",
      "moz:firefoxOptions": { binary: "/usr/bin/firefox-esr", args: ["-headless"] },
    },
  },
  webkit: {
    command: (port) => ["xvfb-run", ["-a", "node", `${root}scripts/webkit-driver.mjs`, `--port=${port}`]],
    capabilities: {},
  },
};

/** A WebDriver session of `engine` ("firefox" or "webkit"), its driver started for it. */
export async function startSession(engine) {
  const { command, capabilities } = ENGINES[engine];
  const port = await freePort();
  const [program, args] = command(port);
  const driver = spawn(program, args, { stdio: "ignore", detached: true });
  const base = `http://127.0.0.1:${port}`;
  const call = async (method, path, body) => {
    const response = await fetch(base + path, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const { value } = await response.json();
    if (value?.error) throw new Error(`${method} ${path}: ${value.error}: ${value.message}`);
    return value;
  };
  let started;
  for (let i = 0; i < 100 && !started; i++) {
    try {
      started = await call("POST", "/session", { capabilities: { alwaysMatch: capabilities } });
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  if (!started) throw new Error(`no ${engine} session`);
  const at = (path) => `/session/${started.sessionId}${path}`;
  // The session's first window stays open, so that the session lives on
  // when a test closes every window it opened.
  const home = await call("GET", at("/window"));
  return {
    engine,
    version: `${started.capabilities.browserName} ${started.capabilities.browserVersion}`,
    /** Runs `body` (a function's source, called with `args`; it may be async) in the current window. */
    run: (body, ...args) =>
      call("POST", at("/execute/async"), {
        script: `const done = arguments[arguments.length - 1];
          Promise.resolve((${body})(...Array.from(arguments).slice(0, -1))).then(
            (value) => done({ value }), (e) => done({ error: e?.codeName ? e.codeName + ": " + e.message : String(e?.stack ?? e) }));`,
        args,
      }).then(({ value, error }) => {
        if (error) throw new Error(error);
        return value;
      }),
    /** Opens `url` in a new window (a tab of the same profile); its handle. */
    async open(url) {
      const { handle } = await call("POST", at("/window/new"), { type: "tab" });
      await call("POST", at("/window"), { handle });
      await call("POST", at("/url"), { url });
      return handle;
    },
    /** Goes to the window `handle`. */
    show: (handle) => call("POST", at("/window"), { handle }),
    /** The current window, by its handle. */
    current: () => call("GET", at("/window")),
    /** Closes the current window, and goes back to the session's first. */
    close: () => call("DELETE", at("/window")).then(() => call("POST", at("/window"), { handle: home })),
    /** Reloads the current window. */
    reload: () => call("POST", at("/refresh"), {}),
    /** Ends the session and its driver. */
    async quit() {
      await call("DELETE", at("")).catch(() => {});
      try {
        process.kill(-driver.pid);
      } catch {
        // Already gone.
      }
    },
  };
}
