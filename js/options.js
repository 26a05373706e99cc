// The options a caller passes, in one table: each key, the kind of value it
// takes, how the waits shared across tabs treat it, and (after the row) its
// default: what the wasm does when it is not given. Read here for the wasm
// (readOptions), by tabs.js (what may be shared), and by the crate's build
// script, which gives the Rust reader each key's place, so that it reads
// by name. A test holds the table to types.d.ts and to the Rust defaults.
//
// Across tabs: "key" tells one group of shared waits from another (a
// function there keeps the client's waits in-page); "inPage" keeps them
// in-page whenever given; "switch" is shareAcrossTabs; "leader" goes to the
// context that runs the wait; "own" stays with the waiting context; "" is
// not about waits.

export const OPTIONS = {
  client: [
    ["headers", "headers", "key"], // none
    ["timeoutMs", "ms", "key"], // none
    ["maxResponseBytes", "atLeast1", "key"], // 4194304
    ["http2", "boolean", "key"], // found out
    ["onCall", "function", "inPage"], // none
    ["shareAcrossTabs", "boolean", "switch"], // true
  ],
  call: [
    ["signal", "signal", "own"], // none
    ["timeoutMs", "ms", "leader"], // the client's
    ["headers", "headers", "inPage"], // none
    ["maxResponseBytes", "atLeast1", "leader"], // the client's
  ],
  list: [
    ["filter", "string", ""], // none
    ["pageSize", "count", ""], // the server's
    ["pageToken", "string", ""], // none
  ],
  wait: [
    ["mode", "mode", "leader"], // auto
    ["retryCodes", "codes", "leader"], // UNAVAILABLE
    ["backoff", "object", "leader"], // none
    ["onProgress", "function", "own"], // none
    ["longPollMs", "ms", "leader"], // 60000
    ["method", "string", "inPage"], // none
    ["responseType", "string", "inPage"], // none
    ["metadataType", "string", "inPage"], // none
  ],
  backoff: [
    ["initialDelayMs", "ms", ""], // 1000
    ["maxDelayMs", "ms", ""], // 15000
    ["multiplier", "atLeast1", ""], // 2
  ],
};

/** Whether an option is given: `undefined` and `null` mean it is not. */
export const given = (v) => v !== undefined && v !== null;
const number = (min) => (v) => typeof v == "number" && v >= min && v < Infinity;

// What each kind of value accepts, and how a wrong one is described.
const KINDS = {
  string: [(v) => typeof v == "string", "a string"],
  boolean: [(v) => typeof v == "boolean", "a boolean"],
  function: [(v) => typeof v == "function", "a function"],
  object: [(v) => typeof v == "object", "an object"],
  headers: [(v) => typeof v == "object" || typeof v == "function", "an object of strings, or a function that gives one"],
  ms: [number(0), "a finite number, 0 or more milliseconds"],
  atLeast1: [number(1), "a finite number, 1 or more"],
  count: [(v) => Number.isInteger(v) && v >= 0 && v < 2 ** 31, "a whole number, 0 or more"],
  signal: [(v) => v instanceof AbortSignal, "an AbortSignal"],
  mode: [(v) => ["auto", "wait", "poll"].includes(v), '"auto", "wait" or "poll"'],
  codes: [
    (v) => Array.isArray(v) && v.every((c) => typeof c == "string"),
    'an array of code names such as "UNAVAILABLE"',
  ],
};

/** The values of `table`'s keys in `value`, in the table's order; throws a message naming a wrong one. */
function read(value, table, at = "options") {
  if (!given(value)) value = {};
  if (typeof value != "object") throw `${at} must be an object`;
  return OPTIONS[table].map(([key, kind]) => {
    const v = value[key];
    if (!given(v)) return undefined;
    if (!KINDS[kind][0](v)) throw `${at}.${key} must be ${KINDS[kind][1]}`;
    return v;
  });
}

/**
 * The options `value` read by `tables` (space-separated: "client", "call",
 * "call list", "call wait"): one array of values per table (a wait's
 * backoff as a third), or throws the message of what is wrong.
 */
export function readOptions(tables, value) {
  const parts = tables.split(" ").map((table) => read(value, table));
  if (tables == "call wait") {
    const { method, responseType, metadataType, backoff } = value ?? {};
    if (given(method) && (given(responseType) || given(metadataType))) {
      throw "give options.method, or options.responseType and metadataType, not both";
    }
    parts.push(read(backoff, "backoff", "options.backoff"));
  }
  return parts;
}

/** The keys of `table` whose treatment across tabs is `how`. */
export const keysFor = (table, how) => OPTIONS[table].filter((row) => row[2] == how).map(([key]) => key);

const ids = new WeakMap();
let lastId = 0;

/**
 * What says which waits may share: one loop in a page (the wasm's engine) or
 * one leader across tabs (tabs.js). The values of the client table's "key"
 * rows in `client` (a client's options, or a key made of them before), then
 * `more`; a function stands for itself (by identity), never dropped.
 */
export const sharingKey = (client, ...more) =>
  JSON.stringify(
    [typeof client == "string" ? client : keysFor("client", "key").map((key) => client?.[key]), ...more],
    (_, v) => (typeof v == "function" ? ids.get(v) ?? (ids.set(v, ++lastId), lastId) : v),
  );
