// Shortens the names by which a wasm-bindgen module and its JS glue know each
// other. wasm-bindgen names every import `__wbg_<name>_<16 hex digits>` and
// exports its helpers by long names; the module and the glue each carry all of
// them, and the hex digits do not compress. binaryen's
// --minify-imports-and-exports-and-modules renames them in the module (1-2
// letters each) and prints the old and new names; this script renames them in
// the glue to match, then checks that the glue still links the module.
//
// Usage: node scripts/minify-names.mjs <dir> (a wasm-pack --target web output:
// lro_web.js, lro_web_bg.wasm, lro_web.d.ts). Run by scripts/build-package.sh.
// What it saves is a row of the README's size table.
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const dir = process.argv[2];
const wasmPath = join(dir, "lro_web_bg.wasm");
const gluePath = join(dir, "lro_web.js");
const typesPath = join(dir, "lro_web.d.ts");

const fail = (why) => {
  console.error(`minify-names: ${why}`);
  process.exit(1);
};
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const names = JSON.parse(
  execFileSync("wasm-opt", [wasmPath, "--minify-imports-and-exports-and-modules", "-o", wasmPath], {
    encoding: "utf8",
  }),
);
const modules = new Set(
  WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(wasmPath))).map((i) => i.module),
);
if (modules.size !== 1) fail(`expected one import module, found ${[...modules].join(", ")}`);
const [moduleName] = modules;

let glue = readFileSync(gluePath, "utf8");
let types = readFileSync(typesPath, "utf8");

// The object that gathers the imports: `return { __proto__: null, "<module>": importN, ... }`.
const gathered = /return \{\s*__proto__: null,((?:\s*"[^"]+": import\d+,)+)\s*\};/;
const found = glue.match(gathered);
if (!found) fail("the glue's import object was not found");
const namespaceOf = new Map([...found[1].matchAll(/"([^"]+)": (import\d+)/g)].map((m) => [m[1], m[2]]));
const own = [...namespaceOf].find(([, ns]) => glue.includes(`const ${ns} = {`));
if (!own) fail("the glue's own import object was not found");
const [ownModule, ownObject] = own;

// Imports from snippets are reached through their namespace objects.
const fromSnippets = [];
for (const [module, name, short] of names.imports) {
  if (module === ownModule) {
    const key = new RegExp(`\\b${escape(name)}(?=: function)`);
    if (!key.test(glue)) fail(`import ${name} not found in the glue`);
    glue = glue.replace(key, short);
  } else {
    const ns = namespaceOf.get(module);
    if (!ns) fail(`no namespace for ${module}`);
    fromSnippets.push(`${short}: ${ns}.${name},`);
  }
}
glue = glue.replace(`const ${ownObject} = {\n        __proto__: null,`, (start) => `${start}\n${fromSnippets.join("\n")}`);
glue = glue.replace(gathered, `return { __proto__: null, ${JSON.stringify(moduleName)}: ${ownObject} };`);

for (const [name, short] of names.exports) {
  glue = glue.replace(new RegExp(`\\bwasm\\.${escape(name)}\\b`, "g"), `wasm.${short}`);
  types = types.replace(new RegExp(`\\breadonly ${escape(name)}:`, "g"), `readonly ${short}:`);
  // Reached any other way than `wasm.<name>`, it would be missed.
  if (new RegExp(`(\\.|["'])${escape(name)}\\b`).test(glue)) fail(`export ${name} is reached otherwise`);
}
writeFileSync(gluePath, glue);
writeFileSync(typesPath, types);
// It describes the module's exports by their old names.
rmSync(join(dir, "lro_web_bg.wasm.d.ts"), { force: true });

// The glue must link the module: every import a function it provides.
const { initSync } = await import(pathToFileURL(gluePath).href);
try {
  initSync({ module: readFileSync(wasmPath) });
} catch (e) {
  if (e instanceof WebAssembly.LinkError) fail(`the glue no longer links the module: ${e.message}`);
  // Anything else is the module starting outside a browser, after linking.
}
