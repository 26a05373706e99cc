// lro-web/persist: waits that outlive the page. `persisted(client)` records
// each wait, result and watch it starts (store.js says what, and where)
// until the app has its outcome. After a reload, `pending()` tells what was
// left and `resume()` finishes it. While a page of the app stays open, one
// of them (the keeper, by a Web Lock per key) finishes the waits of pages
// that closed and records their outcomes for the page that comes back. With
// no page open, nothing runs. A separate entry: a page that does not persist
// pays nothing for it.
import { fromMessage, toMessage } from "../errors.js";
import { resumePlan, staysAfter } from "./decide.js";
import { Store } from "./store.js";

/** This page's id, and the lock it holds while it lives: the keeper takes a closed page's lock, so gets it only once that page is gone. */
const page = `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
const locks = globalThis.navigator?.locks;
const forever = () => new Promise(() => {});
const pageLock = (id) => `lro-web page ${id}`;
locks?.request(pageLock(page), forever);

const DAY = 86_400_000;

/** The budget left of a record, for `timeoutMs` (undefined: none). */
const budgetLeft = (r) => (r.deadline === null ? undefined : Math.max(r.deadline - Date.now(), 1));

/**
 * `client`'s waits, recorded under `key` (default: the client's base URL)
 * in this origin's localStorage: at most `maxRecords` (100), each for at
 * most `maxAgeMs` (7 days) and never past its deadline.
 */
export function persisted(client, { key = client.baseUrl, maxRecords = 100, maxAgeMs = 7 * DAY } = {}) {
  const store = new Store(key, maxRecords, maxAgeMs);

  /** Records that this page waits on `name`, within `timeoutMs`. */
  const start = (name, timeoutMs) =>
    typeof name == "string" && name &&
    store.update(name, (r) => ({
      startedAt: r?.startedAt ?? Date.now(),
      deadline: timeoutMs > 0 ? Date.now() + timeoutMs : (r?.deadline ?? null),
      owner: page,
      state: r?.state ?? null,
      outcome: null,
    }));
  const see = (name, op) => store.update(name, (r) => r && { ...r, state: op });
  /** The app has the outcome of `name`: its record goes. */
  const take = (name) => store.update(name, () => undefined);

  /** `client[method](name, options)`, recorded until it settles. */
  async function recorded(method, name, options = {}) {
    start(name, options.timeoutMs);
    const { onProgress } = options;
    // Only a caller's onProgress is wrapped: adding one would shorten the holds.
    const tracked = onProgress ? { ...options, onProgress: (op) => (see(name, op), onProgress(op)) } : options;
    try {
      return await client[method](name, tracked);
    } finally {
      take(name);
    }
  }

  /** The keeper's wait on `name`, once the page that started it is gone; its outcome, recorded. */
  const keeping = new Set();
  function keep(name, owner) {
    if (keeping.has(name)) return;
    keeping.add(name);
    locks.request(pageLock(owner), async () => {
      const r = store.read()[name];
      if (!r || r.outcome || r.owner !== owner) return;
      const outcome = await client.wait(name, { timeoutMs: budgetLeft(r) }).then(
        (operation) => ({ operation }),
        (error) => ({ error: toMessage(error) }),
      );
      if (staysAfter(outcome.error)) return;
      store.update(name, (now) => (now && !now.outcome && now.owner === owner ? { ...now, outcome } : now));
    }).finally(() => keeping.delete(name));
  }
  const keepAll = () => {
    for (const [name, r] of Object.entries(store.read())) if (!r.outcome && r.owner !== page) keep(name, r.owner);
  };
  locks?.request(`lro-web keeper ${store.key}`, () => {
    keepAll();
    globalThis.addEventListener?.("storage", (event) => event.key === store.key && keepAll());
    return forever();
  });

  return {
    /** The client whose waits are recorded. */
    client,
    /** `client.wait`, recorded until it settles. */
    wait: (name, options) => recorded("wait", name, options),
    /** `client.result`, recorded until it settles. */
    result: (name, options) => recorded("result", name, options),
    /** `client.watch`, recorded (with each state) until the done state is taken or the iteration ends. */
    watch(name, options) {
      start(name, options?.timeoutMs);
      const states = client.watch(name, options);
      const iterator = {
        async next() {
          try {
            const step = await states.next();
            if (step.done || step.value.done) take(name);
            else see(name, step.value);
            return step;
          } catch (e) {
            take(name);
            throw e;
          }
        },
        async return() {
          take(name);
          return states.return();
        },
        [Symbol.asyncIterator]: () => iterator,
      };
      return iterator;
    },
    /** What was left: each recorded wait's name, start, deadline, latest state, and whether its outcome is in. */
    pending: () =>
      Object.entries(store.read()).map(([name, r]) => ({
        name,
        startedAt: r.startedAt,
        deadline: r.deadline ?? undefined,
        state: r.outcome?.operation ?? r.state ?? undefined,
        settled: r.outcome !== null,
      })),
    /**
     * Finishes every recorded wait, yielding `{ name, operation }` or
     * `{ name, error }` for each as it settles, once: a yielded outcome's
     * record goes (but a network failure's or an abort's, for a later resume).
     * `options` are `wait`'s, for the waits still running.
     */
    async *resume(options = {}) {
      const waits = store.read();
      const settled = [];
      let wake;
      const push = (item) => (settled.push(item), wake?.());
      for (const step of resumePlan(waits)) {
        const { name } = step;
        store.update(name, (now) => now && { ...now, owner: page });
        if (step.from === "store") {
          push({ name, ...(step.outcome.error ? { error: fromMessage(step.outcome.error) } : step.outcome) });
          continue;
        }
        client.wait(name, { ...options, timeoutMs: budgetLeft(step) ?? options.timeoutMs }).then(
          (operation) => push({ name, operation }),
          (error) => push({ name, error }),
        );
      }
      for (let left = Object.keys(waits).length; left > 0; left--) {
        while (!settled.length) await new Promise((resolve) => (wake = resolve));
        const item = settled.shift();
        if (!staysAfter(item.error)) take(item.name);
        yield item;
      }
    },
    /** Drops the record of `name` (its wait, if any, goes on). */
    forget: take,
  };
}
