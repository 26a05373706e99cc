// Checks that every row of the README's contract tables has a test that
// names it, for `npm run check:rows`. The tables, found by their header line:
//   failures       `| what came | code | message says |` (Reliability)
//   wait options   `| option | default | meaning |` (Waiting)
//   page           `| the page | what every waiting loop does |` (Waits that
//                  ride out the page's life)
// A row's name is its first cell, without backticks. A test claims a row
// with a comment line right above it, or at the top of its body:
//   // README failures: the connection reset mid-body      (Rust or JS)
//   /// README wait options: timeoutMs                       (Rust)
// in tests/ (*.rs, e2e/*.mjs) and src/ (*.rs). The test is the `fn name`
// or `test("...")` the comment belongs to. Prints each row with its tests;
// exits 1, naming them, when a row has no test or a tag names no row.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const TABLES = {
  failures: "| what came | code | message says |",
  "wait options": "| option | default | meaning |",
  page: "| the page | what every waiting loop does |",
};
const SKIP = new Set(["node_modules", "target", "dist", "pkg", "consumer"]);
/** A tag: a comment line that is `README <table>: <row>`. */
const TAG = /^\s*(?:\/\/[/!]?|\*)\s*README ([a-z ]+): (.+?)\s*$/;
/** What opens a test: a Rust `fn`, or a node:test `test("...")`. */
const OPENER = /\bfn (\w+)|\btest\(\s*(["'`])(.*?)\2/;
const COMMENT = /^\s*(\/\/|\/?\*|$)/;

/** The row names of each table, by table. */
function rows(readme) {
  const lines = readme.split(/\r?\n/);
  const tables = {};
  for (const [table, header] of Object.entries(TABLES)) {
    const at = lines.findIndex((line) => line.trim() === header);
    if (at < 0) throw new Error(`README.md has no table whose header is ${header}`);
    tables[table] = [];
    for (const line of lines.slice(at + 2)) {
      if (!line.startsWith("|")) break;
      tables[table].push(line.split("|")[1].replaceAll("`", "").trim());
    }
  }
  return tables;
}

/** The test sources: tests/**, src/** (*.rs), tests/e2e/*.mjs. */
function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIP.has(entry.name) ? [] : sources(path);
    return /\.(rs|mjs)$/.test(entry.name) ? [path] : [];
  });
}

/** The name of the test that line `at` opens, if it opens one. */
function opens(lines, at) {
  const match = !COMMENT.test(lines[at]) && OPENER.exec(lines[at]);
  return match ? (match[1] ?? match[3]) : null;
}

/** The test a tag on line `at` belongs to: the one whose body it tops, else the next. */
function testOf(lines, at) {
  let up = at - 1;
  while (up >= 0 && COMMENT.test(lines[up])) up--;
  if (up >= 0 && lines[up].trimEnd().endsWith("{") && opens(lines, up)) return opens(lines, up);
  for (let down = at + 1; down < lines.length; down++) {
    if (opens(lines, down)) return opens(lines, down);
  }
  return null;
}

const tables = rows(readFileSync(join(root, "README.md"), "utf8"));
const covered = new Map(); // "table\0row" -> ["file: test", ...]
const problems = [];
for (const path of [...sources(join(root, "src")), ...sources(join(root, "tests"))]) {
  const lines = readFileSync(path, "utf8").split(/\r?\n/);
  const file = relative(root, path);
  lines.forEach((line, at) => {
    const tag = TAG.exec(line);
    if (!tag) return;
    const [, table, row] = tag;
    const where = `${file}:${at + 1}`;
    const test = testOf(lines, at);
    if (!tables[table]) problems.push(`${where}: no table "${table}" (tables: ${Object.keys(TABLES).join(", ")})`);
    else if (!tables[table].includes(row)) problems.push(`${where}: the ${table} table has no row "${row}"`);
    else if (!test) problems.push(`${where}: no test follows the tag`);
    else covered.set(`${table}\0${row}`, [...(covered.get(`${table}\0${row}`) ?? []), `${file}: ${test}`]);
  });
}

for (const [table, names] of Object.entries(tables)) {
  console.log(`README ${table}:`);
  for (const row of names) {
    const tests = covered.get(`${table}\0${row}`) ?? [];
    console.log(`  ${tests.length ? "ok  " : "NONE"} ${row}`);
    for (const test of tests) console.log(`         ${test}`);
    if (!tests.length) problems.push(`README ${table}: "${row}" has no test`);
  }
}
if (problems.length) {
  console.error(`\n${problems.length} problem(s):\n${problems.map((p) => `  ${p}`).join("\n")}`);
  process.exit(1);
}
console.log("\nEvery row has a test.");
