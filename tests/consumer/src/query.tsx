// The README's TanStack Query example as a page: jobs' live progress with
// useQuery(operationQueryOptions(…)), in React. The end-to-end test
// (tests/e2e/query.test.mjs) mounts and unmounts the components through
// window.show and reads what each rendered from window.rendered.
import { QueryClient, QueryClientProvider, useQuery } from "@tanstack/react-query";
import init, { OperationsClient } from "lro-web";
import { operationQueryOptions } from "lro-web/query";
import { StrictMode, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";

/** What one mounted component rendered: each operation state, in order. */
interface Rendered {
  name: string;
  states: { done: boolean; metadataBytes: number }[];
}

declare global {
  interface Window {
    /** Mounts one `Job` for each of `names` (repeats allowed), unmounting the rest. */
    show(names: string[]): void;
    /** What the components mounted by the last `show` rendered, by place. */
    rendered: Rendered[];
  }
}

await init();
const client = new OperationsClient(location.origin);
const queryClient = new QueryClient();

/** One job: its latest state, pushed into the cache as it changes. */
function Job({ name, place }: { name: string; place: number }) {
  const { data: op, error } = useQuery(operationQueryOptions(client, name, { longPollMs: 2000 }));
  useEffect(() => {
    if (op) window.rendered[place]?.states.push({ done: op.done, metadataBytes: op.metadata?.value.length ?? 0 });
  }, [op, place]);
  if (error) return <li>{error.codeName}: {error.message}</li>;
  if (!op) return <li>loading {name}</li>;
  if (!op.done) return <li>{name}: running ({op.metadata?.typeUrl ?? "no progress yet"})</li>;
  return <li>{name}: {op.error ? `failed: ${op.error.message}` : `done (${op.response.typeUrl})`}</li>;
}

function Jobs() {
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    window.show = (next) => {
      window.rendered = next.map((name) => ({ name, states: [] }));
      setNames(next);
    };
    document.getElementById("out")!.textContent = "ready";
  }, []);
  return names.map((name, place) => <Job key={`${place} ${name}`} name={name} place={place} />);
}

createRoot(document.getElementById("jobs")!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <Jobs />
    </QueryClientProvider>
  </StrictMode>,
);
