// The benchmark page: lro-web and an equivalent connect-web client
// (@connectrpc/connect-web's gRPC-Web transport, protobuf-es code generated
// from the same operations.proto) against the same server, alternated; and
// lro-web's waits that share a loop and a long-poll budget per host.
import init, { OperationsClient } from "../../dist/index.js";
// wasm-bindgen's loader returns the instance's exports once loaded, among
// them its memory (under a short name: scripts/minify-names.mjs).
import loaded from "../../dist/lro_web.js";
import initTyped, { OperationsClient as TypedClient } from "../../dist/registry/index.js";
import { createFileRegistry, fromBinary, toJson } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { createClient } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { Operations } from "../gen/google/longrunning/operations_pb";
import { JobResultSchema, Jobs } from "../gen/lro/demo/v1/jobs_pb";

await init();
const memory = Object.values(await loaded()).find((v) => v instanceof WebAssembly.Memory)!;
const lro = new OperationsClient(location.origin);
// A second client of the same server: its waits share lro's loops and budget.
const other = new OperationsClient(location.origin);
// P3 with registered types: lro-web/registry and protobuf-es, both with a
// registry from the server's descriptor set.
await initTyped();
const descriptors = new Uint8Array(await (await fetch("/descriptors.binpb")).arrayBuffer());
const typed = new TypedClient(location.origin);
typed.registerTypes(descriptors);
const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, descriptors));
const transport = createGrpcWebTransport({ baseUrl: location.origin });
const connect = createClient(Operations, transport);
// The server's counters (GetStats), read after the waits measured.
const jobs = createClient(Jobs, transport);

type Timed = { lro: number[]; connect: number[] };

async function time(f: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await f();
  return performance.now() - start;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Operations calls the server counted, per method: those naming `name`, or all with "". */
async function calls(name: string): Promise<Record<string, number>> {
  const { calls } = await jobs.getStats({ name });
  return Object.fromEntries(Object.entries(calls).map(([method, n]) => [method, Number(n)]));
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** Runs `a` and `b` `n` times, alternating which goes first. */
async function alternate(n: number, a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<Timed> {
  const out: Timed = { lro: [], connect: [] };
  for (let i = 0; i < n; i++) {
    if (i % 2 === 0) {
      out.lro.push(await time(a));
      out.connect.push(await time(b));
    } else {
      out.connect.push(await time(b));
      out.lro.push(await time(a));
    }
  }
  return out;
}

const bench = {
  /** P2: GetOperation round trips. */
  get: (n: number, name: string) =>
    alternate(n, () => lro.get(name), () => connect.getOperation({ name })),

  /** P3: a page of `size` operations, from call to JS objects. */
  async list(n: number, size: number) {
    const sizes = { lro: 0, connect: 0 };
    const timed = await alternate(
      n,
      async () => (sizes.lro = (await lro.list("operations", { pageSize: size })).operations.length),
      async () => (sizes.connect = (await connect.listOperations({ name: "operations", pageSize: size })).operations.length),
    );
    return { ...timed, sizes };
  },

  /**
   * P3 with registered types: the same page, every metadata decoded to
   * proto3 JSON: lro-web/registry's `decoded`, protobuf-es's `toJson` of each
   * metadata's message type from its registry.
   */
  async listTyped(n: number, size: number) {
    const decoded = { lro: 0, connect: 0 };
    const timed = await alternate(
      n,
      async () => {
        const { operations } = await typed.list("operations", { pageSize: size });
        decoded.lro = operations.filter((op) => op.metadata?.decoded !== undefined).length;
      },
      async () => {
        const { operations } = await connect.listOperations({ name: "operations", pageSize: size });
        let count = 0;
        for (const { metadata } of operations) {
          const schema = metadata && registry.getMessage(metadata.typeUrl.slice(metadata.typeUrl.lastIndexOf("/") + 1));
          if (metadata && schema && toJson(schema, fromBinary(schema, metadata.value), { registry }) !== undefined) count++;
        }
        decoded.connect = count;
      },
    );
    return { ...timed, decoded };
  },

  /**
   * P3's floor: the same ListOperations request by a bare `fetch`, its body
   * read with `arrayBuffer()` and not decoded. What both clients pay before
   * any work of their own.
   */
  async floor(n: number, size: number) {
    const name = new TextEncoder().encode("operations");
    // ListOperationsRequest { page_size (2) = size, name (4) = "operations" };
    // size as a two-byte varint (128 to 16383).
    const message = new Uint8Array([0x10, size & 0x7f | 0x80, size >> 7, 0x22, name.length, ...name]);
    const body = new Uint8Array([0, 0, 0, 0, message.length, ...message]);
    const headers = { "content-type": "application/grpc-web+proto", "x-grpc-web": "1" };
    const url = `${location.origin}/google.longrunning.Operations/ListOperations`;
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      out.push(await time(async () => (await fetch(url, { method: "POST", body, headers })).arrayBuffer()));
    }
    return out;
  },

  /** P6: lro-web's wasm memory after 100 gets and after `n` more. */
  async memory(n: number, name: string) {
    for (let i = 0; i < 100; i++) await lro.get(name);
    const before = memory.buffer.byteLength;
    for (let i = 0; i < n; i++) await lro.get(name);
    return { before, after: memory.buffer.byteLength };
  },

  /**
   * P7: `names.length` concurrent waits, until all resolve; when they
   * started and when the last resolved (`Date.now()`: the bench's clock).
   */
  async waits(names: string[]) {
    const startedAt = Date.now();
    const ops = await Promise.all(names.map((name) => lro.wait(name)));
    return { startedAt, resolvedAt: Date.now(), done: ops.filter((op) => op.done).length };
  },

  /**
   * P8: gets of the done operation `target` while `names.length` waits (on
   * running operations) run, from `settleMs` after they start: `n` gets for
   * each of `gapsMs`, the pause after each get (0: back to back); then the
   * waits are aborted. Also what the waits cost the server meanwhile (its
   * Operations calls, less the gets), and the time from the abort until every
   * wait has rejected.
   */
  async getsDuringWaits(names: string[], target: string, n: number, gapsMs: number[], settleMs: number) {
    if (!(await lro.get(target)).done) throw new Error(`${target} is not done`);
    const before = sum(await calls(""));
    const controller = new AbortController();
    const start = performance.now();
    const waits = Promise.allSettled(names.map((name) => lro.wait(name, { signal: controller.signal })));
    await sleep(settleMs);
    const ms: number[][] = [];
    for (const gap of gapsMs) {
      const times: number[] = [];
      for (let i = 0; i < n; i++) {
        times.push(await time(() => lro.get(target)));
        if (gap) await sleep(gap);
      }
      ms.push(times);
    }
    const windowMs = performance.now() - start;
    const waitCalls = sum(await calls("")) - before - n * gapsMs.length;
    const aborted = performance.now();
    controller.abort();
    const settled = await waits;
    const abortMs = performance.now() - aborted;
    const unexpected = settled.filter((r) => r.status === "fulfilled" || (r.reason as Error).name !== "AbortError");
    if (unexpected.length) throw new Error(`${unexpected.length} of ${names.length} waits did not end by the abort`);
    return { ms, windowMs, waitCalls, abortMs };
  },

  /**
   * P9: waits on `names` at once, each stamped when it resolves; per wait,
   * the time from the job's end (the server's finish stamp, same clock) to
   * then, and the calls the server counted on its operation.
   */
  async doneToResolved(names: string[]) {
    const resolved = await Promise.all(names.map(async (name) => ({ op: await lro.wait(name), at: Date.now() })));
    return Promise.all(
      resolved.map(async ({ op, at }) => {
        if (!op.done || op.error) throw new Error(`${op.name} did not succeed`);
        const result = fromBinary(JobResultSchema, op.response.value);
        const counted = await calls(op.name);
        return {
          ms: at - Number(result.finishedUnixMs),
          waits: counted.WaitOperation ?? 0,
          gets: counted.GetOperation ?? 0,
        };
      }),
    );
  },

  /**
   * P10: `callers` concurrent waits on the operation `shared`, alternately
   * from two clients, beside one wait on `single` (a job of the same length);
   * the calls the server counted on each.
   */
  async sharedWaits(shared: string, single: string, callers: number) {
    const waits = [lro.wait(single)];
    for (let i = 0; i < callers; i++) waits.push((i % 2 ? other : lro).wait(shared));
    const ops = await Promise.all(waits);
    if (!ops.every((op) => op.done)) throw new Error("a wait resolved before its operation was done");
    return { shared: sum(await calls(shared)), single: sum(await calls(single)) };
  },
};

declare global {
  interface Window {
    bench: typeof bench;
  }
}
window.bench = bench;
document.getElementById("out")!.textContent = "ready";
