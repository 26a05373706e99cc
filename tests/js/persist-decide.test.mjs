// Table tests of lro-web/persist's decisions (js/persist/decide.js): which
// records live, which are kept, what resume() delivers first, and which
// outcomes leave their record. Plain functions: no storage, no browser.
import assert from "node:assert/strict";
import { test } from "node:test";

import { live, newest, resumePlan, staysAfter } from "../../js/persist/decide.js";

const DAY = 86_400_000;
const NOW = 1_800_000_000_000;
const record = (fields) => ({ startedAt: NOW - 1000, deadline: null, owner: "p", state: null, outcome: null, ...fields });

test("which records live", () => {
  const cases = [
    ["no deadline, fresh", record({}), true],
    ["deadline ahead", record({ deadline: NOW + 1 }), true],
    ["deadline reached", record({ deadline: NOW }), false],
    ["deadline passed", record({ deadline: NOW - 1 }), false],
    ["exactly the longest age", record({ startedAt: NOW - 7 * DAY }), true],
    ["older than the longest age", record({ startedAt: NOW - 7 * DAY - 1 }), false],
    ["with an outcome, fresh", record({ outcome: { operation: { done: true } } }), true],
  ];
  for (const [what, r, lives] of cases) {
    const { waits, damaged } = live({ "operations/1": r }, NOW, 7 * DAY);
    assert.equal("operations/1" in waits, lives, what);
    assert.equal(damaged, false, what);
  }
});

test("damaged and foreign records are dropped, and said so", () => {
  const cases = [
    ["null", null],
    ["a string", "x"],
    ["a start that is not a time", record({ startedAt: "yesterday" })],
    ["an infinite start", record({ startedAt: Infinity })],
    ["a deadline that is not a time", record({ deadline: "soon" })],
    ["no owner", record({ owner: undefined })],
    ["a state that is not an object", record({ state: 3 })],
    ["an outcome that is not an object", record({ outcome: "done" })],
  ];
  for (const [what, r] of cases) {
    const { waits, damaged } = live({ bad: r, good: record({}) }, NOW, 7 * DAY);
    assert.deepEqual(Object.keys(waits), ["good"], what);
    assert.equal(damaged, true, what);
  }
});

test("at most N are kept, the newest", () => {
  const waits = Object.fromEntries([3, 1, 4, 5, 2].map((t) => [`operations/${t}`, record({ startedAt: t })]));
  const cases = [
    [0, []],
    [1, ["operations/5"]],
    [3, ["operations/5", "operations/4", "operations/3"]],
    [9, ["operations/5", "operations/4", "operations/3", "operations/2", "operations/1"]],
  ];
  for (const [max, names] of cases) assert.deepEqual(Object.keys(newest(waits, max)), names, `max ${max}`);
});

test("resume delivers the recorded outcomes first, without a call, then waits on the others", () => {
  const waits = {
    "operations/1": record({ deadline: NOW + 5000 }),
    "operations/2": record({ outcome: { operation: { name: "operations/2", done: true } } }),
    "operations/3": record({}),
    "operations/4": record({ outcome: { error: { codeName: "NOT_FOUND", message: "gone" } } }),
  };
  assert.deepEqual(
    resumePlan(waits).map(({ name, from, deadline }) => [name, from, deadline]),
    [
      ["operations/2", "store", undefined],
      ["operations/4", "store", undefined],
      ["operations/1", "server", NOW + 5000],
      ["operations/3", "server", null],
    ],
  );
  assert.deepEqual(resumePlan({}), []);
});

test("which outcomes leave their record", () => {
  const cases = [
    ["settled (an Operation, done or not)", undefined, false],
    ["NOT_FOUND: deleted on the server", { codeName: "NOT_FOUND" }, false],
    ["DEADLINE_EXCEEDED: the budget passed", { codeName: "DEADLINE_EXCEEDED" }, false],
    ["PERMISSION_DENIED", { codeName: "PERMISSION_DENIED" }, false],
    ["UNAVAILABLE: the network, try again later", { codeName: "UNAVAILABLE" }, true],
    ["an abort (no code)", { name: "AbortError" }, true],
  ];
  for (const [what, error, stays] of cases) assert.equal(staysAfter(error), stays, what);
});
