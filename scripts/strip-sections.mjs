// Drops the custom sections a page never reads from a wasm module: the name
// section, `producers` (the compilers' names and versions) and
// `target_features`. Done on the bytes, after every binaryen pass: binaryen
// reads the module's features from `target_features`, so the section must
// stay until the last wasm-opt has run. Code and data are copied untouched.
//
// Usage: node scripts/strip-sections.mjs <module.wasm> (rewritten in place).
// Run by scripts/build-package.sh.
import { readFileSync, writeFileSync } from "node:fs";

import { uleb } from "./wasm-leb.mjs";

const DROPPED = new Set(["name", "producers", "target_features"]);

/** `bytes` without the custom sections named in DROPPED. */
export function stripSections(bytes) {
  const kept = [bytes.subarray(0, 8)];
  let at = 8;
  while (at < bytes.length) {
    const start = at;
    const id = bytes[at++];
    const [size, body] = uleb(bytes, at);
    at = body + size;
    if (at > bytes.length) throw new Error("the module ends inside a section");
    if (id === 0) {
      const [length, name] = uleb(bytes, body);
      if (DROPPED.has(new TextDecoder().decode(bytes.subarray(name, name + length)))) continue;
    }
    kept.push(bytes.subarray(start, at));
  }
  return Buffer.concat(kept);
}

const path = process.argv[2];
if (path) {
  const stripped = stripSections(readFileSync(path));
  new WebAssembly.Module(stripped); // still a valid module
  writeFileSync(path, stripped);
}
