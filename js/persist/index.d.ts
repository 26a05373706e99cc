// lro-web/persist's types.
import type { AnyMessage, Operation, OperationsClient, RpcError, WaitOptions, WatchOptions } from "../index.js";

/** What `persisted` uses of a client: either entry's `OperationsClient`. */
export type Client = Pick<OperationsClient, "baseUrl" | "wait" | "result" | "watch">;

/** Where and how long waits are kept. */
export interface PersistOptions {
  /** The records' key in this origin's localStorage (`lro-web persist <key>`); default the client's base URL. */
  key?: string;
  /** Most records kept (the newest); default 100. */
  maxRecords?: number;
  /** Longest a record is kept, in ms, whatever its deadline; default 7 days. */
  maxAgeMs?: number;
}

/** A recorded wait, as `pending()` tells it. */
export interface PendingWait {
  name: string;
  /** When it started (epoch ms). */
  startedAt: number;
  /** When its budget (`timeoutMs`) ends (epoch ms), if it has one. */
  deadline?: number;
  /** The latest state seen (the done one when `settled`), if any was. */
  state?: Operation;
  /** Whether a page of the app saw it settle while no page waited on it: `resume()` yields it without a call. */
  settled: boolean;
}

/** What `resume()` yields for each recorded wait, once. */
export type Resumed =
  | { name: string; operation: Operation; error?: undefined }
  | { name: string; error: RpcError | Error; operation?: undefined };

/** A client's waits, recorded until the app has their outcome. */
export interface PersistedWaits {
  /** The client whose waits are recorded. */
  readonly client: Client;
  /** `client.wait`, recorded until it settles. */
  wait(name: string, options?: WaitOptions): Promise<Operation>;
  /** `client.result`, recorded until it settles. */
  result(name: string, options?: WaitOptions): Promise<AnyMessage>;
  /** `client.watch`, recorded with each state until the done one is taken or the iteration ends. */
  watch(name: string, options?: WatchOptions): AsyncIterableIterator<Operation>;
  /** What was left when the page last closed (or is running now): name, start, deadline, latest state. */
  pending(): PendingWait[];
  /**
   * Finishes every recorded wait, yielding each as it settles, once: its
   * record then goes (but a network failure's or an abort's, kept for a
   * later resume). `options` are `wait`'s, for the waits still running.
   */
  resume(options?: WaitOptions): AsyncIterableIterator<Resumed>;
  /** Drops the record of `name`; its wait, if any, goes on. */
  forget(name: string): void;
}

/**
 * Records `client`'s waits, results and watches in this origin's
 * localStorage (never their headers or tokens), so that the page that comes
 * back after a reload can resume them; an open page of the app finishes
 * those of the pages that closed.
 */
export function persisted(client: Client, options?: PersistOptions): PersistedWaits;
