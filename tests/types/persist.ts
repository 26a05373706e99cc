// Type test of lro-web/persist. Checked with `tsc --strict --noEmit`;
// nothing here runs.
import { OperationsClient, type Operation } from "lro-web";
import { persisted, type PendingWait, type Resumed } from "lro-web/persist";
import { OperationsClient as RegistryClient } from "lro-web/registry";

declare const client: OperationsClient;
const waits = persisted(client, { key: "exports", maxRecords: 20, maxAgeMs: 86_400_000 });
persisted(new RegistryClient("https://api.example.com"));

export async function use() {
  const op: Operation = await waits.wait("operations/1", { timeoutMs: 60_000 });
  const left: PendingWait[] = waits.pending();
  const first = left[0];
  if (first?.state?.done && !first.state.error) void first.state.response.typeUrl;
  for await (const resumed of waits.resume()) {
    const item: Resumed = resumed;
    if (item.error) void item.error.message;
    // @ts-expect-error an error's item has no operation
    else void item.error.message;
    if (item.operation) void item.operation.done;
  }
  for await (const state of waits.watch("operations/1")) void state.done;
  waits.forget("operations/1");
  return op;
}

// Misuse.
// @ts-expect-error the key is a string
persisted(client, { key: 1 });
// @ts-expect-error a client is needed
persisted("https://api.example.com");
// @ts-expect-error onProgress is not taken by watch
waits.watch("operations/1", { onProgress: () => {} });
