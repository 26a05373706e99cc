// P1: the bytes a page downloads for one GetOperation, gzip -9 and brotli 11
// per file, summed. For lro-web: its default entry bundled with esbuild
// (minified: the entry and wasm-bindgen's glue) plus dist/lro_web_bg.wasm; for
// connect-web: the same call bundled with esbuild, minified.
//
// `node bench/size.mjs --budgets` (run by `npm test` after the package is
// built) fails when an entry's gzip total is over its budget (BUDGETS):
// sizes do not flake, so the size budgets are a test; the goals (GOALS) and
// the speed goals are the benchmark's to report.
import { readFileSync } from "node:fs";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

import { build } from "esbuild";

const root = new URL("..", import.meta.url);

const gzip = (b) => gzipSync(b, { level: 9 }).length;
const brotli = (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

async function bundle(entry, external = []) {
  const out = await build({
    external,
    entryPoints: [new URL(entry, root).pathname],
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2022",
    write: false,
    logLevel: "error",
  });
  return Buffer.concat(out.outputFiles.map((f) => Buffer.from(f.contents)));
}

/** lro-web's default entry: gzip and brotli totals, and gzip of each part. */
export async function lroSize() {
  const wasm = readFileSync(new URL("dist/lro_web_bg.wasm", root));
  const js = await bundle("bench/size/lro.js");
  return { gzip: gzip(js) + gzip(wasm), brotli: brotli(js) + brotli(wasm), js: gzip(js), wasm: gzip(wasm) };
}

/** lro-web/registry with a descriptor set registered: totals and parts. */
export async function lroRegistrySize() {
  const wasm = readFileSync(new URL("dist/registry/lro_web_bg.wasm", root));
  const js = await bundle("bench/size/registry.js");
  return { gzip: gzip(js) + gzip(wasm), brotli: brotli(js) + brotli(wasm), js: gzip(js), wasm: gzip(wasm) };
}

/** connect-web + protobuf-es with a registry and toJson (needs bench/gen). */
export async function connectRegistrySize() {
  const js = await bundle("bench/size/connect-registry.ts");
  return { gzip: gzip(js), brotli: brotli(js) };
}

/** The connect-web client (needs bench/gen, from bench/gen.mjs). */
export async function connectSize() {
  const js = await bundle("bench/size/connect.ts");
  return { gzip: gzip(js), brotli: brotli(js) };
}

/** The peers a TanStack Query layer leaves to the app's bundle. */
const QUERY_PEERS = ["react", "react-dom", "@tanstack/*", "@connectrpc/connect", "@bufbuild/protobuf", "@bufbuild/protobuf/*"];

/** lro-web/query and @connectrpc/connect-query, each whole entry without its peers: gzip and brotli. */
export async function querySizes() {
  const sizes = {};
  for (const [who, entry] of [["lro", "bench/size/query.js"], ["connect", "bench/size/connect-query.js"]]) {
    const js = await bundle(entry, QUERY_PEERS);
    sizes[who] = { gzip: gzip(js), brotli: brotli(js) };
  }
  return sizes;
}

/** What lro-web/persist adds to a page of the default entry (gzip of the JS, one persisted wait against one get). */
export async function persistSize() {
  return gzip(await bundle("bench/size/persist.js")) - gzip(await bundle("bench/size/lro.js"));
}

/** The test budgets (gzip bytes, `npm test` fails past them) and the goals the bench reports. */
export const BUDGETS = { default: 52_000, registry: 66_000, query: 1_000, persist: 2_000 };
export const GOALS = { default: 45_000, registry: 60_000 };

if (process.argv.includes("--budgets")) {
  let over = false;
  for (const [entry, measure] of [["default", lroSize], ["registry", lroRegistrySize]]) {
    const size = await measure();
    const budget = BUDGETS[entry];
    const line = `lro-web ${entry} entry: ${size.gzip} bytes gzip (wasm ${size.wasm}, JS ${size.js}); budget ${budget}, goal ${GOALS[entry]}`;
    if (size.gzip <= budget) console.log(line);
    else (console.error(`${line}: over budget`), (over = true));
  }
  const added = [
    ["query", (await querySizes()).lro.gzip, "the whole entry, minified"],
    ["persist", await persistSize(), "added to a page of the default entry"],
  ];
  for (const [entry, size, what] of added) {
    const line = `lro-web/${entry}: ${size} bytes gzip (${what}); budget ${BUDGETS[entry]}`;
    if (size <= BUDGETS[entry]) console.log(line);
    else (console.error(`${line}: over budget`), (over = true));
  }
  if (over) process.exit(1);
}
