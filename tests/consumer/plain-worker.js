// A module worker using the installed package with no bundler.
import init, { OperationsClient } from "./node_modules/lro-web/dist/index.js";

addEventListener("message", async (event) => {
  const { base, running } = event.data;
  try {
    await init();
    const op = await new OperationsClient(base).wait(running);
    postMessage({ done: op.done, responseType: op.response?.typeUrl ?? "", where: typeof document });
  } catch (e) {
    postMessage({ error: String(e?.message ?? e) });
  }
});
