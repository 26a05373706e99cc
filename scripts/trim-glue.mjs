// Drops from wasm-bindgen's glue the generic code that this package never
// runs: branches for arguments its own entries never pass, and fallbacks for
// what every engine that runs ES2022 has. Each edit is an exact text of
// wasm-bindgen 0.2.130's output; a text not found fails the build, so that
// a new wasm-bindgen is looked at again rather than half trimmed.
//
// What it saves is a row of the README's size table.
//
// Usage: node scripts/trim-glue.mjs <dir> (after minify-names.mjs).
// Run by scripts/build-package.sh.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const path = join(process.argv[2], "lro_web.js");
let glue = readFileSync(path, "utf8");

const edit = (name, from, to) => {
  if (!glue.includes(from)) {
    console.error(`trim-glue: ${name}: the text to drop was not found`);
    process.exit(1);
  }
  glue = glue.split(from).join(to);
};

// passStringToWasm0 is always given wasm's realloc.
edit("realloc", `    if (realloc === undefined) {
        const buf = cachedTextEncoder.encode(arg);
        const ptr = malloc(buf.length, 1) >>> 0;
        getUint8ArrayMemory0().subarray(ptr, ptr + buf.length).set(buf);
        WASM_VECTOR_LEN = buf.length;
        return ptr;
    }
`, "");
// TextEncoder#encodeInto: in every engine since 2020.
edit("encodeInto", `
if (!('encodeInto' in cachedTextEncoder)) {
    cachedTextEncoder.encodeInto = function (arg, view) {
        const buf = cachedTextEncoder.encode(arg);
        view.set(buf);
        return {
            read: arg.length,
            written: buf.length
        };
    };
}
`, "");
// common.js's initWith passes `{ module_or_path }` or nothing.
edit("deprecated", `        if (Object.getPrototypeOf(module_or_path) === Object.prototype) {
            ({module_or_path} = module_or_path)
        } else {
            console.warn('using deprecated parameters for the initialization function; pass a single object instead')
        }`, `        ({module_or_path} = module_or_path)`);
// FinalizationRegistry: ES2021.
for (const [object, call] of [
  ["OperationsClientFinalization", "ptr => wasm."],
  ["CLOSURE_DTORS", "state => wasm."],
]) {
  edit("finalization", `const ${object} = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(${call}`, `const ${object} = new FinalizationRegistry(${call}`);
}
// js_sys::global() asks for self, window and global only where there is no
// globalThis (ES2020).
for (const name of ["self", "window", "global"]) {
  edit("globals", `            const ret = typeof ${name} === 'undefined' ? undefined : ${name};
            return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);`, `            return 0;`);
}
// The memory's buffer is another once it grew (the old one detached).
edit("memory", `cachedDataViewMemory0.buffer.detached === true || (cachedDataViewMemory0.buffer.detached === undefined && cachedDataViewMemory0.buffer !== wasm.`, `(cachedDataViewMemory0.buffer !== wasm.`);
writeFileSync(path, glue);
