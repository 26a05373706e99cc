// Checks what the package's release modules hold, for `npm test`:
// - no formatting machinery (`core::fmt`): messages are written by the
//   crate's own writer (src/core/text.rs), and a panic aborts at once. Read
//   from the twin of each module that keeps its function names
//   (target/package/<entry>.names.wasm, made by scripts/build-package.sh);
// - no file path in any shipped file (the wasm and the JS of dist/): no
//   `/rustc/`, no `.cargo`, no `….rs`, nothing of the folder it was built in,
//   so that builds on other machines give the same bytes.
// Usage: node scripts/check-module.mjs (after scripts/build-package.sh).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

import { uleb } from "./wasm-leb.mjs";

const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const ENTRIES = ["default", "registry"];
/** Function names that belong to core::fmt or call into it to format. */
const FMT = /core(\[[0-9a-f]+\])?::fmt::|alloc(\[[0-9a-f]+\])?::fmt::format|as core(\[[0-9a-f]+\])?::fmt::(Display|Debug|Write)>/;

/** The function names of a module's name section. */
export function functionNames(bytes) {
  const module = new WebAssembly.Module(bytes);
  const [section] = WebAssembly.Module.customSections(module, "name");
  if (!section) return [];
  const data = new Uint8Array(section);
  const names = [];
  let at = 0;
  while (at < data.length) {
    const id = data[at++];
    let size;
    [size, at] = uleb(data, at);
    const end = at + size;
    if (id === 1) {
      let count;
      [count, at] = uleb(data, at);
      for (let i = 0; i < count; i++) {
        let length;
        [, at] = uleb(data, at);
        [length, at] = uleb(data, at);
        names.push(new TextDecoder().decode(data.subarray(at, at + length)));
        at += length;
      }
    }
    at = end;
  }
  return names;
}

/** The names among `names` that format with core::fmt. */
export const formatting = (names) => names.filter((name) => FMT.test(name));

/** The file paths `text` names: of the toolchain, of crates, of this folder. */
export function paths(text) {
  const found = text.match(/\/rustc\/[^\s"]*|\.cargo\/[^\s"]*|[\w.-]*\/[\w./-]*\.rs\b/g) ?? [];
  for (const folder of [root, homedir()]) if (text.includes(folder)) found.push(folder);
  return found;
}

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  let failed = false;
  for (const entry of ENTRIES) {
    const names = functionNames(readFileSync(join(root, "target/package", `${entry}.names.wasm`)));
    // An empty name list would pass vacuously.
    if (names.length < 100) {
      console.error(`${entry}: the names-kept module names only ${names.length} functions`);
      failed = true;
    }
    const fmt = formatting(names);
    if (fmt.length) {
      console.error(`${entry}: the release module formats with core::fmt:\n  ${fmt.join("\n  ")}`);
      failed = true;
    } else {
      console.log(`${entry}: ${names.length} functions, none of core::fmt`);
    }
  }
  for (const file of files(join(root, "dist"))) {
    const found = paths(readFileSync(file).toString("latin1"));
    if (found.length) {
      console.error(`${file.slice(root.length + 1)} names file paths: ${[...new Set(found)].join(", ")}`);
      failed = true;
    }
  }
  if (failed) process.exit(1);
  console.log("no file path in dist/");
}
