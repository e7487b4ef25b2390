/** The result panel: header, live status, streamed markdown answer, reasoning, usage, actions. */
import { html } from "../shared/l10n"; // first: the page's l10n bundle, configured before any module below builds its text
import { formatMs, formatTokens, formatUsd } from "../../shared/format";
import type { HostToPanel } from "../../protocol/panel";
import type { FailureView, RunHeader, RunSnapshot, RunStatus, UsageView } from "../../protocol/run";
import { addCodeActions, onHostMessage, post, routeLinks, saveState } from "../shared/host";
import { repeatNotice } from "../shared/repeatNotice";
import { StreamingMarkdown } from "../shared/streamingMarkdown";
import { warmUpWhenIdle } from "../shared/warmUp";
import { buildToolbar, showRewriteButtons } from "./toolbar";
import * as l10n from "@vscode/l10n";

const $ = <T extends HTMLElement>(sel: string) => document.querySelector(sel) as T;

const STATUS: Record<RunStatus, { icon: string; text: string }> = {
  queued: { icon: "clock", text: l10n.t("Queued") },
  retrying: { icon: "sync codicon-modifier-spin", text: l10n.t("Retrying…") },
  streaming: { icon: "loading codicon-modifier-spin", text: l10n.t("Streaming…") },
  done: { icon: "pass", text: l10n.t("Done") },
  failed: { icon: "error", text: l10n.t("Failed") },
  cancelled: { icon: "circle-slash", text: l10n.t("Cancelled") },
  interrupted: { icon: "debug-disconnect", text: l10n.t("Interrupted") },
};

const app = $("#app");
app.innerHTML = `
  <header class="run-header">
    <h1 class="run-title"><span class="codicon codicon-sparkle" aria-hidden="true"></span><span id="action"></span><span class="sep">·</span><span id="model"></span><span class="sep">·</span><span id="source"></span></h1>
    <div id="status" class="status" role="status" aria-live="polite"></div>
    <div id="toolbar" class="toolbar"></div>
  </header>
  <div id="empty" class="empty">${html(l10n.t("Select code and run {0} or {1}."), `<strong>${html(l10n.t("fal Router: Explain Selection"))}</strong>`, `<strong>${html(l10n.t("Rewrite Selection"))}</strong>`)}</div>
  <details id="reasoning" class="reasoning" hidden><summary><span class="codicon codicon-lightbulb" aria-hidden="true"></span> ${html(l10n.t("Reasoning"))}</summary><div id="reasoning-body" class="markdown"></div></details>
  <main id="output" class="markdown" aria-live="off"></main>
  <div id="error" class="error" role="alert" hidden></div>
  <div id="notice" class="notice" role="status" hidden></div>
  <footer id="usage" class="usage" hidden></footer>`;

const buttons = buildToolbar($("#toolbar"), () => runId);
const { stop: stopBtn, copy: copyBtn } = buttons;
const repeating = repeatNotice(() => post({ type: "run/stop", runId }));
$(".run-header").after(repeating);

let runId = "";
let header: RunHeader | undefined;
let output = new StreamingMarkdown($("#output"), addCodeActions);
let reasoning = new StreamingMarkdown($("#reasoning-body"));
routeLinks($("#output"));
routeLinks($("#reasoning-body"));

document.addEventListener("keydown", (e) => {
  if (e.key === "Escape" && !stopBtn.hidden) post({ type: "run/stop", runId });
});

let status: RunStatus = "streaming";
let lastError: FailureView | undefined;
let applied = false;
let saveTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * Saves the run in the webview state, which VS Code hands to the panel serializer after a window
 * reload. While streaming at most once a second (a reload mid-answer keeps what arrived by then);
 * at once when the run ends.
 */
function saveRun(now: boolean): void {
  if (!header) return;
  if (!now) {
    saveTimer ??= setTimeout(() => saveRun(true), 1000);
    return;
  }
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = undefined;
  const run: RunSnapshot = { ...header, status, output: output.value, reasoningText: reasoning.value, usage, ...timings, error: lastError, applied };
  saveState({ run });
}

function setStatus(next: RunStatus, queuePosition?: number, detail?: string): void {
  status = next;
  const s = STATUS[status];
  const el = $("#status");
  el.hidden = false;
  el.dataset.status = status;
  el.replaceChildren();
  const icon = document.createElement("span");
  icon.className = `codicon codicon-${s.icon}`;
  icon.setAttribute("aria-hidden", "true");
  const text = document.createElement("span");
  text.textContent = detail ?? (status === "queued" && queuePosition !== undefined ? l10n.t("Queued (position {0})", queuePosition) : s.text);
  el.append(icon, text);
  const running = status === "queued" || status === "retrying" || status === "streaming";
  stopBtn.hidden = !running;
  buttons.compare.hidden = running || status === "interrupted";
  copyBtn.disabled = running && !output.value;
  showRewriteButtons(buttons, Boolean(header?.canApply), status, applied);
}

let usage: UsageView | undefined;
let timings: { firstTokenMs?: number; totalMs?: number } = {};
function renderUsage(): void {
  const el = $("#usage");
  if (!usage && timings.totalMs === undefined) {
    el.hidden = true;
    return;
  }
  el.hidden = false;
  // [field, icon, label, value]: the field names the value for tests and styles in every language.
  const items: [string, string, string, string][] = [
    ["prompt", "arrow-right", l10n.t("Prompt"), formatTokens(usage?.promptTokens)],
    ["completion", "arrow-left", l10n.t("Completion"), formatTokens(usage?.completionTokens)],
    ["total", "symbol-numeric", l10n.t("Total"), formatTokens(usage?.totalTokens)],
    ["billed", "credit-card", l10n.t("Billed"), formatUsd(usage?.cost)],
    ["first-token", "watch", l10n.t("First token"), formatMs(timings.firstTokenMs)],
    ["total-time", "clock", l10n.t("Total time"), formatMs(timings.totalMs)],
  ];
  el.replaceChildren(
    ...items.map(([field, icon, label, value]) => {
      const item = document.createElement("span");
      item.className = "usage-item";
      item.title = field === "billed" ? l10n.t("Cost billed by fal (usage.cost), not an estimate") : label;
      const i = document.createElement("span");
      i.className = `codicon codicon-${icon}`;
      i.setAttribute("aria-hidden", "true");
      const l = document.createElement("span");
      l.className = "usage-label";
      l.textContent = `${label} `;
      const v = document.createElement("span");
      v.className = "usage-value";
      v.dataset.field = field;
      v.textContent = value;
      item.append(i, l, v);
      return item;
    }),
  );
}

function showError(error: FailureView | undefined): void {
  lastError = error;
  const el = $("#error");
  if (!error) {
    el.hidden = true;
    return;
  }
  el.hidden = false;
  el.replaceChildren();
  const title = document.createElement("div");
  title.className = "error-title";
  title.textContent = error.message;
  el.append(title);
  if (error.fields?.length) {
    const ul = document.createElement("ul");
    for (const f of error.fields) {
      const li = document.createElement("li");
      li.textContent = f;
      ul.append(li);
    }
    el.append(ul);
  }
  if (error.requestId) {
    const id = document.createElement("div");
    id.className = "request-id";
    id.textContent = l10n.t("Request id: {0}", error.requestId);
    el.append(id);
  }
  if (output.value) {
    const kept = document.createElement("div");
    kept.className = "kept";
    kept.textContent = l10n.t("The partial answer above is kept.");
    el.append(kept);
  }
}

function notice(text: string, ok: boolean): void {
  const el = $("#notice");
  el.hidden = false;
  el.dataset.ok = String(ok);
  el.textContent = text;
}

function begin(h: RunHeader): void {
  header = h;
  applied = false;
  runId = h.runId;
  $("#empty").hidden = true;
  $("#action").textContent = h.action;
  $("#model").textContent = h.model;
  $("#source").textContent = h.source;
  $("#source").title = h.source;
  $("#output").replaceChildren();
  $("#reasoning-body").replaceChildren();
  output = new StreamingMarkdown($("#output"), addCodeActions);
  reasoning = new StreamingMarkdown($("#reasoning-body"));
  $("#reasoning").hidden = !h.reasoning;
  usage = undefined;
  timings = {};
  renderUsage();
  showError(undefined);
  $("#notice").hidden = true;
  repeating.hidden = true;
  copyBtn.hidden = false;
  document.body.dataset.runId = h.runId;
}

function replay(run: RunSnapshot): void {
  begin(run);
  setStatus(run.status, run.queuePosition, run.statusDetail);
  output.reset(run.output);
  reasoning.reset(run.reasoningText);
  if (run.reasoningText) $("#reasoning").hidden = false;
  usage = run.usage;
  timings = { firstTokenMs: run.firstTokenMs, totalMs: run.totalMs };
  renderUsage();
  if (run.status !== "queued" && run.status !== "retrying" && run.status !== "streaming") {
    output.finish();
    reasoning.finish();
    showError(run.error);
  }
  applied = Boolean(run.applied);
  showRewriteButtons(buttons, Boolean(header?.canApply), status, applied);
  repeating.hidden = !run.repeating;
  saveRun(true);
}

onHostMessage<HostToPanel>((m) => {
  if (m.type === "state/replay") {
    if (m.run) replay(m.run);
    return;
  }
  if (m.type === "run/start") {
    begin(m.header);
    setStatus("streaming");
    saveRun(true);
    return;
  }
  if (!("runId" in m) || m.runId !== runId) return;
  switch (m.type) {
    case "run/status":
      setStatus(m.status, m.queuePosition, m.detail);
      break;
    case "output/delta":
      output.append(m.text);
      copyBtn.disabled = false;
      saveRun(false);
      break;
    case "reasoning/delta":
      $("#reasoning").hidden = false;
      reasoning.append(m.text);
      saveRun(false);
      break;
    case "text/reset":
      output.reset(m.output);
      reasoning.reset(m.reasoning);
      break;
    case "usage/update":
      usage = m.usage;
      timings = { firstTokenMs: m.firstTokenMs, totalMs: m.totalMs };
      renderUsage();
      break;
    case "run/repeating":
      repeating.hidden = false;
      break;
    case "run/end":
      repeating.hidden = true;
      output.finish();
      reasoning.finish();
      setStatus(m.status);
      timings = { firstTokenMs: m.firstTokenMs, totalMs: m.totalMs };
      renderUsage();
      showError(m.error);
      // In a task of its own: serialising a long answer should not lengthen the frame that ends it.
      setTimeout(() => saveRun(true), 0);
      break;
    case "apply/result":
      notice(m.message, m.ok);
      if (m.ok) applied = true;
      showRewriteButtons(buttons, Boolean(header?.canApply), status, applied);
      saveRun(true);
      break;
    default: {
      const never: never = m;
      void never;
    }
  }
});

// Empty panel: no status and no actions until a run starts or is replayed.
$("#status").hidden = true;
stopBtn.hidden = copyBtn.hidden = buttons.compare.hidden = true;
showRewriteButtons(buttons, false, status, applied);
post({ type: "webview/ready" });
warmUpWhenIdle(addCodeActions);
