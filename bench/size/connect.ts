// P1: what a page needs for one GetOperation with connect-web and protobuf-es.
import { createClient } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { Operations } from "../gen/google/longrunning/operations_pb";

const client = createClient(Operations, createGrpcWebTransport({ baseUrl: location.origin }));
console.log(await client.getOperation({ name: "operations/1" }));
