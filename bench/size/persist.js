// P1: the default entry with lro-web/persist: one persisted wait.
import init, { OperationsClient } from "../../dist/index.js";
import { persisted } from "../../dist/persist/index.js";

await init();
console.log(await persisted(new OperationsClient(location.origin)).wait("operations/1"));
