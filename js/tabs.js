// Waits shared across the tabs and workers of an origin. Browsers open at
// most 6 HTTP/1.1 connections per host for the whole profile, so one
// context at a time (the leader, elected with a Web Lock) runs the waits of
// every context on one server with one set of headers, in its own page's
// waiting engine (one loop per operation, one long-poll budget per host);
// the others (followers) ask it over a BroadcastChannel and get every state.
// When the leader closes, reloads or crashes, the browser hands the lock to
// a context that waits, which asks the followers to repeat their waits.
//
// Only what can be shared exactly is, as js/options.js's table says of each
// option: clients with fixed headers (a function's headers and an `onCall`
// hook stay in their context), no registered types, and waits that declare
// no payload types. The rest, and everything where Web Locks or
// BroadcastChannel are missing, waits in-page.
//
// Messages, all with `k`, the key of the server and headers:
//   h            a context now leads: followers repeat their waits;
//   w id name o  a follower waits on `name` with the loop options `o` (its
//                `timeoutMs`: what is left of the wait's budget);
//   l id         it left;
//   s id op end  a state of its operation (`end`: the wait's outcome);
//   e id e       the wait failed with `e` (errors.js's toMessage).
//
// The leader's wait keeps each follower's budget. A follower keeps a timer
// only in case no leader answers at all (it closed, and the next one has not
// taken the wait up): its error says so.

import { deadlineExceeded, fromMessage, operationError, toMessage } from "./errors.js";
import { given, keysFor, readOptions, sharingKey } from "./options.js";

// What the table says of each option, across tabs.
const KEYED = keysFor("client", "key");
const SWITCHES = keysFor("client", "switch");
const CLIENT_IN_PAGE = keysFor("client", "inPage");
const WAIT_IN_PAGE = [...keysFor("call", "inPage"), ...keysFor("wait", "inPage")];
const TO_LEADER = [...keysFor("call", "leader"), ...keysFor("wait", "leader")];

/** The given values of `keys` in `options`. */
const pick = (options, keys) => Object.fromEntries(keys.filter((k) => given(options[k])).map((k) => [k, options[k]]));

const groups = new Map();
let channel;
/** What a leader that is gone leaves a follower's wait with, past its budget. */
const GONE = "; no context answered";
/** How long past its budget a follower waits for the leader's answer. */
const GRACE_MS = 250;

/** The waits of one server and set of headers, in this context. */
class Group {
  constructor(key, make) {
    this.key = key;
    this.make = make;
    // This context's waits (followed), and those it runs as the leader.
    this.mine = new Map();
    this.served = new Map();
    channel.addEventListener("message", ({ data }) => data?.k === key && this.on(data));
  }

  /** Tells every context, this one included. */
  send(message) {
    message.k = this.key;
    channel.postMessage(message);
    this.on(message);
  }

  on({ t, id, name, o, op, end, e }) {
    if (t == "h") for (const [id, want] of this.mine) this.send({ t: "w", id, name: want.name, o: want.o });
    if (t == "w" && this.leading && !this.served.has(id)) this.serve(id, name, o);
    if (t == "l") this.served.get(id)?.abort();
    if (t == "s" || t == "e") this.mine.get(id)?.hear(t, op, end, e);
  }

  /**
   * As the leader: waits on `name` for the follower's wait `id`, with its
   * options `o` (reporting progress only when it has an onProgress: a plain
   * wait long-polls longer).
   */
  serve(id, name, { p, ...o }) {
    const stop = new AbortController();
    this.served.set(id, stop);
    this.client ||= this.make();
    const onProgress = p ? (op) => this.send({ t: "s", id, op }) : undefined;
    this.client
      .wait(name, { ...o, signal: stop.signal, onProgress })
      .then(
        (op) => this.send({ t: "s", id, op, end: 1 }),
        (e) => stop.signal.aborted || this.send({ t: "e", id, e: toMessage(e) }),
      )
      .finally(() => this.served.delete(id));
  }

  /** A wait of this context, run by the leader (this context, perhaps). */
  follow(name, { signal, onProgress, ...options }) {
    const o = pick(options, TO_LEADER);
    const { timeoutMs } = o;
    const until = timeoutMs > 0 ? performance.now() + timeoutMs : undefined;
    o.p = !!onProgress;
    // Asked once: held until this context ends, then handed on.
    this.asked ||= navigator.locks.request(`lro-web ${this.key}`, () => {
      this.leading = true;
      this.send({ t: "h" });
      return new Promise(() => {});
    });
    const id = Math.random().toString(36).slice(2);
    return new Promise((resolve, reject) => {
      let latest, timer;
      const end = (settle, value) => {
        if (!this.mine.delete(id)) return;
        clearTimeout(timer);
        signal?.removeEventListener("abort", abort);
        this.send({ t: "l", id });
        settle(value);
      };
      const abort = () => end(reject, signal.reason);
      this.mine.set(id, {
        name,
        // Asked again of a new leader with what is left of the budget.
        get o() {
          return until === undefined ? o : { ...o, timeoutMs: Math.max(until - performance.now(), 1) };
        },
        hear: (t, op, last, e) => {
          if (t == "e") return end(reject, fromMessage(e));
          latest = op;
          try {
            if (!last) onProgress?.(op);
          } catch (thrown) {
            return end(reject, thrown);
          }
          if (op.done || last) end(resolve, op);
        },
      });
      if (signal?.aborted) return abort();
      signal?.addEventListener("abort", abort);
      // Only for a leader that is gone (see GONE).
      if (until !== undefined) {
        timer = setTimeout(() => (latest ? end(resolve, latest) : end(reject, deadlineExceeded(timeoutMs, GONE))), timeoutMs + GRACE_MS);
      }
      this.send({ t: "w", id, name, o });
    });
  }
}

/** Whether a wait's options can be shared: valid, and nothing that must stay in-page. */
function shareable(name, options) {
  if (typeof name != "string" || !name || WAIT_IN_PAGE.some((key) => given(options[key]))) return false;
  try {
    readOptions("call wait", options);
    return true;
  } catch {
    // Waits in-page, which rejects with what is wrong.
    return false;
  }
}

// What each shared client was made with, and its group once found (found
// again only after it registers types).
const sharing = new WeakMap();

/** The group of `client`'s server, headers, options and registered types. */
function groupOf(client) {
  const made = sharing.get(client);
  if (!made || made.group) return made?.group;
  const { Base, baseUrl, url, keyed, sets, hashes } = made;
  // Fixed values only: a function among them keeps the client in-page.
  const key = sharingKey(keyed, url, hashes);
  if (!groups.has(key)) {
    const make = () => {
      const leader = new Base(baseUrl, keyed);
      for (const set of sets) leader.registerTypes(set);
      return leader;
    };
    groups.set(key, new Group(key, make));
  }
  return (made.group = groups.get(key));
}

/**
 * The entry's OperationsClient (wasm-bindgen's class `Base`), whose `wait`
 * and `result` share across tabs unless `shareAcrossTabs: false`.
 */
export function acrossTabs(Base) {
  return class OperationsClient extends Base {
    constructor(baseUrl, options) {
      super(baseUrl, options);
      this.baseUrl = baseUrl;
      const o = options ?? {};
      if (SWITCHES.some((key) => o[key] === false) || CLIENT_IN_PAGE.some((key) => given(o[key]))) return;
      const keyed = pick(o, KEYED);
      if (Object.values(keyed).some((v) => typeof v == "function")) return;
      if (typeof BroadcastChannel != "function" || !globalThis.navigator?.locks) return;
      try {
        const url = new URL(baseUrl, globalThis.location?.href).href;
        channel ||= new BroadcastChannel("lro-web waits");
        sharing.set(this, { Base, baseUrl, url, keyed, sets: [], hashes: [] });
      } catch {
        // A base URL of no page's: waits stay in-page.
      }
    }

    /** "leader" when this context runs the shared waits of this client's server, "follower" when another does; "alone" before any, or when not shared. */
    get tabRole() {
      const group = groupOf(this);
      return group?.asked ? (group.leading ? "leader" : "follower") : "alone";
    }

    wait(name, options) {
      const group = groupOf(this);
      if (!group || group.leading || !shareable(name, options ?? {})) return super.wait(name, options);
      return group.follow(name, options ?? {});
    }

    async result(name, options) {
      const group = groupOf(this);
      if (!group || group.leading || !shareable(name, options ?? {})) return super.result(name, options);
      const op = await group.follow(name, options ?? {});
      if (!op.done) throw deadlineExceeded(options.timeoutMs);
      if (op.error) throw operationError(op.error);
      return op.response;
    }
  };
}

/**
 * The registry entry's class: the descriptor sets a client registers go
 * with its shared waits, so that the leader decodes their payloads alike
 * (clients share only with clients that registered the same sets).
 */
export function withSharedTypes(OperationsClient) {
  const register = OperationsClient.prototype.registerTypes;
  OperationsClient.prototype.registerTypes = function registerTypes(set) {
    register.call(this, set);
    const made = sharing.get(this);
    if (!made) return;
    const bytes = new Uint8Array(set).slice();
    // New arrays: a group made before keeps the sets of its key.
    made.sets = [...made.sets, bytes];
    made.hashes = [...made.hashes, hash(bytes)];
    made.group = undefined;
  };
}

/** A 32-bit FNV-1a hash of bytes: which descriptor sets a client registered. */
const hash = (bytes) => bytes.reduce((h, b) => Math.imul(h ^ b, 16777619), 2166136261) >>> 0;
