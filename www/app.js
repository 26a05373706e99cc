// The demo dashboard. "Watching" follows jobs with OperationsClient.watch,
// whose states move each bar (jobs started ten at a time are waited on
// plainly, with wait), and shows what each wait cost in RPCs, as the server
// counted them; "All operations" pages through the server's operations with
// list, refreshed every 1.5 s, however many waits run. Progress and results
// are read from lro-web's `decoded`: the page registers the server's
// descriptor set with the lro-web/registry entry. The cards' waits are
// persisted (lro-web/persist): after a reload they come back, with their
// latest progress, and finish.
import init, { OperationsClient, isRpcError } from "./pkg/registry/index.js";
import { persisted } from "./pkg/persist/index.js";
import { rpcsOf, startJob } from "./jobs.js";

const START_JOB = "lro.demo.v1.Jobs.StartJob";
const PAGE_SIZE = 8;

await init();
const client = new OperationsClient(location.origin, { timeoutMs: 10_000 });
const descriptors = await fetch("/descriptors.binpb");
client.registerTypes(new Uint8Array(await descriptors.arrayBuffer()));
const { responseType, metadataType } = client.operationTypes(START_JOB);
const kept = persisted(client, { key: "demo" });
const $ = (sel, root = document) => root.querySelector(sel);
const watching = new Map(); // operation name -> { card, following: AbortController }
const paging = { filter: "", tokens: [""], index: 0, busy: false };

function showError(e) {
  $("#status").textContent = isRpcError(e) ? `${e.codeName}: ${e.message}` : String(e?.message ?? e);
}

const typeName = (typeUrl) => typeUrl.slice(typeUrl.lastIndexOf("/") + 1);

/** One error detail in a few words, from lro-web's decoded proto3 JSON. */
function explain({ typeUrl, decoded, decodeError }) {
  const name = typeName(typeUrl);
  if (decodeError) return `${name} (undecodable: ${decodeError})`;
  if (!decoded) return name;
  switch (name) {
    case "google.rpc.ErrorInfo":
      return `${decoded.reason} (${decoded.domain})`;
    case "google.rpc.RetryInfo":
      return `retry in ${decoded.retryDelay}`;
    case "google.rpc.BadRequest":
      return (decoded.fieldViolations ?? []).map((v) => `${v.field}: ${v.reason ?? v.description}`).join(", ");
    default:
      return `${name} ${JSON.stringify(decoded)}`;
  }
}

/** What a person needs to know of an operation. */
function describe(op) {
  // proto3 JSON leaves out zeros, hence the `?? 0`s.
  const progress = typeName(op.metadata?.typeUrl ?? "") === metadataType ? op.metadata.decoded : null;
  const percent = op.done && !op.error ? 100 : progress?.percent ?? 0;
  if (!op.done) {
    const detail = progress ? `step ${progress.step ?? 0} of ${progress.totalSteps ?? 0}` : "running";
    return { kind: "running", percent, state: `${percent}%`, detail };
  }
  if (op.error) {
    const details = op.error.details.map(explain);
    const detail = [op.error.message || "failed", ...details].join(" · ");
    return { kind: "failed", percent, state: op.error.codeName, detail };
  }
  const result = typeName(op.response.typeUrl) === responseType ? op.response.decoded : null;
  const detail = result
    ? `${result.label || "job"}: ${result.steps ?? 0} steps in ${(Number(result.elapsedMs ?? 0) / 1000).toFixed(1)} s`
    : typeName(op.response.typeUrl);
  return { kind: "succeeded", percent, state: "DONE", detail };
}

function paint(el, op) {
  const view = describe(op);
  el.classList.toggle("succeeded", view.kind === "succeeded");
  el.classList.toggle("failed", view.kind === "failed");
  $(".fill", el).style.width = `${view.percent}%`;
  $(".state", el).textContent = view.state;
  const detail = $(".detail", el);
  if (detail) detail.textContent = view.detail;
  $(".cancel", el).disabled = op.done;
  const wait = $(".wait", el);
  if (wait) wait.disabled = op.done || watching.has(op.name);
}

async function cancel(name) {
  try {
    await client.cancel(name);
    await refresh();
  } catch (e) {
    showError(e);
  }
}

async function remove(name) {
  try {
    await client.delete(name);
    unwatch(name);
    await refresh();
  } catch (e) {
    showError(e);
  }
}

function unwatch(name) {
  const entry = watching.get(name);
  if (!entry) return;
  entry.following.abort();
  entry.card.remove();
  watching.delete(name);
  $("#watching-empty").hidden = watching.size > 0;
}

/** Follows an operation in a live card until it is done: with watch, or
 * (`plain`) with a plain wait that shows only the end. */
function watch(name, label = "", plain = false, latest = undefined) {
  if (watching.has(name)) return;
  const card = $("#card").content.firstElementChild.cloneNode(true);
  card.dataset.name = name;
  $(".name", card).textContent = name;
  $(".label", card).textContent = label;
  $(".cancel", card).addEventListener("click", () => cancel(name));
  $(".delete", card).addEventListener("click", () => remove(name));
  const following = new AbortController();
  watching.set(name, { card, following });
  $("#watching").prepend(card);
  $("#watching-empty").hidden = true;
  const show = (op) => paint(card, op);
  if (latest) show(latest);
  const signal = following.signal;
  const followed = plain
    ? kept.wait(name, { signal })
    : (async () => {
        let last;
        for await (const op of kept.watch(name, { longPollMs: 250, signal })) show((last = op));
        return last;
      })();
  followed
    .then(async (op) => {
      show(op);
      const rpcs = await rpcsOf(location.origin, name);
      $(".detail", card).textContent += ` · ${rpcs} RPC${rpcs === 1 ? "" : "s"}`;
      card.dataset.rpcs = String(rpcs);
    })
    .catch((e) => signal.aborted || showError(e));
}

// Which tab runs the waits of every tab of this demo (waits are shared
// across the tabs of an origin; see lro-web's README).
const ROLES = {
  leader: "Waits: this tab leads. It runs the waits of every tab of this demo",
  follower: "Waits: another tab leads and runs them; this tab follows their states",
  alone: "Waits: this tab's own (none yet)",
};
function showRole() {
  const role = client.tabRole;
  $("#role").dataset.role = role;
  $("#role").textContent = ROLES[role];
}

/** Shows the current page of the server's operations. */
async function refresh() {
  // One refresh at a time; one asked for meanwhile runs right after it.
  if (paging.busy) return void (paging.again = true);
  paging.busy = true;
  paging.again = false;
  try {
    const page = await client.list("operations", {
      filter: paging.filter,
      pageSize: PAGE_SIZE,
      pageToken: paging.tokens[paging.index],
    });
    paging.tokens[paging.index + 1] = page.nextPageToken;
    const rows = page.operations.map((op) => {
      const row = $("#op-row").content.firstElementChild.cloneNode(true);
      row.dataset.name = op.name;
      $(".name", row).textContent = op.name;
      $(".wait", row).addEventListener("click", () => watch(op.name));
      $(".cancel", row).addEventListener("click", () => cancel(op.name));
      $(".delete", row).addEventListener("click", () => remove(op.name));
      paint(row, op);
      return row;
    });
    $("#ops").replaceChildren(...rows);
    $("#ops").dataset.refreshedAt = String(performance.now());
    $("#page").textContent = `page ${paging.index + 1}`;
    $("#prev").disabled = paging.index === 0;
    $("#next").disabled = !page.nextPageToken;
  } catch (e) {
    showError(e);
  } finally {
    paging.busy = false;
    if (paging.again) refresh();
  }
}

function turn(by) {
  paging.index = Math.max(0, paging.index + by);
  refresh();
}

$("#prev").addEventListener("click", () => turn(-1));
$("#next").addEventListener("click", () => turn(+1));
$("#filter").addEventListener("change", (event) => {
  Object.assign(paging, { filter: event.target.value, tokens: [""], index: 0 });
  refresh();
});

$("#start").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("#status").textContent = "";
  const form = new FormData(event.target);
  const failCode = Number(form.get("failCode"));
  const job = {
    durationMs: Math.round(Number(form.get("seconds")) * 1000),
    steps: Number(form.get("steps")),
    failCode,
    failMessage: failCode ? "the demo job was asked to fail" : "",
    label: String(form.get("label")),
  };
  try {
    watch(await startJob(location.origin, job), job.label);
    await refresh();
  } catch (e) {
    showError(e);
  }
});

$("#batch").addEventListener("click", async () => {
  $("#status").textContent = "";
  try {
    const names = await Promise.all(
      Array.from({ length: 10 }, (_, i) => startJob(location.origin, { durationMs: 8000, steps: 20, label: `batch ${i + 1}` })),
    );
    names.forEach((name, i) => watch(name, `batch ${i + 1}`, true));
    await refresh();
  } catch (e) {
    showError(e);
  }
});

// The cards of before the last reload, from their latest state.
for (const { name, state } of kept.pending().reverse()) watch(name, "", false, state);
await refresh();
setInterval(refresh, 1500);
setInterval(showRole, 250);
document.body.dataset.ready = "true";
