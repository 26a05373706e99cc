// lro-web/query: long-running operations in TanStack Query (v5's
// @tanstack/query-core, so React, Vue, Solid, Svelte and Angular alike).
// Plain functions that return options objects: nothing of TanStack is
// imported at run time, and nothing here reaches the default entry.
//
// An operation's query is live while it has observers: its query function
// gets the first state, then follows lro-web's `watch` (one shared long-poll
// loop per operation, across components, clients and tabs) and writes each
// new state into the cache, until the operation is done. TanStack aborts the
// function's signal when the last observer leaves, and the wait leaves with
// it. A done operation is never stale.

/** The keys of everything cached for `client`'s server. */
const root = (client) => ["lro-web", client.baseUrl];

/** The query key of operation `name`. */
export const operationKey = (client, name) => [...root(client), "operation", name];

/** The query key of operation `name`'s result. */
export const resultKey = (client, name) => [...root(client), "result", name];

/** The prefix of the query keys of every list of operations of `client`'s server. */
export const operationsKey = (client) => [...root(client), "operations"];

/** The caller's signal and TanStack's, as one. */
const both = (mine, theirs) => (mine ? AbortSignal.any([mine, theirs]) : theirs);

/**
 * Options for `useQuery` (or `fetchQuery`, `ensureQueryData`…) of operation
 * `name`: its first state from `get`, then every new state from `watch` while
 * the query has observers. `options` are `watch`'s (`signal`, `timeoutMs`,
 * `longPollMs`, `backoff`, …). lro-web retries what may be retried, so
 * TanStack does not retry.
 */
export function operationQueryOptions(client, name, options = {}) {
  return {
    queryKey: operationKey(client, name),
    async queryFn({ client: cache, queryKey, signal }) {
      const stop = both(options.signal, signal);
      let op = await client.get(name, { signal: stop });
      if (op.done) return op;
      cache.setQueryData(queryKey, op);
      for await (const state of client.watch(name, { ...options, signal: stop })) {
        op = state;
        if (!op.done) cache.setQueryData(queryKey, op);
      }
      return op;
    },
    staleTime: (query) => (query.state.data?.done ? Infinity : 0),
    retry: false,
  };
}

/**
 * Options for `useQuery` of operation `name`'s response: `result`, which
 * waits (sharing the operation's loop) and rejects with an OperationError
 * when the operation failed. A result never goes stale.
 */
export function resultQueryOptions(client, name, options = {}) {
  return {
    queryKey: resultKey(client, name),
    queryFn: ({ signal }) => client.result(name, { ...options, signal: both(options.signal, signal) }),
    staleTime: Infinity,
    retry: false,
  };
}

/**
 * Options for `useInfiniteQuery` over the pages of collection `name`
 * (ListOperations), each page `{ operations, nextPageToken }`.
 */
export function operationsInfiniteQueryOptions(client, name, { filter = "", pageSize = 0, signal } = {}) {
  return {
    queryKey: [...operationsKey(client), name, { filter, pageSize }],
    queryFn: ({ pageParam, signal: theirs }) =>
      client.list(name, { filter, pageSize, pageToken: pageParam, signal: both(signal, theirs) }),
    initialPageParam: "",
    getNextPageParam: (page) => page.nextPageToken || undefined,
    retry: false,
  };
}

/**
 * Options for `useMutation` that cancels an operation (`mutate(name)`). On
 * success the operation's cached state and result are marked stale (a
 * running watch keeps going and brings the cancelled state) and every list
 * is refetched.
 */
export function cancelMutationOptions(client) {
  return {
    mutationKey: [...root(client), "cancel"],
    mutationFn: (name) => client.cancel(name),
    onSuccess: (_, name, _mutated, { client: cache }) =>
      Promise.all([
        cache.invalidateQueries({ queryKey: operationKey(client, name) }, { cancelRefetch: false }),
        cache.invalidateQueries({ queryKey: resultKey(client, name) }, { cancelRefetch: false }),
        cache.invalidateQueries({ queryKey: operationsKey(client) }),
      ]),
  };
}

/**
 * Options for `useMutation` that deletes an operation (`mutate(name)`). On
 * success its queries stop and leave the cache, and every list is refetched.
 */
export function deleteMutationOptions(client) {
  return {
    mutationKey: [...root(client), "delete"],
    mutationFn: (name) => client.delete(name),
    async onSuccess(_, name, _mutated, { client: cache }) {
      for (const queryKey of [operationKey(client, name), resultKey(client, name)]) {
        await cache.cancelQueries({ queryKey });
        cache.removeQueries({ queryKey });
      }
      await cache.invalidateQueries({ queryKey: operationsKey(client) });
    },
  };
}
