// A module worker, dedicated or shared, that waits on an operation like a
// tab: its waits share with the tabs of its origin (lro-web's waits across
// tabs).
import init, { OperationsClient } from "./node_modules/lro-web/dist/index.js";

/** Answers each `{ base, name }` that reaches `port` with how the wait went. */
function serve(port) {
  port.addEventListener("message", async (event) => {
    const { base, name } = event.data;
    try {
      await init();
      const client = new OperationsClient(base);
      const waiting = client.wait(name);
      // Its role once its lock request is answered or queued behind a leader's.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const role = client.tabRole;
      const op = await waiting;
      port.postMessage({ done: op.done, role, where: typeof document });
    } catch (e) {
      port.postMessage({ error: String(e?.message ?? e) });
    }
  });
  port.start?.();
}

// A shared worker hears of each page that connects; a dedicated one is its
// own port.
const shared = typeof SharedWorkerGlobalScope == "function" && self instanceof SharedWorkerGlobalScope;
if (shared) addEventListener("connect", (event) => serve(event.ports[0]));
else serve(self);
