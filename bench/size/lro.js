// P1: what a page needs for one GetOperation with lro-web's default entry.
import init, { OperationsClient } from "../../dist/index.js";

await init();
console.log(await new OperationsClient(location.origin).get("operations/1"));
