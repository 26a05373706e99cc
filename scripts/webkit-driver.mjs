#!/usr/bin/env node
// WebKitWebDriver as wasm-pack's "safaridriver": started with `--port=N`
// like the driver itself, it runs WebKitWebDriver on another port and
// forwards every WebDriver call to it, adding to each new session what
// the test runner cannot pass for Safari (it sends empty capabilities and
// reads no webdriver.json there):
//   acceptInsecureCerts  the `tls` reference server's self-signed
//                        certificate is accepted, by this browser session only;
//   webkitgtk:browserOptions  Debian's MiniBrowser in automation mode.
// It needs an X display (scripts/lib.sh runs it under Xvfb).
//   WEBKIT_WEBDRIVER  the driver (default /usr/bin/WebKitWebDriver)
//   MINIBROWSER       the browser (default Debian's MiniBrowser)
import { spawn } from "node:child_process";
import http from "node:http";
import { freePort } from "./free-port.mjs";

const DRIVER = process.env.WEBKIT_WEBDRIVER ?? "/usr/bin/WebKitWebDriver";
const BROWSER = process.env.MINIBROWSER ?? "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

const portArg = process.argv.slice(2).find((a) => a.startsWith("--port="));
if (!portArg) {
  console.error("usage: webkit-driver.mjs --port=N");
  process.exit(2);
}
const port = Number(portArg.slice("--port=".length));

/** The new-session body with this run's capabilities merged into alwaysMatch. */
function withTestCapabilities(body) {
  const request = body && typeof body == "object" ? body : {};
  const capabilities = (request.capabilities ??= {});
  capabilities.alwaysMatch = {
    ...capabilities.alwaysMatch,
    acceptInsecureCerts: true,
    "webkitgtk:browserOptions": { binary: BROWSER, args: ["--automation"] },
  };
  // W3C only: WebKitWebDriver reads no legacy desiredCapabilities.
  delete request.desiredCapabilities;
  return request;
}

const driverPort = await freePort();
// The test runner ends its driver with SIGKILL, which this process cannot
// pass on: a shell between them holds the driver and stops it when this
// process's end of its stdin closes, however this process ends.
const driver = spawn(
  "sh",
  ["-c", '"$@" & cat >/dev/null; kill $! 2>/dev/null', "sh", DRIVER, `--port=${driverPort}`, "--host=127.0.0.1"],
  { stdio: ["pipe", "inherit", "inherit"] },
);
driver.on("exit", (code) => process.exit(code ?? 1));
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => process.exit(0));

/** Resolves once the driver answers /status. */
async function driverReady() {
  for (let i = 0; i < 200; i++) {
    try {
      const response = await fetch(`http://127.0.0.1:${driverPort}/status`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("WebKitWebDriver did not start");
}
await driverReady();

http
  .createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    let body = Buffer.concat(chunks);
    if (req.method == "POST" && req.url.replace(/\/+$/, "") == "/session") {
      body = Buffer.from(JSON.stringify(withTestCapabilities(JSON.parse(body.toString() || "{}"))));
    }
    const headers = { ...req.headers, host: `127.0.0.1:${driverPort}`, "content-length": body.length };
    const forward = http.request(
      { host: "127.0.0.1", port: driverPort, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on("error", (e) => {
      res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ value: { error: "unknown error", message: `WebKitWebDriver: ${e.message}` } }));
    });
    forward.end(body);
  })
  .listen(port, "127.0.0.1");
