// Type test: the .d.ts that wasm-pack emits describes the API exactly.
// Checked with `tsc --strict --noEmit`; nothing here runs.
import init, {
  OperationsClient,
  isOperationError,
  isRpcError,
  type AnyMessage,
  type CallInfo,
  type CallOptions,
  type CallOutcome,
  type ClientOptions,
  type CodeName,
  type JsonValue,
  type ListAllOptions,
  type ListOperationsResult,
  type ListOptions,
  type Backoff,
  type OnCall,
  type Operation,
  type OperationError,
  type RequestHeaders,
  type RpcError,
  type Status,
  type WaitOptions,
  type WatchOptions,
} from "../../dist/index.js";

async function useEveryExport(): Promise<void> {
  await init();
  const options: ClientOptions = { headers: { authorization: "Bearer x" }, timeoutMs: 10_000 };
  const client: OperationsClient = new OperationsClient("http://127.0.0.1:8080", options);
  new OperationsClient("/api");

  const call: CallOptions = { signal: new AbortController().signal, timeoutMs: 500, headers: {} };
  const op: Operation = await client.get("operations/1", call);
  const listOptions: ListOptions = { filter: "done=true", pageSize: 10, pageToken: "", ...call };
  const page: ListOperationsResult = await client.list("operations", listOptions);
  const first: Operation | undefined = page.operations[0];
  const token: string = page.nextPageToken;
  const backoff: Backoff = { initialDelayMs: 500, maxDelayMs: 10_000, multiplier: 1.5 };
  const waitOptions: WaitOptions = {
    timeoutMs: 30_000,
    mode: "auto",
    onProgress: (progress: Operation) => console.log(progress.name, progress.metadata?.typeUrl),
    retryCodes: ["UNAVAILABLE", "RESOURCE_EXHAUSTED"],
    backoff,
    longPollMs: 20_000,
    ...call,
  };
  const waited: Operation = await client.wait("operations/1", waitOptions);
  const response: AnyMessage = await client.result("operations/1", { mode: "poll" });
  void response;
  const cancelled: void = await client.cancel("operations/1");
  const deleted: void = await client.delete("operations/1", call);
  void [first, token, waited, cancelled, deleted];

  // Operation is a union on `done`: narrowing gives error or response.
  const name: string = op.name;
  const metadata: AnyMessage | undefined = op.metadata;
  if (!op.done) {
    // @ts-expect-error a running operation has no error
    const e: Status = op.error;
    void e;
  } else if (op.error) {
    const status: Status = op.error;
    const codeName: CodeName = status.codeName;
    const details: AnyMessage[] = status.details;
    const decoded: JsonValue | undefined = details[0]?.decoded;
    const why: string | undefined = details[0]?.decodeError;
    void [codeName, details, decoded, why];
  } else {
    const response: AnyMessage = op.response;
    const typeUrl: string = response.typeUrl;
    const bytes: Uint8Array = response.value;
    void [typeUrl, bytes];
  }
  void [name, metadata];

  try {
    await client.result("operations/2");
  } catch (e) {
    if (isOperationError(e)) {
      const failed: OperationError = e;
      const status: Status = failed.status;
      const code: number = failed.code;
      void [status, code];
    }
  }

  try {
    await client.get("operations/2");
  } catch (e) {
    if (!isRpcError(e)) throw e;
    const error: RpcError = e;
    const code: number = error.code;
    const codeName: CodeName = error.codeName;
    const asError: Error = error;
    void [code, codeName, asError];
  }
}

// The iterators: every operation of every page, and one operation's states.
async function iterate(client: OperationsClient): Promise<void> {
  const all: ListAllOptions = { filter: "done=false", pageSize: 25, timeoutMs: 5000 };
  for await (const op of client.listAll("operations", all)) {
    const name: string = op.name;
    void name;
  }
  const watching: WatchOptions = { timeoutMs: 60_000, mode: "auto", signal: new AbortController().signal };
  for await (const op of client.watch("operations/1", watching)) {
    if (op.done) {
      // Narrowed on done: exactly one of error and response.
      const outcome: Status | AnyMessage = op.error ?? op.response;
      void outcome;
    } else {
      const progress: AnyMessage | undefined = op.metadata;
      void progress;
      // @ts-expect-error a running operation has no response
      const response: AnyMessage = op.response;
      void response;
    }
  }
  const states: AsyncIterableIterator<Operation> = client.watch("operations/1");
  await states.return?.();
}

// Headers from functions, sync or async, and a hook around every RPC.
async function credentials(token: () => Promise<string>): Promise<void> {
  const fresh: RequestHeaders = async () => ({ authorization: `Bearer ${await token()}` });
  const fixed: RequestHeaders = { "x-tenant": "a" };
  const durations: number[] = [];
  const onCall: OnCall = (call: CallInfo) => {
    const method: string = call.method;
    const name: string = call.name;
    call.headers.traceparent = `00-${method}-${name}-01`;
    return (outcome: CallOutcome) => {
      const code: number = outcome.code;
      const codeName: CodeName = outcome.codeName;
      void [code, codeName];
      durations.push(outcome.durationMs);
    };
  };
  const client = new OperationsClient("/api", { headers: fresh, onCall });
  await client.get("operations/1", { headers: fixed });
  await client.wait("operations/1", { headers: () => ({ authorization: "Bearer t" }) });
  new OperationsClient("/api", { onCall: async () => undefined });
}

// init() loads the module; it takes an optional source of the .wasm.
const loaded: Promise<void> = init(new URL("https://cdn.example/lro_web_bg.wasm"));
void loaded;

// Lines that must not compile.
function misuse(client: OperationsClient): void {
  // @ts-expect-error the name is a string
  void client.get(42);
  // @ts-expect-error timeoutMs is a number
  void client.get("operations/1", { timeoutMs: "soon" });
  // @ts-expect-error headers are strings
  void client.get("operations/1", { headers: { "x-a": 1 } });
  // @ts-expect-error a headers function gives strings
  void client.get("operations/1", { headers: () => ({ "x-a": 1 }) });
  // @ts-expect-error a headers function takes no arguments it is not given
  void client.get("operations/1", { headers: (token: string) => ({ authorization: token }) });
  // @ts-expect-error onCall is the client's, not a call's
  void client.get("operations/1", { onCall: () => undefined });
  // @ts-expect-error the outcome's code is a number
  new OperationsClient("/api", { onCall: () => (outcome: { code: string }) => outcome });
  // @ts-expect-error no such option
  void client.list("operations", { page_size: 3 });
  // @ts-expect-error not a mode
  void client.wait("operations/1", { mode: "sometimes" });
  // @ts-expect-error retryCodes are code names
  void client.wait("operations/1", { retryCodes: [14] });
  // @ts-expect-error onProgress takes an Operation
  void client.wait("operations/1", { onProgress: (n: number) => n });
  // @ts-expect-error only the API is exported, not wasm-bindgen's glue
  void import("../../dist/index.js").then((m) => m.initSync);
  // @ts-expect-error not a code name
  const code: CodeName = "NOT_A_CODE";
  void code;
  // @ts-expect-error watch takes no onProgress: iterate instead
  void client.watch("operations/1", { onProgress: () => undefined });
  // @ts-expect-error listAll follows the page tokens itself
  void client.listAll("operations", { pageToken: "t" });
  // @ts-expect-error the states are Operations
  void (async () => { for await (const op of client.watch("operations/1")) { const n: number = op; void n; } });
}

void useEveryExport;
void credentials;
void iterate;
void misuse;
