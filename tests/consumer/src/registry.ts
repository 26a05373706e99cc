// The second entry as a user's code uses it: register the server's
// descriptor set, look up the method's types, and read decoded payloads.
import init, { OperationsClient, isRpcError } from "lro-web/registry";
import initDefault, { OperationsClient as DefaultClient } from "lro-web";

/** What the registry scenario saw, for the test to check. */
export interface RegistryOutcome {
  responseType: string;
  label: string;
  totalSteps: number;
  withoutRegistry: string;
}

const START_JOB = "lro.demo.v1.Jobs.StartJob";

export async function registryScenario(base: string, running: string): Promise<RegistryOutcome> {
  await init();
  const client = new OperationsClient(base);
  const set = await fetch(`${base}/descriptors.binpb`);
  client.registerTypes(new Uint8Array(await set.arrayBuffer()));
  const { responseType } = client.operationTypes(START_JOB);
  const op = await client.wait(running, { method: START_JOB });
  const response = op.done && !op.error ? op.response.decoded : undefined;
  const progress = op.metadata?.decoded;
  const label = typeof response === "object" && response !== null && "label" in response ? String(response.label) : "";
  const totalSteps =
    typeof progress === "object" && progress !== null && "totalSteps" in progress ? Number(progress.totalSteps) : 0;

  // The default entry, in the same page, refuses `method` and says where to look.
  await initDefault();
  let withoutRegistry = "";
  try {
    await new DefaultClient(base).wait(running, { method: START_JOB });
  } catch (e) {
    if (isRpcError(e)) withoutRegistry = `${e.codeName}: ${e.message}`;
  }
  return { responseType, label, totalSteps, withoutRegistry };
}
