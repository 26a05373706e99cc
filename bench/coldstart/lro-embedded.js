// P13: the same, with the .wasm embedded in the bundle (esbuild's binary
// loader: base64 in the JS, decoded to bytes when the bundle runs).
import init, { OperationsClient } from "../../dist/index.js";
import wasm from "../../dist/lro_web_bg.wasm";

const name = new URLSearchParams(location.search).get("op");
await init(wasm);
const op = await new OperationsClient(location.origin).get(name);
window.coldStart = { ms: performance.now(), name: op.name };
