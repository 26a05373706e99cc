// P13: a page's first GetOperation with lro-web's default entry. The page may
// have started the .wasm's fetch itself (`window.lroWasm`, a Promise<Response>,
// from an inline script): init() then takes it instead of fetching.
import init, { OperationsClient } from "../../dist/index.js";

const name = new URLSearchParams(location.search).get("op");
await init(window.lroWasm);
const op = await new OperationsClient(location.origin).get(name);
window.coldStart = { ms: performance.now(), name: op.name };
