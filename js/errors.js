// The errors lro-web rejects with, made here and only here: by the wasm
// (its bindings import this module), by the waits shared across tabs
// (tabs.js) and by the iterators (common.js). Each is a real Error whose
// `name` says what it is.

/**
 * An RpcError: a call failed. `code` is the gRPC code, `codeName` its name
 * ("NOT_FOUND"), `details` the google.rpc.Status details the server sent.
 */
export const rpcError = (code, codeName, message, details = []) =>
  Object.assign(new Error(message), { name: "RpcError", code, codeName, details });

/**
 * An OperationError: the operation `result` waited on failed with `status`
 * ({ code, codeName, message, details }), kept whole as `status`. Its
 * message is the status's, or says the code when the server gave none.
 */
export const operationError = (status) =>
  Object.assign(rpcError(status.code, status.codeName, status.message || `the operation failed with ${status.codeName}`, status.details), {
    name: "OperationError",
    status,
  });

/** The DEADLINE_EXCEEDED of a wait whose budget of `ms` passed (`why`: more to say). */
export const deadlineExceeded = (ms, why = "") =>
  rpcError(4, "DEADLINE_EXCEEDED", `deadline exceeded after ${Math.floor(ms)} ms${why}`);

/** Whether `error` is an RpcError: a failed call. */
export const isRpcError = (error) => error instanceof Error && error.name === "RpcError";

/** Whether `error` is an OperationError: `result` of an operation that failed. */
export const isOperationError = (error) => error instanceof Error && error.name === "OperationError";

/** `error` as a message between contexts carries it (an Error's own fields would not cross). */
export const toMessage = (error) => (error instanceof Error ? { ...error, message: error.message } : error);

/** The error a message of `toMessage` carries, made again as it was. */
export const fromMessage = (m) => {
  if (m?.message === undefined) return m;
  const { message, ...fields } = m;
  return Object.assign(new Error(message), fields);
};
