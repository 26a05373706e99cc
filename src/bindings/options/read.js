// Reads the options objects a JS caller passes, for the wasm: each reader
// checks the keys of its table and returns their values in the table's
// order (mod.rs reads them in that order), or throws a message naming the
// option that is wrong. Done in JS because it is all property reads and
// type tests, which cost far less here than as wasm imports. `undefined`
// and `null` mean "not given".

const given = (v) => v !== undefined && v !== null;
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

/** The values of `keys` (pairs of a key and its kind) in `value`. */
function read(value, keys, at = "options") {
  if (!given(value)) value = {};
  if (typeof value != "object") throw `${at} must be an object`;
  return keys.map(([key, kind]) => {
    const v = value[key];
    if (!given(v)) return undefined;
    if (!KINDS[kind][0](v)) throw `${at}.${key} must be ${KINDS[kind][1]}`;
    return v;
  });
}

const CLIENT = [
  ["headers", "headers"],
  ["timeoutMs", "ms"],
  ["maxResponseBytes", "atLeast1"],
  ["http2", "boolean"],
  ["onCall", "function"],
  // Read by js/tabs.js, not by the wasm.
  ["shareAcrossTabs", "boolean"],
];
const CALL = [["signal", "signal"], ["timeoutMs", "ms"], ["headers", "headers"]];
const LIST = [["filter", "string"], ["pageSize", "count"], ["pageToken", "string"]];
const WAIT = [
  ["mode", "mode"],
  ["retryCodes", "codes"],
  ["backoff", "object"],
  ["onProgress", "function"],
  ["longPollMs", "ms"],
  ["method", "string"],
  ["responseType", "string"],
  ["metadataType", "string"],
];
const BACKOFF = [["initialDelayMs", "ms"], ["maxDelayMs", "ms"], ["multiplier", "atLeast1"]];

/**
 * The values of the options `value` of a `kind`:
 * 0, the constructor's: [headers, timeoutMs, maxResponseBytes, http2, onCall,
 * shareAcrossTabs];
 * 1, a call's: [signal, timeoutMs, headers] (headers as given: browser.js checks them);
 * 2, `list`'s: the call's, then [filter, pageSize, pageToken];
 * 3, `wait`'s and `result`'s: the call's, then [mode, retryCodes,
 * initialDelayMs, maxDelayMs, multiplier, onProgress, longPollMs, method,
 * responseType, metadataType].
 */
export function readOptions(kind, value) {
  if (kind < 3) return read(value, [CLIENT, CALL, [...CALL, ...LIST]][kind]);
  const v = read(value, [...CALL, ...WAIT]);
  if (v[8] !== undefined && (v[9] !== undefined || v[10] !== undefined)) {
    throw "give options.method, or options.responseType and metadataType, not both";
  }
  v.splice(5, 1, ...read(v[5], BACKOFF, "options.backoff"));
  return v;
}
