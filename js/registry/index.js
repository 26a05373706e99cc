// lro-web/registry: the same API as lro-web, built with the type registry
// (OperationsClient#registerTypes and #operationTypes). Copied next to the
// registry build's glue in dist/registry/ by scripts/build-package.sh.
import loadWasm, { OperationsClient as InPage } from "./lro_web.js";
import { acrossTabs, withSharedTypes } from "../tabs.js";
import { initWith, withIterators } from "../common.js";

const OperationsClient = acrossTabs(InPage);
withSharedTypes(OperationsClient);
withIterators(OperationsClient);
export { OperationsClient };
export { isOperationError, isRpcError } from "../common.js";

/** Loads this entry's WebAssembly module (not the default entry's); see lro-web's init. */
const init = initWith(loadWasm);
export default init;
export { init };
