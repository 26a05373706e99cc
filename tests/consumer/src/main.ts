// The Vite page: runs the scenario in the window, or in a dedicated worker.
import { scenario, type Outcome } from "./scenario";
import { registryScenario, type RegistryOutcome } from "./registry";

declare global {
  interface Window {
    runScenario(running: string, failing: string): Promise<Outcome>;
    runInWorker(running: string, failing: string): Promise<Outcome>;
    runRegistry(running: string): Promise<RegistryOutcome>;
  }
}

window.runScenario = (running, failing) => scenario(location.origin, running, failing);

window.runRegistry = (running) => registryScenario(location.origin, running);

window.runInWorker = (running, failing) =>
  new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
    worker.onmessage = (event: MessageEvent<Outcome | { error: string }>) => {
      worker.terminate();
      if ("error" in event.data) reject(new Error(event.data.error));
      else resolve(event.data);
    };
    worker.postMessage({ base: location.origin, running, failing });
  });

document.getElementById("out")!.textContent = "ready";
