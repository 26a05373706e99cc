// Type test of lro-web/query: its options fit TanStack Query's own functions
// and React's hooks as they are, and `data` and `error` come out typed.
// Checked with `tsc --strict --noEmit`; nothing here runs.
import { InfiniteQueryObserver, QueryClient, QueryObserver } from "@tanstack/query-core";
import { useInfiniteQuery, useMutation, useQuery } from "@tanstack/react-query";
import { OperationsClient, type AnyMessage, type Operation, type OperationError, type RpcError } from "lro-web";
import {
  cancelMutationOptions,
  deleteMutationOptions,
  operationKey,
  operationQueryOptions,
  operationsInfiniteQueryOptions,
  operationsKey,
  resultKey,
  resultQueryOptions,
} from "lro-web/query";
import { OperationsClient as RegistryClient } from "lro-web/registry";

declare const client: OperationsClient;
declare const registryClient: RegistryClient;
const cache = new QueryClient();

// The framework-free observers take the options as they are.
const observer = new QueryObserver(cache, operationQueryOptions(client, "operations/1"));
const state = observer.getCurrentResult();
if (state.data) {
  const op: Operation = state.data;
  // data is an Operation: narrowed by done.
  if (op.done && !op.error) {
    const response: AnyMessage = op.response;
    void response;
  }
  // @ts-expect-error a running operation has no response
  void op.response.typeUrl;
}
const failure: RpcError | null = state.error;
void failure;
new InfiniteQueryObserver(cache, operationsInfiniteQueryOptions(client, "operations", { filter: "done=true" }));

// The keys carry their data's type into the cache.
const cached: Operation | undefined = cache.getQueryData(operationKey(client, "operations/1"));
const result: AnyMessage | undefined = cache.getQueryData(resultKey(client, "operations/1"));
void [cached, result];
cache.invalidateQueries({ queryKey: operationsKey(client) });
const inferred = cache.getQueryData(operationKey(client, "operations/1"));
// @ts-expect-error an operation's data is an Operation, not a result
const wrong: AnyMessage | undefined = inferred;
void wrong;

// React's hooks, and either entry's client.
export function hooks() {
  const live = useQuery(operationQueryOptions(registryClient, "operations/1", { timeoutMs: 60_000 }));
  const done: boolean | undefined = live.data?.done;
  const liveError: RpcError | null = live.error;
  // @ts-expect-error a running state has no error
  void (live.data && !live.data.done && live.data.error.code);
  const response = useQuery(resultQueryOptions(client, "operations/1"));
  const error: RpcError | OperationError | null = response.error;
  const pages = useInfiniteQuery(operationsInfiniteQueryOptions(client, "operations", { pageSize: 10 }));
  const names: string[] | undefined = pages.data?.pages.flatMap((page) => page.operations.map((op) => op.name));
  const cancel = useMutation(cancelMutationOptions(client));
  cancel.mutate("operations/1");
  // @ts-expect-error mutate takes the operation's name
  cancel.mutate(1);
  useMutation(deleteMutationOptions(client)).mutate("operations/1");
  return [done, liveError, error, names];
}

// Misuse.
// @ts-expect-error the name is a string
operationQueryOptions(client, 1);
// @ts-expect-error onProgress is not taken: the query follows the states itself
operationQueryOptions(client, "operations/1", { onProgress: () => {} });
// @ts-expect-error a client is needed, not its URL
resultQueryOptions("http://localhost", "operations/1");
