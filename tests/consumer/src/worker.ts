// A dedicated worker using lro-web: no window, no document.
import { scenario } from "./scenario";

addEventListener("message", async (event: MessageEvent<{ base: string; running: string; failing: string }>) => {
  const { base, running, failing } = event.data;
  try {
    postMessage(await scenario(base, running, failing));
  } catch (e) {
    postMessage({ error: String(e instanceof Error ? e.message : e) });
  }
});
