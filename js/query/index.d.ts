// lro-web/query's types: options objects that TanStack Query v5's adapters
// take as they are, with `data` and `error` typed through the query keys.
import type {
  DataTag,
  InfiniteData,
  InfiniteQueryObserverOptions,
  MutationObserverOptions,
  QueryObserverOptions,
  WithRequired,
} from "@tanstack/query-core";
import type {
  AnyMessage,
  ListOperationsResult,
  Operation,
  OperationError,
  OperationsClient,
  RpcError,
  WatchOptions,
} from "../index.js";

/** What these functions use of a client: either entry's `OperationsClient`. */
export type Client = Pick<OperationsClient, "baseUrl" | "get" | "watch" | "result" | "list" | "cancel" | "delete">;

/** The query key of an operation: `["lro-web", baseUrl, "operation", name]`. */
export type OperationKey = ["lro-web", string, "operation", string];
/** The query key of an operation's result. */
export type ResultKey = ["lro-web", string, "result", string];
/** The prefix of every list's query key. */
export type OperationsKey = ["lro-web", string, "operations"];
/** The query key of one list: its collection, filter and page size. */
export type OperationsListKey = [...OperationsKey, string, { filter: string; pageSize: number }];

/** The query key of operation `name`, typed with its data and error. */
export function operationKey(client: Client, name: string): DataTag<OperationKey, Operation, RpcError>;
/** The query key of operation `name`'s result, typed with its data and error. */
export function resultKey(client: Client, name: string): DataTag<ResultKey, AnyMessage, RpcError | OperationError>;
/** The prefix of the query keys of every list of operations of `client`'s server. */
export function operationsKey(client: Client): OperationsKey;

/**
 * `useQuery` options of an operation: `data` is the Operation (narrowed by
 * `done`), `error` an RpcError.
 */
export type OperationQueryOptions = WithRequired<
  QueryObserverOptions<Operation, RpcError, Operation, Operation, OperationKey>,
  "queryFn" | "staleTime"
> & { queryKey: DataTag<OperationKey, Operation, RpcError> };

/** `useQuery` options of an operation's response: `error` an RpcError or an OperationError. */
export type ResultQueryOptions = WithRequired<
  QueryObserverOptions<AnyMessage, RpcError | OperationError, AnyMessage, AnyMessage, ResultKey>,
  "queryFn" | "staleTime"
> & { queryKey: DataTag<ResultKey, AnyMessage, RpcError | OperationError> };

/** `useInfiniteQuery` options of a collection's pages, `{ operations, nextPageToken }` each. */
export type OperationsInfiniteQueryOptions = WithRequired<
  InfiniteQueryObserverOptions<
    ListOperationsResult,
    RpcError,
    InfiniteData<ListOperationsResult, string>,
    OperationsListKey,
    string
  >,
  "queryFn"
> & { queryKey: DataTag<OperationsListKey, InfiniteData<ListOperationsResult, string>, RpcError> };

/** `useMutation` options whose variable is an operation's name. */
export type OperationMutationOptions = WithRequired<MutationObserverOptions<void, RpcError, string>, "mutationFn">;

/**
 * Options for `useQuery` of operation `name`: its first state from `get`,
 * then every new state from `watch` while the query has observers; a done
 * operation is never stale. `options` are `watch`'s.
 */
export function operationQueryOptions(client: Client, name: string, options?: WatchOptions): OperationQueryOptions;

/** Options for `useQuery` of operation `name`'s response (`result`); rejects with an OperationError when it failed. */
export function resultQueryOptions(client: Client, name: string, options?: WatchOptions): ResultQueryOptions;

/** Options for `useInfiniteQuery` over the pages of collection `name`. */
export function operationsInfiniteQueryOptions(
  client: Client,
  name: string,
  options?: { filter?: string; pageSize?: number; signal?: AbortSignal },
): OperationsInfiniteQueryOptions;

/** Options for `useMutation` that cancels an operation: `mutate(name)`; its queries refresh, the lists refetch. */
export function cancelMutationOptions(client: Client): OperationMutationOptions;

/** Options for `useMutation` that deletes an operation: `mutate(name)`; its queries leave the cache, the lists refetch. */
export function deleteMutationOptions(client: Client): OperationMutationOptions;
