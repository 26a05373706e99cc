// P1: the same with connect-web and protobuf-es: a registry from the
// descriptor set, one GetOperation, its metadata to proto3 JSON.
import { createFileRegistry, fromBinary, toJson } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { createClient } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { Operations } from "../gen/google/longrunning/operations_pb";

const bytes = new Uint8Array(await (await fetch("/descriptors.binpb")).arrayBuffer());
const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, bytes));
const client = createClient(Operations, createGrpcWebTransport({ baseUrl: location.origin }));
const { metadata } = await client.getOperation({ name: "operations/1" });
const schema = metadata && registry.getMessage(metadata.typeUrl.slice(metadata.typeUrl.lastIndexOf("/") + 1));
if (metadata && schema) console.log(toJson(schema, fromBinary(schema, metadata.value), { registry }));
