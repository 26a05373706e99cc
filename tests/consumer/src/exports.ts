// A piece of a user's app, tested with vitest in test/exports.test.ts: the
// README's "Testing your code" shows both.
import { OperationsClient, isOperationError, isRpcError } from "lro-web";

/** How an export ended, as the app tells its user. */
export type ExportOutcome =
  | { status: "ready"; name: string; updates: number }
  | { status: "failed"; name: string; reason: string }
  | { status: "unreachable"; reason: string };

/**
 * The app's export: starts it with `start` (the app's own RPC, which returns
 * the operation's name), follows it with lro-web, counting the progress
 * updates shown, and says how it ended. Only a cancel through `signal`
 * rejects.
 */
export async function runExport(
  client: OperationsClient,
  start: () => Promise<string>,
  signal?: AbortSignal,
): Promise<ExportOutcome> {
  let name: string;
  try {
    name = await start();
  } catch (e) {
    return { status: "unreachable", reason: String(e) };
  }
  let updates = 0;
  try {
    await client.result(name, { signal, onProgress: () => void updates++ });
    return { status: "ready", name, updates };
  } catch (e) {
    if (isOperationError(e)) return { status: "failed", name, reason: e.message };
    if (isRpcError(e) && e.codeName === "UNAVAILABLE") return { status: "unreachable", reason: e.message };
    throw e;
  }
}
