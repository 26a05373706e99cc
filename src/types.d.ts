/** The name of a google.rpc.Code. Codes outside the enum read as "UNKNOWN". */
export type CodeName =
  | "OK" | "CANCELLED" | "UNKNOWN" | "INVALID_ARGUMENT" | "DEADLINE_EXCEEDED"
  | "NOT_FOUND" | "ALREADY_EXISTS" | "PERMISSION_DENIED" | "RESOURCE_EXHAUSTED"
  | "FAILED_PRECONDITION" | "ABORTED" | "OUT_OF_RANGE" | "UNIMPLEMENTED"
  | "INTERNAL" | "UNAVAILABLE" | "DATA_LOSS" | "UNAUTHENTICATED";

/** A google.protobuf.Any: a serialized message and the URL of its type. */
export interface AnyMessage {
  /** For example "type.googleapis.com/google.rpc.ErrorInfo". */
  typeUrl: string;
  /** The message's protobuf bytes. */
  value: Uint8Array;
}

/** A google.rpc.Status: an error with its code, message and details. */
export interface Status {
  /** The numeric google.rpc.Code. */
  code: number;
  /** The name of `code`. */
  codeName: CodeName;
  /** The developer-facing message. */
  message: string;
  /** Error details (ErrorInfo, BadRequest, ...), in the order sent. */
  details: AnyMessage[];
}

interface OperationBase {
  /** The server-assigned name, such as "operations/42". */
  name: string;
  /** Service-specific metadata, typically progress; absent when the server sent none. */
  metadata?: AnyMessage;
}

/** An operation still in progress. */
export interface RunningOperation extends OperationBase {
  done: false;
  error?: never;
  response?: never;
}

/** An operation that ended in failure or was cancelled (code 1, CANCELLED). */
export interface FailedOperation extends OperationBase {
  done: true;
  /** Why it failed. */
  error: Status;
  response?: never;
}

/**
 * An operation that succeeded. A server that marks an operation done with
 * neither error nor response yields `response` = an empty
 * "type.googleapis.com/google.protobuf.Empty".
 */
export interface SucceededOperation extends OperationBase {
  done: true;
  /** The result. */
  response: AnyMessage;
  error?: never;
}

/** A google.longrunning.Operation: narrow it with `done`, then `error`. */
export type Operation = RunningOperation | FailedOperation | SucceededOperation;

/** Options of the client, applied to every call. */
export interface ClientOptions {
  /** Headers sent with every call (a call's own headers win). */
  headers?: Record<string, string>;
  /** Default deadline of each call in milliseconds; 0 or absent: none. */
  timeoutMs?: number;
}

/** Options of one call. */
export interface CallOptions {
  /** Aborts the call: the fetch is cancelled and the promise rejects with `signal.reason`. */
  signal?: AbortSignal;
  /**
   * Deadline in milliseconds, sent as grpc-timeout and enforced by the client:
   * past it the call rejects with DEADLINE_EXCEEDED. 0 disables the client's default.
   */
  timeoutMs?: number;
  /** Headers for this call; they win over the client's headers. */
  headers?: Record<string, string>;
}

/** Options of `list`. */
export interface ListOptions extends CallOptions {
  /** The server's filter, for example "done=true". */
  filter?: string;
  /** Most operations per page; 0 or absent: the server's default. */
  pageSize?: number;
  /** `nextPageToken` of the previous page. */
  pageToken?: string;
}

/** One page of `list`. */
export interface ListOperationsResult {
  operations: Operation[];
  /** Pass as `pageToken` for the next page; "" on the last page. */
  nextPageToken: string;
}

/** Options of `wait`. */
export interface WaitOptions extends CallOptions {
  /**
   * How long to wait for the operation to finish, in milliseconds. The call
   * resolves with the latest state when it passes (then `done` may be false).
   */
  timeoutMs?: number;
}

/** The error every failed call rejects with (but an abort, which rejects with the signal's reason). */
export interface RpcError extends Error {
  name: "RpcError";
  /** The numeric google.rpc.Code. */
  code: number;
  /** The name of `code`. */
  codeName: CodeName;
  /** Details decoded from grpc-status-details-bin; empty when none were sent. */
  details: AnyMessage[];
}
