// The records of lro-web/persist: one localStorage item per origin and
// client key, `lro-web persist <key>`, holding JSON
// `{ "v": 1, "waits": { <name>: record } }`. A record is
// `{ startedAt, deadline, owner, state, outcome }`: when the wait started
// and when its budget ends (epoch ms, deadline null for none), the page that
// waits (an id, see tabs below), the latest state seen (an Operation, or
// null) and, once a page that kept it saw it settle, its outcome
// (`{ operation }` or `{ error }`). Bytes are stored as `{ "$bytes": base64 }`.
// Nothing of a request (headers, tokens) is stored.
import { live, newest } from "./decide.js";

/** The format this code reads and writes. */
const VERSION = 1;

const warned = new Set();
/** `console.warn`s `text` once per `kind` in this page. */
export const warnOnce = (kind, text) => warned.has(kind) || (warned.add(kind), console.warn(`lro-web/persist: ${text}`));

function toBase64(bytes) {
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}
const fromBase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const replacer = (_, v) => (v instanceof Uint8Array ? { $bytes: toBase64(v) } : v);
const reviver = (_, v) => (v && typeof v.$bytes == "string" && Object.keys(v).length === 1 ? fromBase64(v.$bytes) : v);

/** The waits of one client key, in this origin's localStorage. */
export class Store {
  /** `maxRecords` kept (the newest), each for at most `maxAgeMs` and never past its deadline. */
  constructor(key, maxRecords, maxAgeMs) {
    this.key = `lro-web persist ${key}`;
    this.maxRecords = maxRecords;
    this.maxAgeMs = maxAgeMs;
  }

  /** The live records by name; damaged, foreign, old-format and expired ones are dropped. */
  read() {
    let text = null;
    try {
      text = globalThis.localStorage?.getItem(this.key) ?? null;
    } catch {
      warnOnce("storage", "localStorage cannot be read here: waits are not persisted");
    }
    if (text === null) return {};
    let data;
    try {
      data = JSON.parse(text, reviver);
    } catch {
      data = undefined;
    }
    if (data?.v !== VERSION || !data.waits || typeof data.waits != "object") {
      warnOnce("damaged", `dropped "${this.key}": not a record of this version`);
      this.write({});
      return {};
    }
    const { waits, damaged } = live(data.waits, Date.now(), this.maxAgeMs);
    if (damaged) warnOnce("damaged", `dropped damaged records of "${this.key}"`);
    return waits;
  }

  /** Stores `waits`, the newest `maxRecords` of them; false (with one warning) when the store refuses. */
  write(waits) {
    const kept = newest(waits, this.maxRecords);
    if (!globalThis.localStorage) {
      warnOnce("storage", "no localStorage here: waits are not persisted");
      return false;
    }
    try {
      if (Object.keys(kept).length) localStorage.setItem(this.key, JSON.stringify({ v: VERSION, waits: kept }, replacer));
      else localStorage.removeItem(this.key);
      return true;
    } catch (e) {
      warnOnce("full", `could not store "${this.key}" (${e?.name ?? e}): its waits run on, unpersisted`);
      return false;
    }
  }

  /** Replaces the record of `name` with `change(record or undefined)`; undefined removes it. */
  update(name, change) {
    const waits = this.read();
    const next = change(waits[name]);
    if (next === waits[name]) return;
    if (next === undefined) delete waits[name];
    else waits[name] = next;
    this.write(waits);
  }
}
