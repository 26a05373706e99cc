// The demo page: starts jobs and follows each with OperationsClient.wait,
// whose onProgress moves the bar, until the operation is done.
import init, { OperationsClient } from "./pkg/lro_web.js";
import { decodeErrorInfo, decodeProgress, decodeResult, startJob } from "./jobs.js";

const PROGRESS = "type.googleapis.com/lro.demo.v1.JobProgress";
const RESULT = "type.googleapis.com/lro.demo.v1.JobResult";
const ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo";

await init();
const base = location.origin;
const client = new OperationsClient(base, { timeoutMs: 10_000 });
const $ = (sel, root = document) => root.querySelector(sel);
const status = $("#status");

function render(card, op) {
  const progress = op.metadata?.typeUrl === PROGRESS ? decodeProgress(op.metadata.value) : null;
  if (progress) $(".fill", card).style.width = `${progress.percent}%`;
  card.classList.toggle("succeeded", op.done && !op.error);
  card.classList.toggle("failed", Boolean(op.done && op.error));
  $(".cancel", card).disabled = op.done;
  if (!op.done) {
    $(".state", card).textContent = progress ? `${progress.percent}%` : "running";
    $(".detail", card).textContent = progress ? `step ${progress.step} of ${progress.totalSteps}` : "";
  } else if (op.error) {
    $(".state", card).textContent = op.error.codeName;
    const info = op.error.details.find((d) => d.typeUrl === ERROR_INFO);
    const reason = info ? ` (${decodeErrorInfo(info.value).reason})` : "";
    $(".detail", card).textContent = `${op.error.message || "failed"}${reason}`;
  } else {
    $(".state", card).textContent = "DONE";
    const result = op.response.typeUrl === RESULT ? decodeResult(op.response.value) : null;
    $(".detail", card).textContent = result
      ? `${result.label || "job"}: ${result.steps} steps in ${(result.elapsedMs / 1000).toFixed(1)} s`
      : op.response.typeUrl;
  }
}

async function follow(card, name, signal) {
  const show = (op) => render(card, op);
  // Short holds so the bar moves a few times a second.
  show(await client.wait(name, { onProgress: show, longPollMs: 250, signal }));
}

function showError(e) {
  status.textContent = e.codeName ? `${e.codeName}: ${e.message}` : String(e.message ?? e);
}

$("#start").addEventListener("submit", async (event) => {
  event.preventDefault();
  status.textContent = "";
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
    const name = await startJob(base, job);
    const card = $("#job").content.firstElementChild.cloneNode(true);
    $(".name", card).textContent = name;
    $(".label", card).textContent = job.label;
    $(".cancel", card).addEventListener("click", () => client.cancel(name).catch(showError));
    const following = new AbortController();
    $(".delete", card).addEventListener("click", () =>
      client.delete(name).then(() => {
        following.abort();
        card.remove();
      }, showError));
    $("#jobs").prepend(card);
    follow(card, name, following.signal).catch((e) => {
      if (!following.signal.aborted) showError(e);
    });
  } catch (e) {
    showError(e);
  }
});
