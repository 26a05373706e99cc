import type { OperationError, RpcError } from "./lro_web.js";

/** Whether `error` is an RpcError: a failed call. */
export function isRpcError(error: unknown): error is RpcError;

/** Whether `error` is an OperationError: `result` of an operation that failed. */
export function isOperationError(error: unknown): error is OperationError;
