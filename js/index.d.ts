/// <reference lib="esnext.disposable" />
// lro-web's public types: exactly the API, re-exported from wasm-bindgen's
// declarations (src/types.d.ts and the OperationsClient class).
export { OperationsClient } from "./lro_web.js";
export type {
  AnyMessage,
  Backoff,
  CallInfo,
  CallOptions,
  CallOutcome,
  ClientOptions,
  CodeName,
  FailedOperation,
  JsonValue,
  ListAllOptions,
  ListOperationsResult,
  ListOptions,
  OnCall,
  Operation,
  OperationError,
  OperationTypes,
  RequestHeaders,
  RpcError,
  RunningOperation,
  Status,
  SucceededOperation,
  WaitOptions,
  WatchOptions,
} from "./lro_web.js";

/** Where the WebAssembly module can come from. */
export type WasmSource = string | URL | Request | Response | BufferSource | WebAssembly.Module;

/**
 * Loads the WebAssembly module. Await it once before using OperationsClient;
 * later calls return at once. `module` overrides where the .wasm comes from
 * (by default, next to the package's JS).
 */
export default function init(module?: WasmSource | Promise<Response>): Promise<void>;
export { init };

export { isOperationError, isRpcError } from "./common.js";
