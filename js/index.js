// lro-web's default entry, copied next to wasm-bindgen's output in dist/ by
// scripts/build-package.sh. It exports the API and nothing of the glue.
// The type registry is the second entry, lro-web/registry (js/registry/).
import loadWasm, { OperationsClient as InPage } from "./lro_web.js";
import { acrossTabs } from "./tabs.js";
import { initWith, withIterators } from "./common.js";

const OperationsClient = acrossTabs(InPage);
withIterators(OperationsClient);
export { OperationsClient };
export { isOperationError, isRpcError } from "./common.js";

/**
 * Loads the WebAssembly module. Await it once before using OperationsClient;
 * later calls return the same promise. `module` overrides where the .wasm
 * comes from (by default, next to this file).
 */
const init = initWith(loadWasm);
export default init;
export { init };
