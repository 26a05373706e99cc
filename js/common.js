// What both entries (lro-web and lro-web/registry) share: plain JS.
import { rpcError } from "./errors.js";

export { isOperationError, isRpcError } from "./errors.js";

/** The `init` of an entry whose wasm-bindgen glue loads with `loadWasm`. */
export function initWith(loadWasm) {
  return async (module) => {
    await loadWasm(module === undefined ? undefined : { module_or_path: module });
  };
}

/**
 * Adds the iterators to an entry's OperationsClient class: plain JS over
 * `list` and `wait`, so they cost the wasm nothing.
 */
export function withIterators(OperationsClient) {
  const proto = OperationsClient.prototype;

  /** Every operation of every page of `name`, fetching a page only when needed. */
  proto.listAll = async function* listAll(name, options) {
    let pageToken = "";
    do {
      const page = await this.list(name, { ...options, pageToken });
      yield* page.operations;
      pageToken = page.nextPageToken;
    } while (pageToken);
  };

  /**
   * The operation's states as they change: the first seen, each with new
   * metadata (the latest, for a consumer slower than the updates), and the
   * done one last. Leaving the loop (`break`, `return()`) leaves the wait.
   */
  proto.watch = function watch(name, options) {
    if (options?.onProgress !== undefined) {
      throw rpcError(3, "INVALID_ARGUMENT", "options.onProgress is not taken by watch: iterate instead");
    }
    const leave = new AbortController();
    const outer = options?.signal;
    const signal = outer ? AbortSignal.any([outer, leave.signal]) : leave.signal;
    // The state not yet taken (only the latest is kept), whether the wait is
    // over, how it failed, whether the done state was given, and who waits.
    let latest, over = false, failure, gaveDone = false, wake;
    const tell = () => (wake?.(), (wake = undefined));
    const see = (op) => ((latest = op), tell());
    this.wait(name, { ...options, signal, onProgress: see }).then(
      (op) => ((over = true), gaveDone && op.done ? tell() : see(op)),
      (e) => ((over = true), (failure = e), tell()),
    );
    const iterator = {
      async next() {
        while (latest === undefined && !over) await new Promise((resolve) => (wake = resolve));
        if (latest !== undefined) {
          const value = latest;
          latest = undefined;
          gaveDone ||= value.done;
          return { value, done: false };
        }
        const e = failure;
        failure = undefined;
        if (e !== undefined && !leave.signal.aborted) throw e;
        return { value: undefined, done: true };
      },
      async return() {
        leave.abort();
        latest = undefined;
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  };
}
