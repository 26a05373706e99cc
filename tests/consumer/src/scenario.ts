// What a user's code does with lro-web, run in a page and in a worker.
import init, { OperationsClient, isOperationError, isRpcError, type Operation } from "lro-web";

/** What the scenario saw, for the test to check. */
export interface Outcome {
  where: "window" | "worker";
  done: boolean;
  responseType: string;
  progressCalls: number;
  failedWith: string;
  failedDetail: string;
  notFound: string;
  aborted: string;
}

/** Waits for `running` (a job that will succeed), fails `failing`, and probes errors. */
export async function scenario(base: string, running: string, failing: string): Promise<Outcome> {
  await init();
  const client = new OperationsClient(base, { timeoutMs: 10_000 });
  let progressCalls = 0;
  const op: Operation = await client.wait(running, {
    onProgress: () => void progressCalls++,
    longPollMs: 200,
  });
  const responseType = op.done && !op.error ? op.response.typeUrl : "";

  let failedWith = "";
  let failedDetail = "";
  try {
    await client.result(failing);
  } catch (e) {
    if (isOperationError(e)) {
      failedWith = e.status.codeName;
      failedDetail = e.status.details[0]?.typeUrl ?? "";
    }
  }

  let notFound = "";
  try {
    await client.get("operations/987654321");
  } catch (e) {
    if (isRpcError(e)) notFound = e.codeName;
  }

  let aborted = "";
  try {
    await client.wait(running, { signal: AbortSignal.abort(new Error("stop")) });
  } catch (e) {
    aborted = e instanceof Error ? e.message : String(e);
  }

  const where = typeof document === "undefined" ? "worker" : "window";
  return { where, done: op.done, responseType, progressCalls, failedWith, failedDetail, notFound, aborted };
}
