/// <reference lib="esnext.disposable" />
// lro-web/registry: lro-web's API and types, with an OperationsClient that
// also has registerTypes and operationTypes.
export * from "../index.js";
export { OperationsClient } from "./lro_web.js";
import type { WasmSource } from "../index.js";

/**
 * Loads this entry's WebAssembly module (not the default entry's). Await it
 * once before using OperationsClient. `module` overrides where the .wasm
 * comes from (by default, next to this file).
 */
export default function init(module?: WasmSource | Promise<Response>): Promise<void>;
export { init };
