// What the end-to-end tests wait for: states the reference server reports
// (GetStats), never fixed pauses. Each polls until the state holds, and
// fails naming it if it never does.
import { statsOf } from "../../www/jobs.js";

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The server cuts every gRPC-Web call, arriving or in flight, for `ms` (0 ends it). */
export async function outage(base, ms) {
  const response = await fetch(`${base}/fault/outage?ms=${ms}`, { method: "POST" });
  if (response.status !== 204) throw new Error(`outage: HTTP ${response.status}`);
}

/** WaitOperation and GetOperation calls counted in `stats`. */
export const waitingRpcs = ({ calls }) => (calls.WaitOperation ?? 0) + (calls.GetOperation ?? 0);

/** The server's count of WaitOperation and GetOperation calls naming `name`. */
export const rpcsOf = async (base, name) => waitingRpcs(await statsOf(base, name));

/**
 * Polls the server at `base` until `check(stats)` holds, with the stats of
 * the operation `name` ("": of every operation); those stats.
 */
export async function serverSees(base, name, check, what, ms = 15_000) {
  const until = Date.now() + ms;
  for (;;) {
    const stats = await statsOf(base, name);
    if (check(stats)) return stats;
    if (Date.now() > until) throw new Error(`the server never saw ${what}: ${JSON.stringify(stats)}`);
    await pause(50);
  }
}

/** Once the server has had a WaitOperation or GetOperation about each of `names`. */
export async function asked(base, names) {
  for (const name of names) await serverSees(base, name, (stats) => waitingRpcs(stats) > 0, `a call about ${name}`);
}
