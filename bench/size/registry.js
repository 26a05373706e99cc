// P1: what a page needs to decode its own types with lro-web: the
// lro-web/registry entry, a descriptor set registered, one GetOperation whose
// payloads come decoded to proto3 JSON.
import init, { OperationsClient } from "../../dist/registry/index.js";

await init();
const client = new OperationsClient(location.origin);
client.registerTypes(new Uint8Array(await (await fetch("/descriptors.binpb")).arrayBuffer()));
console.log((await client.get("operations/1")).metadata?.decoded);
