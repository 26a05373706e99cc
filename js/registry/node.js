// lro-web/registry where no page fetches the module: Node.js, Deno
// and Bun (package.json's "node", "deno" and "bun" export conditions). The
// same API; init() with no argument reads the module next to this file from
// disk, since those runtimes' fetch does not load file: URLs. Browsers, and
// bundlers building for them, take index.js: nothing of node: reaches a page.
import { readFile } from "node:fs/promises";
import init from "./index.js";

export * from "./index.js";

/**
 * Loads the WebAssembly module: `module` as lro-web's init takes it, or by
 * default the file next to this one, read from disk.
 */
const initFromDisk = (module) => init(module ?? readFile(new URL("lro_web_bg.wasm", import.meta.url)));
export default initFromDisk;
export { initFromDisk as init };
