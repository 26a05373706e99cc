// Generates the connect-web side of the benchmark: protoc-gen-es (the real
// plugin, from npm) run on google/longrunning/operations.proto, fed a
// CodeGeneratorRequest built from the reference server's descriptor set, so
// no protoc is needed. Writes bench/gen/.
//   node bench/gen.mjs http://127.0.0.1:8080/descriptors.binpb   (or a file path)
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { CodeGeneratorRequestSchema, CodeGeneratorResponseSchema } from "@bufbuild/protobuf/wkt";

const [from] = process.argv.slice(2);
const bytes = from.startsWith("http") ? new Uint8Array(await (await fetch(from)).arrayBuffer()) : readFileSync(from);
const set = fromBinary(FileDescriptorSetSchema, bytes);
const request = create(CodeGeneratorRequestSchema, {
  fileToGenerate: set.file.map((f) => f.name).filter((n) => !n.startsWith("google/protobuf/")),
  parameter: "target=ts",
  protoFile: set.file,
});
const plugin = join(dirname(new URL(import.meta.url).pathname), "../node_modules/.bin/protoc-gen-es");
const run = spawnSync(plugin, { input: toBinary(CodeGeneratorRequestSchema, request) });
if (run.status !== 0) throw new Error(`protoc-gen-es failed: ${run.stderr}`);
const response = fromBinary(CodeGeneratorResponseSchema, run.stdout);
if (response.error) throw new Error(`protoc-gen-es: ${response.error}`);
const out = join(dirname(new URL(import.meta.url).pathname), "gen");
for (const file of response.file) {
  const path = join(out, file.name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, file.content);
}
console.log(`generated ${response.file.length} files into bench/gen/`);
