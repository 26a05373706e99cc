// What the entries for Node.js, Deno and Bun (node.js and registry/node.js)
// change of the browser's: where init() finds the module, and one default.
import { readFile } from "node:fs/promises";

/**
 * `init` that, given no module, reads the file at `url` (a `file:` URL next
 * to the entry) from disk: those runtimes' fetch does not load `file:` URLs.
 */
export const fromDisk = (init, url) => (module) => init(module ?? readFile(url));

/** Whether `options` is a plain object (anything else is the client's to refuse). */
const isPlain = (options) => Object.prototype.toString.call(options) === "[object Object]";

/**
 * `Client` whose `http2` is true unless the caller gives it. The long-poll
 * budget per host exists for a browser's 6 connections per host; these
 * runtimes' fetch (undici's pool in Node.js) opens a connection for every
 * call in flight, so with the budget most waits would poll instead of
 * long-polling. `http2: false` keeps the browser's budget.
 */
export function withManyConnections(Client) {
  return class OperationsClient extends Client {
    /** As the browser's constructor, with `http2` true by default. */
    constructor(baseUrl, options) {
      const given = options === undefined ? {} : options;
      super(baseUrl, isPlain(given) && given.http2 === undefined ? { ...given, http2: true } : options);
    }
  };
}
