/** The name of a google.rpc.Code. Codes outside the enum read as "UNKNOWN". */
export type CodeName =
  | "OK" | "CANCELLED" | "UNKNOWN" | "INVALID_ARGUMENT" | "DEADLINE_EXCEEDED"
  | "NOT_FOUND" | "ALREADY_EXISTS" | "PERMISSION_DENIED" | "RESOURCE_EXHAUSTED"
  | "FAILED_PRECONDITION" | "ABORTED" | "OUT_OF_RANGE" | "UNIMPLEMENTED"
  | "INTERNAL" | "UNAVAILABLE" | "DATA_LOSS" | "UNAUTHENTICATED";

/** A JSON value, as JSON.parse gives it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A google.protobuf.Any: a serialized message and the URL of its type. */
export interface AnyMessage {
  /** For example "type.googleapis.com/google.rpc.ErrorInfo". */
  typeUrl: string;
  /**
   * The message's protobuf bytes, always kept. The `value`s of one call's
   * result are views of one buffer (as protobuf-es's bytes are views of the
   * response): `value.slice()` gives a copy of its own.
   */
  value: Uint8Array;
  /**
   * The message in its proto3 JSON form (camelCase names, 64-bit integers as
   * strings, Timestamp and Duration as strings, nested Any with "@type"),
   * for the types known without setup: the well-known types
   * (google.protobuf.*) and google.rpc.Status and its error details
   * (ErrorInfo, RetryInfo, DebugInfo, QuotaFailure, PreconditionFailure,
   * BadRequest, RequestInfo, ResourceInfo, Help, LocalizedMessage), and,
   * with the `lro-web/registry` entry, every type given to `registerTypes`.
   * Absent for other types.
   */
  decoded?: JsonValue;
  /** Why `value` did not decode as the type it claims; then `decoded` is absent. */
  decodeError?: string;
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

/**
 * Request headers: fixed, or a function (sync or async) asked before every
 * RPC, each long-poll and poll of a wait included, so that a token
 * refreshed meanwhile is sent. What it throws ends the call with it.
 */
export type RequestHeaders = Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);

/** One RPC as the `onCall` hook sees it before it is sent. */
export interface CallInfo {
  /** The RPC: "GetOperation", "ListOperations", "WaitOperation", "CancelOperation" or "DeleteOperation". */
  readonly method: string;
  /** The operation's name (for ListOperations, the collection's). */
  readonly name: string;
  /** The headers to send, lowercased names; the hook may change them (they are checked after it). */
  headers: Record<string, string>;
}

/** How an RPC ended, as the function the `onCall` hook returned hears it. */
export interface CallOutcome {
  /** The gRPC status code: 0 OK, 1 CANCELLED when the call was dropped (aborted, or a wait that ended). */
  code: number;
  /** Its name ("OK", "UNAUTHENTICATED"). */
  codeName: CodeName;
  /** From just before the fetch to the outcome, in milliseconds. */
  durationMs: number;
}

/**
 * A hook around every RPC of a client: called before each is sent, it may
 * change the headers (and may be async); the function it returns, if any,
 * hears the RPC's outcome. What it throws ends the call with it.
 */
export type OnCall = (call: CallInfo) => void | ((outcome: CallOutcome) => void) | Promise<void | ((outcome: CallOutcome) => void)>;

/** Options of the client, applied to every call. */
export interface ClientOptions {
  /** Headers sent with every call (a call's own headers win), or a function that gives them. */
  headers?: RequestHeaders;
  /** A hook around every RPC: tracing headers, logging, metrics. */
  onCall?: OnCall;
  /** Default deadline of each call in milliseconds; 0 or absent: none. */
  timeoutMs?: number;
  /**
   * Largest response message accepted, in bytes; default 4194304 (4 MiB).
   * A larger one rejects with RESOURCE_EXHAUSTED as soon as its length
   * arrives, and its download is aborted.
   */
  maxResponseBytes?: number;
  /**
   * Whether the server is reached over HTTP/2 (or HTTP/3). Over HTTP/1.1 a
   * browser opens at most 6 connections to a host, so the waits of a page
   * keep at most 3 long-polls and 4 calls in flight per host, leaving the
   * rest for the page's other calls; over HTTP/2 that budget lifts. By
   * default the client finds out from the browser's resource timing
   * (`nextHopProtocol`, which a cross-origin server shows with
   * `Timing-Allow-Origin`) and assumes HTTP/1.1 until it knows. In Node.js,
   * Deno and Bun the default is true: their fetch opens a connection for
   * every call in flight, with no cap per host.
   */
  http2?: boolean;
  /**
   * Whether `wait` and `result` share across the tabs and workers of this
   * origin (default true): one context at a time runs every context's waits
   * on this server with these headers, and the others receive every state.
   * Clients with a headers function or an `onCall` hook, and waits that
   * declare payload types, wait in-page; so does everything where Web Locks
   * or BroadcastChannel are missing.
   */
  shareAcrossTabs?: boolean;
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
  /** Headers for this call, or a function that gives them; they win over the client's headers. */
  headers?: RequestHeaders;
  /**
   * Largest response message accepted for this call, in bytes, in place of
   * the client's `maxResponseBytes`: a larger one rejects with
   * RESOURCE_EXHAUSTED. Waits with another limit keep their own loop.
   */
  maxResponseBytes?: number;
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

/** Exponential backoff with full jitter: pause n is drawn from [0, min(maxDelayMs, initialDelayMs * multiplier^(n-1))]. */
export interface Backoff {
  /** Ceiling of the first pause; default 1000. */
  initialDelayMs?: number;
  /** Largest ceiling; default 15000. */
  maxDelayMs?: number;
  /** Growth of the ceiling, 1 or more; default 2. */
  multiplier?: number;
}

/** Options of `wait` and `result`. */
export interface WaitOptions extends CallOptions {
  /**
   * The whole wait's budget in milliseconds. When it passes, `wait` resolves
   * with the latest state (`done: false`) and `result` rejects with
   * DEADLINE_EXCEEDED. Absent or 0: wait until done or aborted.
   */
  timeoutMs?: number;
  /**
   * "auto" (default): long-poll WaitOperation; if the server answers
   * UNIMPLEMENTED, poll GetOperation from then on, for every client of the
   * page on that host.
   * "wait": WaitOperation only. "poll": GetOperation with backoff only.
   */
  mode?: "auto" | "wait" | "poll";
  /**
   * Called with the operation each time its metadata changes, the first
   * sight included, and never after the promise settles. If it throws, the
   * wait rejects with what it threw.
   */
  onProgress?: (op: Operation) => void;
  /** Codes retried with backoff; default ["UNAVAILABLE"] (network failures are UNAVAILABLE). */
  retryCodes?: CodeName[];
  /** Pauses between polls and before retries. */
  backoff?: Backoff;
  /**
   * Longest a single WaitOperation call asks the server to hold; default
   * 60000, or 1000 when `onProgress` is given (WaitOperation answers only when
   * the operation is done, so shorter holds let progress be seen).
   */
  longPollMs?: number;
  /**
   * The LRO method that started the operation, such as
   * "lro.demo.v1.Jobs.StartJob": the response and metadata types are those
   * of its `google.longrunning.operation_info` option. Needs the
   * `lro-web/registry` entry and `registerTypes`; the default entry rejects
   * it with INVALID_ARGUMENT. Give it or the two types, not both.
   */
  method?: string;
  /**
   * The response's declared type, a full name such as "lro.demo.v1.JobResult".
   * A response of another type is not decoded (its `decodeError` names both
   * types), and `result` rejects with an RpcError INTERNAL naming both.
   */
  responseType?: string;
  /** The metadata's declared type; metadata of another type is not decoded (its `decodeError` names both types). */
  metadataType?: string;
}

/** The payload types of an LRO method, from its `google.longrunning.operation_info` option, as full names. */
export interface OperationTypes {
  /** For example "lro.demo.v1.JobResult". */
  responseType: string;
  /** For example "lro.demo.v1.JobProgress". */
  metadataType: string;
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

/** What `result` rejects with when the operation itself failed (or was cancelled). */
export interface OperationError extends Error {
  name: "OperationError";
  /** The operation's error. */
  status: Status;
  /** `status.code`. */
  code: number;
  /** `status.codeName`. */
  codeName: CodeName;
  /** `status.details`. */
  details: AnyMessage[];
}

/** Options of `listAll`: `list`'s, but the page token, which it follows itself. */
export interface ListAllOptions extends CallOptions {
  /** The server's filter, such as "done=true". */
  filter?: string;
  /** Operations per page (the server's default when 0 or absent). */
  pageSize?: number;
}

/** Options of `watch`: `wait`'s, but `onProgress`: iterate instead. */
export type WatchOptions = Omit<WaitOptions, "onProgress"> & { onProgress?: never };

export interface OperationsClient {
  /** The base URL the client was made with, as given. */
  readonly baseUrl: string;
  /**
   * Which part this context plays in the waits shared across tabs for this
   * client's server and headers: "leader" (it runs them), "follower"
   * (another tab or worker does), or "alone" (before its first wait, or
   * not shared).
   */
  readonly tabRole: "leader" | "follower" | "alone";
  /**
   * Every operation of every page of the collection `name`, in order, as an
   * async iterator: the next page is asked for only when every operation of
   * the current one was taken. An error or an abort rejects the pending
   * `next()` as `list` would reject, and ends the iteration; `timeoutMs` is
   * each page's deadline.
   *
   * ```ts
   * for await (const op of client.listAll("operations", { filter: "done=false" })) {
   *   console.log(op.name);
   * }
   * ```
   */
  listAll(name: string, options?: ListAllOptions): AsyncIterableIterator<Operation>;
  /**
   * The operation's states as they change: the first seen, each one whose
   * metadata changed (a consumer slower than the updates gets the latest,
   * not a queue), and the done one last. When the budget (`timeoutMs`)
   * passes first, the iteration ends with the latest state (`done: false`).
   * `break` (or `return()`) leaves; it shares its loop with every wait on
   * the operation, and the last one to leave stops the calls.
   *
   * ```ts
   * for await (const op of client.watch(name)) {
   *   if (op.done) console.log(op.error ? op.error.codeName : "done");
   *   else console.log(op.metadata?.decoded);
   * }
   * ```
   */
  watch(name: string, options?: WatchOptions): AsyncIterableIterator<Operation>;
}
