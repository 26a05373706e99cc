// The default entry's bytes by part: how many gzip bytes each part of the
// code costs the page, drawn as bench/figures/size-by-part.svg.
//
// The shipped module has no function names, so the parts are measured on its
// twin that keeps them, which the package build leaves in
// target/package/default.names.wasm (the same wasm-opt passes with
// --debuginfo), with its imports and exports shortened as
// scripts/minify-names.mjs does. Each part's functions (by the path in their
// names) have their bodies replaced by `unreachable`, the custom sections
// (names) are dropped, and the module is gzipped again: the part's bytes are
// what that saves. The data section is zeroed the same way. Approximate:
// wasm-opt inlines small functions into their callers, so inlined code counts
// for the caller's part, and gzip's savings do not add up exactly (blanking
// one part also loses the repeats that other parts share with it): what no
// part accounts for is a bar of its own. The JS is the default entry bundled
// and minified as in P1 (bench/size.mjs).
//
//   node bench/anatomy.mjs target/package/default.names.wasm
// Prints a table (also in test-output/bench-anatomy.md) and writes the
// figure; `npm run bench` runs it after the package build.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

import { barChart, machine } from "./svg.mjs";
import { lroSize } from "./size.mjs";
import { uleb } from "../scripts/wasm-leb.mjs";

const root = new URL("..", import.meta.url);
const gzip = (b) => gzipSync(b, { level: 9 }).length;

/**
 * The parts: a name and whether a function of that path belongs, the first
 * that matches (so "client, errors, base64, sort" is the rest of lro-web's
 * own code).
 */
export const PARTS = [
  ["bindings (the JS face)", (p) => p.startsWith("lro_web::bindings") || p === "start"],
  ["wait engine", (p) => p.startsWith("lro_web::core::wait")],
  ["transport", (p) => p.startsWith("lro_web::core::transport")],
  ["codec (protobuf messages)", (p) => /^(lro_web::core::codec|lro_web::proto|prost)/.test(p)],
  ["WKT JSON", (p) => /^lro_web::core::(wkt|json|descriptor)/.test(p)],
  ["client, errors, base64, sort", (p) => p.startsWith("lro_web::")],
  ["futures and executor", (p) => /^(js_sys::futures|wasm_bindgen_futures|futures_|gloo_timers)/.test(p)],
  ["allocator", (p) => /^(lol_alloc|talc|__rustc::|alloc::alloc::)/.test(p)],
  ["std, alloc, core", (p) => /^(core|alloc|std|compiler_builtins)::/.test(p)],
  ["wasm-bindgen and js-sys glue", (p) => /^(wasm_bindgen|js_sys|web_sys|__wbindgen|__wbg|__externref)/.test(p) || / shim$/.test(p)],
];
const UNNAMED = "functions wasm-opt merged (no name)";

const STD = /^(core|alloc|std|compiler_builtins)::/;
const PRIMITIVE = /^(\[.*\]|\(.*\)|str|char|bool|[iuf](8|16|32|64|128|size))$/;

/** The first path in `text` of a crate other than std's, from there on. */
function foreignPath(text) {
  for (const m of text.matchAll(/(?<![:\w])([a-z_][a-z0-9_]*)::[A-Za-z_{]/g)) {
    if (!["core", "alloc", "std", "compiler_builtins"].includes(m[1])) return text.slice(m.index);
  }
  return undefined;
}

/** The path a function's code belongs to, from its demangled name. */
export function pathOf(name) {
  let n = name.replace(/\[[0-9a-f]{1,16}\]/g, "").replace(/ (externref|multivalue)( shim)?/g, " shim").trim();
  // The exported class's methods: wasm-bindgen's shims, with the methods inlined.
  if (/^(__wbg_)?operationsclient_/.test(n)) return `lro_web::bindings::exports::${n}`;
  if (/ shim$/.test(n) && !n.startsWith("<")) return n.startsWith("wasm_bindgen") ? n : `__wbindgen ${n}`;
  // Drop glue is the code of the type dropped: of the first crate it names.
  const glue = n.match(/^core::ptr::drop_glue::<(.*)>$/);
  if (glue) return foreignPath(glue[1]) ?? "core::ptr::drop_glue";
  // `<Self as Trait>::f` and `<Self>::f`: the code of Self.
  const whole = n;
  while (n.startsWith("<")) {
    let depth = 0, end = -1, as = -1;
    for (let i = 0; i < n.length; i++) {
      const c = n[i];
      if (c === "<") depth++;
      else if (c === ">" && n[i - 1] !== "-") {
        depth--;
        if (depth === 0) { end = i; break; }
      } else if (depth === 1 && as < 0 && n.startsWith(" as ", i)) as = i;
    }
    n = n.slice(1, as > 0 ? as : end > 0 ? end : n.length).replace(/^&(mut )?/, "");
  }
  if (PRIMITIVE.test(n)) return "core::primitive";
  // std's iterator adapters and combinators, and the executor's
  // future_to_promise, over another crate's closure: the closure's code,
  // inlined into them.
  const closure = whole.indexOf("{closure");
  if ((STD.test(n) || n.startsWith("js_sys::futures::future_to_promise")) && closure > 0) {
    const before = whole.slice(0, closure);
    const owners = [...before.matchAll(/(?<![:\w])([a-z_][a-z0-9_]*)::[A-Za-z_]/g)].filter((m) => !STD.test(`${m[1]}::`));
    if (owners.length && !whole.slice(owners.at(-1).index).startsWith(n)) return whole.slice(owners.at(-1).index);
  }
  return n;
}

/** The part a named function belongs to. */
export function partOf(name) {
  if (/^\d+$/.test(name)) return UNNAMED;
  const path = pathOf(name);
  return PARTS.find(([, belongs]) => belongs(path))?.[0] ?? "other";
}

/**
 * The parts of every function of the module at `path`, `module`'s bodies
 * read from it. Functions without a name are those wasm-opt made by merging
 * similar ones (binaryen names them by their index among the module's own
 * functions): each counts for the part of its callers, when they all have
 * one, by the module's call graph.
 */
function partsOf(path, module) {
  const parts = new Map(module.bodies.map(({ name }) => [name, partOf(name)]));
  const graph = execFileSync("wasm-opt", [path, "--print-call-graph", "-o", "/dev/null"], { encoding: "utf8", maxBuffer: 1 << 28 });
  const callers = new Map();
  for (const [, caller, callee] of graph.matchAll(/^\s*"(.*)" -> "(\d+)"; \/\/ call$/gm)) {
    if (!callers.has(callee)) callers.set(callee, new Set());
    callers.get(callee).add(caller);
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const [callee, from] of callers) {
      const of = new Set([...from].map((caller) => parts.get(caller) ?? UNNAMED));
      if (parts.get(callee) === UNNAMED && of.size === 1 && !of.has(UNNAMED)) {
        parts.set(callee, [...of][0]);
        changed = true;
      }
    }
  }
  return parts;
}

// A minimal reader and writer of the wasm binary: sections, function bodies,
// data segments, function names.
/** Past a LEB128 number, signed or not. */
function skipLeb(bytes, at) {
  while (bytes[at++] & 0x80);
  return at;
}
function encodeUleb(n) {
  const out = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return Buffer.from(out);
}
const vecOf = (parts) => Buffer.concat([encodeUleb(parts.length), ...parts]);
const section = (id, payload) => Buffer.concat([Buffer.from([id]), encodeUleb(payload.length), payload]);

function sections(bytes) {
  const out = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, start] = uleb(bytes, at + 1);
    out.push({ id, payload: bytes.subarray(start, start + size) });
    at = start + size;
  }
  return out;
}
const nameOf = (s) => {
  const [len, at] = uleb(s.payload, 0);
  return s.payload.subarray(at, at + len).toString("utf8");
};

/** A module as parts that can be blanked: its function bodies with names, its data. */
export function readModule(bytes) {
  const all = sections(bytes);
  let imported = 0;
  const importSection = all.find((s) => s.id === 2);
  if (importSection) {
    const p = importSection.payload;
    let [count, at] = uleb(p, 0);
    for (let i = 0; i < count; i++) {
      for (let k = 0; k < 2; k++) {
        const [len, next] = uleb(p, at);
        at = next + len;
      }
      const kind = p[at++];
      if (kind === 0) {
        imported++;
        at = uleb(p, at)[1];
      } else if (kind === 1) {
        at += 1;
        const flags = p[at++];
        at = uleb(p, at)[1];
        if (flags & 1) at = uleb(p, at)[1];
      } else if (kind === 2) {
        const flags = p[at++];
        at = uleb(p, at)[1];
        if (flags & 1) at = uleb(p, at)[1];
      } else if (kind === 3) at += 2;
      else if (kind === 4) at = uleb(p, at + 1)[1];
      else throw new Error(`import kind ${kind}`);
    }
  }
  const names = new Map();
  const nameSection = all.find((s) => s.id === 0 && nameOf(s) === "name");
  if (nameSection) {
    const p = nameSection.payload;
    let at = uleb(p, 0)[1] + 4;
    while (at < p.length) {
      const kind = p[at];
      const [size, start] = uleb(p, at + 1);
      if (kind === 1) {
        let [count, i] = uleb(p, start);
        for (let k = 0; k < count; k++) {
          let index, len;
          [index, i] = uleb(p, i);
          [len, i] = uleb(p, i);
          names.set(index, p.subarray(i, i + len).toString("utf8"));
          i += len;
        }
      }
      at = start + size;
    }
  }
  const bodies = [];
  const code = all.find((s) => s.id === 10);
  {
    const p = code.payload;
    let [count, at] = uleb(p, 0);
    for (let i = 0; i < count; i++) {
      const [size, start] = uleb(p, at);
      // Unnamed, by its index among the module's own functions, as binaryen names it.
      bodies.push({ name: names.get(imported + i) ?? String(i), body: p.subarray(start, start + size) });
      at = start + size;
    }
  }
  const segments = [];
  const data = all.find((s) => s.id === 11);
  if (data) {
    const p = data.payload;
    let [count, at] = uleb(p, 0);
    for (let i = 0; i < count; i++) {
      const headStart = at;
      const [flags, next] = uleb(p, at);
      at = next;
      if (flags === 2) at = uleb(p, at)[1];
      if (flags !== 1) {
        // A constant offset expression, up to its `end`.
        for (;;) {
          const op = p[at++];
          if (op === 0x0b) break;
          if (op === 0x41 || op === 0x42 || op === 0x23) at = skipLeb(p, at);
          else throw new Error(`data offset opcode 0x${op.toString(16)}`);
        }
      }
      const [len, start] = uleb(p, at);
      segments.push({ head: p.subarray(headStart, at), bytes: p.subarray(start, start + len) });
      at = start + len;
    }
  }
  return { all, bodies, segments };
}

const BLANK = Buffer.from([0x00, 0x00, 0x0b]); // no locals; unreachable; end

/** The module without custom sections, with some bodies blanked and the data zeroed or not. */
export function writeModule(module, { blank = () => false, zeroData = false } = {}) {
  const out = [Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00])];
  for (const s of module.all) {
    if (s.id === 0) continue;
    if (s.id === 10) {
      const bodies = module.bodies.map(({ name, body }) => {
        const b = blank(name) ? BLANK : body;
        return Buffer.concat([encodeUleb(b.length), b]);
      });
      out.push(section(10, vecOf(bodies)));
    } else if (s.id === 11 && zeroData) {
      const segs = module.segments.map(({ head, bytes }) => Buffer.concat([head, encodeUleb(bytes.length), Buffer.alloc(bytes.length)]));
      out.push(section(11, vecOf(segs)));
    } else out.push(section(s.id, s.payload));
  }
  return Buffer.concat(out);
}

/** `input` with its imports and exports shortened as in the package, names kept. */
export function shortened(input) {
  const dir = mkdtempSync(join(tmpdir(), "lro-anatomy-"));
  const out = join(dir, "names.wasm");
  try {
    execFileSync("wasm-opt", [input, "--minify-imports-and-exports-and-modules", "--debuginfo", "-o", out], { stdio: "ignore" });
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The gzip bytes of each part: `{ parts: [{ part, bytes, functions }], ... }`. */
export async function anatomy(input) {
  const module = readModule(shortened(input));
  const partOfName = partsOf(input, module);
  const total = gzip(writeModule(module));
  const counted = new Map();
  for (const { name, body } of module.bodies) {
    const part = partOfName.get(name);
    const c = counted.get(part) ?? { functions: 0, raw: 0 };
    c.functions++;
    c.raw += body.length;
    counted.set(part, c);
  }
  const order = [...PARTS.map(([p]) => p), UNNAMED, "other"];
  const parts = [];
  for (const part of order) {
    const c = counted.get(part);
    if (!c) continue;
    const bytes = total - gzip(writeModule(module, { blank: (name) => partOfName.get(name) === part }));
    parts.push({ part, bytes, functions: c.functions, raw: c.raw });
  }
  const dataRaw = module.segments.reduce((n, s) => n + s.bytes.length, 0);
  parts.push({ part: "data section (strings, tables)", bytes: total - gzip(writeModule(module, { zeroData: true })), raw: dataRaw });
  // What is left with every body blanked and the data zeroed: the types,
  // imports, exports and tables. The rest past it is what blanking one part
  // at a time does not see: repeats shared between parts.
  const skeleton = gzip(writeModule(module, { blank: () => true, zeroData: true }));
  const shared = total - skeleton - parts.reduce((n, p) => n + p.bytes, 0);
  const shipped = gzip(readFileSync(new URL("dist/lro_web_bg.wasm", root)));
  const { js } = await lroSize();
  return { total, skeleton, shared, shipped, js, parts };
}

/** Writes the figure; returns the table's lines. */
export async function drawAnatomy(input, figure = new URL("bench/figures/size-by-part.svg", root)) {
  const a = await anatomy(input);
  const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
  a.parts.sort((x, y) => y.bytes - x.bytes); // largest first, in the figure and the table
  const bars = a.parts.map((p) => ({ label: p.part, value: p.bytes }));
  bars.push({ label: "types, imports, exports, tables", value: a.skeleton, colour: "#9aa5b1" });
  bars.push({ label: "repeats shared by parts (see below)", value: Math.max(0, a.shared), colour: "#c3cad2" });
  bars.push({ label: "JS: glue and entry, bundled", value: a.js, colour: "#d9822b" });
  const svg = barChart({
    title: `lro-web's default entry by part: ${kb(a.shipped + a.js)} gzip (wasm ${kb(a.shipped)}, JS ${kb(a.js)})`,
    subtitle: machine(),
    unit: "gzip -9 bytes (approximate)",
    format: (n, tick) => (tick ? `${(n / 1000).toFixed(n % 1000 ? 1 : 0)} KB` : `${(n / 1000).toFixed(1)} KB`),
    bars,
    notes: [
      "Approximate. Each wasm part is what gzip of the module saves when the part's function bodies are blanked (the data " +
        `section: zeroed), on the shipped module's twin with function names (${kb(a.total)} gzip once they are dropped, against ` +
        `the shipped ${kb(a.shipped)}). Functions that wasm-opt inlined count for their caller's part, and those it merged ` +
        "(no name) for the part of their callers.",
      "Repeats shared by parts: gzip's savings do not add up (blanking one part also loses the repeats that other parts " +
        "share with it); the module's gzip less every bar above it.",
      "JS: bench/size/lro.js bundled with esbuild, minified, gzip -9, as in P1.",
    ],
  });
  mkdirSync(new URL(".", figure), { recursive: true });
  writeFileSync(figure, svg);
  const lines = ["| part | gzip bytes | functions | raw bytes |", "| --- | --- | --- | --- |"];
  for (const p of a.parts) lines.push(`| ${p.part} | ${p.bytes} | ${p.functions ?? ""} | ${p.raw} |`);
  lines.push(`| types, imports, exports, tables (every body blanked, data zeroed) | ${a.skeleton} | | |`);
  lines.push(`| repeats shared by parts (the total less all the above) | ${a.shared} | | |`);
  lines.push(`| wasm, this build without names (shipped: ${a.shipped}) | ${a.total} | ${a.parts.reduce((n, p) => n + (p.functions ?? 0), 0)} | |`);
  lines.push(`| JS, bundled | ${a.js} | | |`);
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const input = process.argv[2];
  if (!input) throw new Error("usage: node bench/anatomy.mjs <the default entry's module, names kept>");
  const lines = await drawAnatomy(input);
  console.log(lines.join("\n"));
  mkdirSync(new URL("test-output/", root), { recursive: true });
  writeFileSync(new URL("test-output/bench-anatomy.md", root), `${lines.join("\n")}\n`);
}
