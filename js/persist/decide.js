// The decisions of lro-web/persist, as plain functions of their inputs
// (table-tested in tests/js/persist-decide.test.mjs): which records live on,
// which are kept when there are too many, what resume() delivers in which
// order, and which outcomes leave their record.

const isTime = (t) => typeof t == "number" && Number.isFinite(t);

/** Whether `r` is a record this version wrote (store.js says its fields). */
export const isRecord = (r) =>
  !!r && typeof r == "object" && isTime(r.startedAt) && (r.deadline === null || isTime(r.deadline)) &&
  typeof r.owner == "string" && (r.state === null || typeof r.state == "object") &&
  (r.outcome === null || typeof r.outcome == "object");

/**
 * The records of `waits` that live at `now`: well formed, before their
 * deadline, and at most `maxAgeMs` old; `damaged` says whether a malformed
 * one was dropped.
 */
export function live(waits, now, maxAgeMs) {
  const kept = {};
  let damaged = false;
  for (const [name, r] of Object.entries(waits)) {
    if (!isRecord(r)) damaged = true;
    else if ((r.deadline === null || r.deadline > now) && now - r.startedAt <= maxAgeMs) kept[name] = r;
  }
  return { waits: kept, damaged };
}

/** The newest `max` records of `waits` (by start), newest first. */
export const newest = (waits, max) =>
  Object.fromEntries(
    Object.entries(waits)
      .sort(([, a], [, b]) => b.startedAt - a.startedAt)
      .slice(0, max),
  );

/**
 * What resume() does with each record of `waits`: the outcomes a page
 * already recorded are delivered first, from the store (no call); the
 * others are waited on, delivered as they settle.
 */
export function resumePlan(waits) {
  const entries = Object.entries(waits);
  return [
    ...entries.filter(([, r]) => r.outcome).map(([name, r]) => ({ name, from: "store", outcome: r.outcome })),
    ...entries.filter(([, r]) => !r.outcome).map(([name, r]) => ({ name, from: "server", deadline: r.deadline })),
  ];
}

/**
 * Whether a record stays after its wait ended with `error` (undefined: it
 * settled): a network failure (UNAVAILABLE) or an abort (no code) is no
 * outcome, so a later resume tries again; anything else, the operation
 * included, was delivered and the record goes.
 */
export const staysAfter = (error) => error !== undefined && (error?.codeName === undefined || error.codeName === "UNAVAILABLE");
