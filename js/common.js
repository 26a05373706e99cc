// What both entries (lro-web and lro-web/registry) share: plain JS.

/** Whether `error` is an RpcError: a failed call. */
export function isRpcError(error) {
  return error instanceof Error && error.name === "RpcError";
}

/** Whether `error` is an OperationError: `result` of an operation that failed. */
export function isOperationError(error) {
  return error instanceof Error && error.name === "OperationError";
}

/** The `init` of an entry whose wasm-bindgen glue loads with `loadWasm`. */
export function initWith(loadWasm) {
  return async (module) => {
    await loadWasm(module === undefined ? undefined : { module_or_path: module });
  };
}
