// A module worker that waits on an operation like a tab: its waits share
// with the tabs of its origin (lro-web's waits across tabs).
import init, { OperationsClient } from "./node_modules/lro-web/dist/index.js";

addEventListener("message", async (event) => {
  const { base, name } = event.data;
  try {
    await init();
    const client = new OperationsClient(base);
    const waiting = client.wait(name);
    // Its role once its lock request is answered or queued behind a leader's.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const role = client.tabRole;
    const op = await waiting;
    postMessage({ done: op.done, role, where: typeof document });
  } catch (e) {
    postMessage({ error: String(e?.message ?? e) });
  }
});
