// Type test of the second entry, lro-web/registry: the same API, and an
// OperationsClient with registerTypes and operationTypes. Nothing here runs.
import init, {
  OperationsClient,
  isRpcError,
  type AnyMessage,
  type JsonValue,
  type OperationTypes,
  type WaitOptions,
} from "../../dist/registry/index.js";
import { OperationsClient as DefaultClient } from "../../dist/index.js";

async function useTheRegistry(set: Uint8Array, buffer: ArrayBuffer): Promise<void> {
  await init();
  const client = new OperationsClient("/api");
  const registered: void = client.registerTypes(set);
  client.registerTypes(buffer);
  const types: OperationTypes = client.operationTypes("lro.demo.v1.Jobs.StartJob");
  const responseType: string = types.responseType;
  const byMethod: WaitOptions = { method: "lro.demo.v1.Jobs.StartJob" };
  const byTypes: WaitOptions = { ...types };
  const result: AnyMessage = await client.result("operations/1", byMethod);
  const decoded: JsonValue | undefined = result.decoded;
  await client.wait("operations/1", byTypes);
  void [registered, responseType, decoded, isRpcError];
}

function misuse(client: OperationsClient, plain: DefaultClient): void {
  // @ts-expect-error a descriptor set is bytes
  client.registerTypes("lro.demo.v1");
  // @ts-expect-error the method is a string
  client.operationTypes(7);
  // @ts-expect-error the default entry has no registry
  plain.registerTypes(new Uint8Array());
}

void useTheRegistry;
void misuse;
