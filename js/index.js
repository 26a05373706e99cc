// lro-web's one entry, copied next to wasm-bindgen's output in dist/ by
// scripts/build-package.sh. It exports the API and nothing of the glue.
import loadWasm, { OperationsClient } from "./lro_web.js";

export { OperationsClient };

/**
 * Loads the WebAssembly module. Await it once before using OperationsClient;
 * later calls return the same promise. `module` overrides where the .wasm
 * comes from (by default, next to this file).
 */
export default async function init(module) {
  await loadWasm(module === undefined ? undefined : { module_or_path: module });
}

export { init };

/** Whether `error` is an RpcError: a failed call. */
export function isRpcError(error) {
  return error instanceof Error && error.name === "RpcError";
}

/** Whether `error` is an OperationError: `result` of an operation that failed. */
export function isOperationError(error) {
  return error instanceof Error && error.name === "OperationError";
}
