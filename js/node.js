// lro-web's default entry where no page fetches the module: Node.js, Deno
// and Bun (package.json's "node", "deno" and "bun" export conditions). The
// same API, with what runtime.js changes: init() with no argument reads the
// module next to this file from disk, and the long-poll budget per host is
// lifted by default. Browsers, and bundlers building for them, take index.js:
// nothing of node: reaches a page.
import init, { OperationsClient as InBrowser } from "./index.js";
import { fromDisk, withManyConnections } from "./runtime.js";

export * from "./index.js";

/** The browser's OperationsClient, with `http2` true unless given. */
export const OperationsClient = withManyConnections(InBrowser);

/**
 * Loads the WebAssembly module: `module` as lro-web's init takes it, or by
 * default the file next to this one, read from disk.
 */
const initFromDisk = fromDisk(init, new URL("lro_web_bg.wasm", import.meta.url));
export default initFromDisk;
export { initFromDisk as init };
