// The browser side of browser.rs: `navigator.onLine`, resource timing, the
// page's events, and each RPC's fetch with what runs around it in the
// caller's code.

export const online = () => globalThis.navigator?.onLine !== false;

// WebKitGTK and WPE (Linux WebKit, on libsoup) speak HTTP/2 but still hold
// at most 6 requests in flight per host, as over HTTP/1.1 (measured on
// WebKitGTK 2.50: nextHopProtocol "h2", a 7th request waits for one of 6
// to end). Their HTTP/2 is reported as HTTP/1.1, so that the long-poll
// budget stays and a get is not queued behind the waits.
const soup = /AppleWebKit/.test(globalThis.navigator?.userAgent) &&
  /Linux/.test(globalThis.navigator?.userAgent) && !/Chrom|Android|Edg/.test(globalThis.navigator?.userAgent);

export function nextHop(url) {
  const seen = globalThis.performance?.getEntriesByName(url) ?? [];
  // Node.js records its fetches without a protocol.
  const hop = seen.at(-1)?.nextHopProtocol ?? "";
  return soup && hop == "h2" ? "http/1.1" : hop;
}

// Reports the page's events by their places in `names` (browser.rs's list:
// "offline", "online", "hidden", "visible", "freeze", "resume"; a page back
// from the back-forward cache resumes too). Where there is no page (Node.js,
// whose globalThis has no addEventListener), there are none. The listeners
// are removed by `clear()` of what it returns (a `Timer` to the wasm).
export function watchPage(report, names) {
  const g = globalThis, doc = g.document;
  names = names.split(" ");
  const offs = [
    [g, "offline"], [g, "online"],
    [doc, "visibilitychange", () => doc.visibilityState],
    [doc, "freeze"], [doc, "resume"], [g, "pageshow", (e) => e.persisted && "resume"],
  ].map(([target, type, name = () => type]) => {
    const listener = (e) => (e = names.indexOf(name(e))) < 0 || report(e);
    target?.addEventListener?.(type, listener);
    return () => target?.removeEventListener?.(type, listener);
  });
  return { clear: () => offs.forEach((off) => off()) };
}

// What runs around each RPC in the caller's code. A call's headers come in
// two layers, the client's and the call's on top, each fixed or a function (sync or async) asked before every RPC; the
// client's `onCall` hook sees each RPC before it is sent (and may change its
// headers) and, through the function it returns, its outcome. Headers are
// checked here, fixed ones when given and a function's each time: a name
// must be an HTTP token that lro-web does not set itself, a value visible
// ASCII, space or tab. Messages never repeat a value: it may be a credential.
//
// A failure of the caller's code rejects with a CallerFailure: what it threw,
// or why the headers it gave are refused. The wasm tells those from a
// failed fetch. The names a caller may not set (those the transport sets
// itself) come from the wasm, space-separated.

export class CallerFailure {
  constructor(thrown, refused) {
    this.thrown = thrown;
    this.refused = refused;
  }
}
const refuse = (why) => new CallerFailure(undefined, why);

/** What a rejection `e` says of the caller's code: `[refused, thrown]` for a CallerFailure, else undefined. */
export const failure = (e) => (e instanceof CallerFailure ? [e.refused, e.thrown] : undefined);

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;
const VALUE = /^[\t\x20-\x7e]*$/;

/** `headers` checked, as a new object of lowercased names. Throws a refusal saying why not. */
function check(headers, at, reserved) {
  if (typeof headers != "object" || headers === null) throw refuse(`${at} must be an object of strings`);
  const out = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    if (!TOKEN.test(key)) throw refuse(`"${name}" is not a valid header name`);
    if (reserved.split(" ").includes(key)) throw refuse(`header ${key} is set by lro-web itself (use timeoutMs for deadlines)`);
    if (typeof value != "string") throw refuse(`the value of header ${key} must be a string`);
    if (!VALUE.test(value)) {
      throw refuse(`the value of header ${key} holds characters a header cannot carry (control characters, CR/LF or non-ASCII)`);
    }
    out[key] = value;
  }
  return out;
}

/** A layer of headers as given (undefined, an object or a function): fixed ones checked now. */
export const layer = (given, reserved) =>
  given === undefined || typeof given == "function" ? given : check(given, "options.headers", reserved);

export class Caller {
  /** The client's layer (checked) and hook, the call's layer as given, and the reserved names. */
  constructor(client, call, hook, reserved) {
    this.layers = [client, layer(call, reserved)];
    this.hook = hook;
    this.reserved = reserved;
  }

  /** The headers of the next RPC: every layer's, the call's on top. */
  async headers() {
    const merged = {};
    for (const given of this.layers) {
      let headers = given;
      if (typeof given == "function") {
        try {
          headers = await given();
        } catch (e) {
          throw new CallerFailure(e);
        }
        headers = check(headers ?? {}, "what a headers function gives", this.reserved);
      }
      Object.assign(merged, headers);
    }
    return merged;
  }

  /**
   * POSTs `body` to `url` (the RPC `method`) with the transport's own
   * headers (`own`: names and values, a line each) and the caller's,
   * after the hook, for the operation (or collection) `name`. Returns what a
   * `Timer` is to the wasm: `done`, a Promise of the fetch's Response, and
   * `clear()`, which aborts the fetch (its response's body too).
   */
  post(url, method, own, body, name) {
    const controller = globalThis.AbortController && new AbortController();
    return { done: this.send(url, method, own, body, controller?.signal, name), clear: () => controller?.abort() };
  }

  /** `post`'s fetch, with the `signal` that aborts it. */
  async send(url, method, own, body, signal, name) {
    let headers;
    try {
      headers = this.renewed ?? (await this.headers());
      this.renewed = undefined;
      this.sent = JSON.stringify(headers);
      this.after = undefined;
      if (this.hook) {
        const call = { method, name, headers };
        this.after = await this.hook(call);
        headers = check(call.headers, "the headers onCall left", this.reserved);
      }
    } catch (e) {
      throw e instanceof CallerFailure ? e : new CallerFailure(e);
    }
    const request = new Headers(headers);
    own = own.split("\n");
    for (let i = 0; i < own.length; i += 2) request.set(own[i], own[i + 1]);
    this.started = performance.now();
    return fetch(url, { method: "POST", headers: request, body, signal });
  }

  /** The RPC that `post` started ended with `code` (its name `codeName`). */
  ended(code, codeName) {
    const after = this.after;
    this.after = undefined;
    if (typeof after == "function") {
      try {
        after({ code, codeName, durationMs: performance.now() - this.started });
      } catch (e) {
        // The call's outcome stands; the hook's failure is the page's to see.
        globalThis.reportError?.(e);
      }
    }
  }

  /** Whether the functions now give other headers than the last RPC sent (kept for the next). */
  async changed() {
    this.renewed = await this.headers();
    return JSON.stringify(this.renewed) != this.sent;
  }
}

/** A JS error's message, or the value as a string. */
export const describe = (e) => (e instanceof Error ? e.message : typeof e == "string" ? e : "a value that is not an Error");

/** Why `url` cannot be fetched (what `new Request` throws, described), or undefined when it can. */
export function refusedUrl(url) {
  try {
    new Request(url);
  } catch (e) {
    return describe(e);
  }
}

/** The value of header `name` of a fetch's `response`, or null. */
export const header = (response, name) => response.headers.get(name);

/**
 * The next chunk of a fetch's `response` body (a Uint8Array), or undefined
 * at its end (or when it has none). Rejects when the connection breaks.
 */
export async function chunk(response) {
  response.reader ??= response.body?.getReader();
  const read = await response.reader?.read();
  // isView, not instanceof: a chunk made in another realm (a script that a
  // WebDriver runs in Firefox) is a Uint8Array all the same.
  return read?.done === false ? (ArrayBuffer.isView(read.value) ? read.value : new Uint8Array()) : undefined;
}

/**
 * A timer whose `done` resolves after `ms` milliseconds, or, given a
 * `signal`, when it aborts. `clear()` stops it (removes the listener) and
 * resolves `done` at once, so that whatever waits on it is released rather
 * than kept forever.
 */
export class Timer {
  constructor(ms, signal) {
    this.signal = signal;
    this.done = new Promise((resolve) => {
      this.fire = resolve;
      if (signal) signal.addEventListener("abort", resolve);
      else this.id = setTimeout(resolve, ms);
    });
  }
  clear() {
    clearTimeout(this.id);
    this.signal?.removeEventListener("abort", this.fire);
    this.fire();
  }
}
