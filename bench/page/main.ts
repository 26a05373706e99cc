// The benchmark page: lro-web and an equivalent connect-web client
// (@connectrpc/connect-web's gRPC-Web transport, protobuf-es code generated
// from the same operations.proto) against the same server, alternated.
import init, { OperationsClient } from "../../dist/index.js";
// wasm-bindgen's loader returns the instance's exports once loaded: its memory.
import loaded from "../../dist/lro_web.js";
import { createClient } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { Operations } from "../gen/google/longrunning/operations_pb";

await init();
const { memory } = await loaded();
const lro = new OperationsClient(location.origin);
const connect = createClient(Operations, createGrpcWebTransport({ baseUrl: location.origin }));

type Timed = { lro: number[]; connect: number[] };

async function time(f: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await f();
  return performance.now() - start;
}

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

  /** P7: `names.length` concurrent waits, until all resolve. */
  async waits(names: string[]) {
    const start = performance.now();
    const ops = await Promise.all(names.map((name) => lro.wait(name)));
    return { ms: performance.now() - start, done: ops.filter((op) => op.done).length };
  },
};

declare global {
  interface Window {
    bench: typeof bench;
  }
}
window.bench = bench;
document.getElementById("out")!.textContent = "ready";
