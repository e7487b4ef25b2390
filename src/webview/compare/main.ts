/**
 * The comparison panel: one column per model (rows when the panel is narrow), each with its own
 * incremental markdown renderer, status, figures and buttons; a footer with the total billed cost,
 * Stop All, a diff of two answers and Export. Frames reach a column only through its run id.
 */
import { html } from "../shared/l10n"; // first: the page's l10n bundle, configured before any module below builds its text
import { formatMs, formatTokens, formatUsd } from "../../shared/format";
import type { ColumnView, ComparisonView, HostToCompare } from "../../protocol/compare";
import type { FailureView, RunStatus, UsageView } from "../../protocol/run";
import { el } from "../shared/dom";
import { addCodeActions, iconButton, onHostMessage, post, routeLinks } from "../shared/host";
import { StreamingMarkdown } from "../shared/streamingMarkdown";
import * as l10n from "@vscode/l10n";

const STATUS: Record<RunStatus, string> = {
  queued: l10n.t("Waiting"),
  retrying: l10n.t("Retrying…"),
  streaming: l10n.t("Streaming…"),
  done: l10n.t("Done"),
  failed: l10n.t("Failed"),
  cancelled: l10n.t("Stopped"),
  interrupted: l10n.t("Interrupted"),
};
const running = (s: RunStatus) => s === "queued" || s === "retrying" || s === "streaming";

const app = document.querySelector("#app") as HTMLElement;
app.innerHTML = `
  <header class="cmp-header"><h1 id="title"></h1><div id="notice" class="notice" role="status" hidden></div></header>
  <main id="columns" class="columns" aria-label="${html(l10n.t("Answers"))}"></main>
  <footer class="cmp-footer">
    <span class="total"><span class="codicon codicon-credit-card" aria-hidden="true"></span> ${html(l10n.t("Billed in all"))} <span id="total" data-field="total-cost"></span></span>
    <span class="diff-pick"><label for="left">${html(l10n.t("Diff"))}</label> <select id="left"></select> <label for="right">${html(l10n.t("with"))}</label> <select id="right"></select></span>
  </footer>
  <div id="empty" class="empty">${html(l10n.t("Select code and run {0}.", l10n.t("fal Router: Compare Models on Selection…")))}</div>`;
const $ = <T extends HTMLElement>(sel: string) => document.querySelector(sel) as T;
const footer = $(".cmp-footer");
const diffBtn = iconButton("diff", l10n.t("Show the two answers in a diff editor"), l10n.t("Show Diff"));
const stopAll = iconButton("debug-stop", l10n.t("Stop every column"), l10n.t("Stop All"));
const exportBtn = iconButton("export", l10n.t("Export the comparison to Markdown"), l10n.t("Export"));
$(".diff-pick").append(" ", diffBtn);
footer.append(stopAll, exportBtn);
diffBtn.addEventListener("click", () => post({ type: "compare/diff", left: ($("#left") as HTMLSelectElement).value, right: ($("#right") as HTMLSelectElement).value }));
stopAll.addEventListener("click", () => post({ type: "compare/stopAll" }));
exportBtn.addEventListener("click", () => post({ type: "compare/export" }));
footer.hidden = true;

let comparison: ComparisonView | undefined;

/** One model's column: its own renderer; it follows whichever run id the host last gave it. */
class Column {
  runId = "";
  status: RunStatus = "queued";
  usage?: UsageView;
  timings: { firstTokenMs?: number; totalMs?: number } = {};
  readonly root = el("section", "column");
  private readonly statusEl = el("span", "status");
  private readonly body = el("div", "markdown answer");
  private readonly error = el("div", "error");
  private readonly figures = el("div", "figures");
  private readonly stop = iconButton("debug-stop", l10n.t("Stop this column"), l10n.t("Stop"));
  private readonly retry = iconButton("refresh", l10n.t("Send this column's request again"), l10n.t("Retry"));
  private readonly copy = iconButton("copy", l10n.t("Copy this answer"), l10n.t("Copy"));
  private readonly use = iconButton("check", l10n.t("Send this answer through the rewrite diff"), l10n.t("Use This One"));
  private md: StreamingMarkdown;

  constructor(
    readonly model: string,
    private readonly canUse: boolean,
    private readonly archived: boolean,
  ) {
    const head = el("header", "column-head");
    head.append(el("h2", "model", model), this.statusEl);
    const actions = el("div", "column-actions");
    actions.append(this.stop, this.retry, this.copy, this.use);
    this.root.setAttribute("aria-label", model);
    this.root.append(head, actions, this.body, this.error, this.figures);
    this.md = new StreamingMarkdown(this.body, addCodeActions);
    routeLinks(this.body);
    this.stop.addEventListener("click", () => post({ type: "run/stop", runId: this.runId }));
    this.retry.addEventListener("click", () => post({ type: "column/retry", runId: this.runId }));
    this.copy.addEventListener("click", () => post({ type: "output/copy", runId: this.runId }));
    this.use.addEventListener("click", () => post({ type: "compare/use", runId: this.runId }));
    this.error.hidden = true;
  }

  get text(): string {
    return this.md.value;
  }

  /** A (new) request for this column: what the previous one showed goes. */
  start(runId: string): void {
    this.runId = runId;
    this.root.dataset.runId = runId;
    this.body.replaceChildren();
    this.md = new StreamingMarkdown(this.body, addCodeActions);
    this.usage = undefined;
    this.timings = {};
    this.showError(undefined);
    this.setStatus("streaming");
  }

  load(v: ColumnView): void {
    if (v.runId) this.start(v.runId);
    this.md.reset(v.output);
    this.usage = v.usage;
    this.timings = { firstTokenMs: v.firstTokenMs, totalMs: v.totalMs };
    if (!running(v.status)) {
      this.md.finish();
      this.showError(v.error);
    }
    this.setStatus(v.status);
  }

  append(text: string): void {
    this.md.append(text);
    this.copy.disabled = false;
  }

  reset(text: string): void {
    this.md.reset(text);
  }

  end(status: RunStatus, error: FailureView | undefined, timings: { firstTokenMs?: number; totalMs?: number }): void {
    this.md.finish();
    this.timings = timings;
    this.showError(error);
    this.setStatus(status);
  }

  setStatus(status: RunStatus, detail?: string): void {
    this.status = status;
    this.root.dataset.status = status;
    this.statusEl.dataset.status = status;
    this.statusEl.textContent = detail ?? STATUS[status];
    const live = running(status);
    this.stop.hidden = !live || this.archived;
    this.retry.hidden = live || this.archived || !this.runId;
    this.copy.disabled = !this.md.value;
    this.use.hidden = !this.canUse || this.archived || status !== "done";
    this.renderFigures();
    renderTotal();
  }

  renderFigures(): void {
    const items: [string, string, string][] = [
      ["first-token", l10n.t("First token"), formatMs(this.timings.firstTokenMs)],
      ["total-time", l10n.t("Total time"), formatMs(this.timings.totalMs)],
      ["tokens", l10n.t("Tokens"), formatTokens(this.usage?.totalTokens)],
      ["billed", l10n.t("Billed"), formatUsd(this.usage?.cost)],
    ];
    this.figures.replaceChildren(
      ...items.map(([field, label, value]) => {
        const item = el("span", "figure");
        const v = el("span", "figure-value", value);
        v.dataset.field = field;
        item.append(el("span", "figure-label", `${label} `), v);
        return item;
      }),
    );
  }

  private showError(error: FailureView | undefined): void {
    this.error.hidden = !error;
    if (!error) return;
    this.error.replaceChildren(el("div", "error-title", error.message), ...(error.fields ?? []).map((f) => el("div", "error-field", f)));
    if (error.requestId) this.error.append(el("div", "request-id", l10n.t("Request id: {0}", error.requestId)));
    if (this.md.value) this.error.append(el("div", "kept", l10n.t("The partial answer above is kept.")));
  }
}

let columns: Column[] = [];
const byRun = (runId: string) => columns.find((c) => c.runId === runId);

function renderTotal(): void {
  const known = columns.filter((c) => c.usage?.cost !== undefined);
  $("#total").textContent = known.length ? formatUsd(known.reduce((a, c) => a + (c.usage?.cost ?? 0), 0)) : "—";
  stopAll.hidden = !columns.some((c) => running(c.status)) || Boolean(comparison?.archived);
  const options = columns.filter((c) => c.runId && c.text);
  diffBtn.disabled = options.length < 2;
}

function fillDiffPicks(): void {
  for (const [sel, pick] of [["#left", 0], ["#right", 1]] as const) {
    const select = $(sel) as HTMLSelectElement;
    const before = select.value;
    select.replaceChildren(...columns.filter((c) => c.runId).map((c) => Object.assign(el("option", undefined, c.model), { value: c.runId })));
    select.value = [...select.options].some((o) => o.value === before) ? before : (select.options[pick]?.value ?? "");
  }
}

function show(view: ComparisonView | undefined): void {
  comparison = view;
  $("#empty").hidden = Boolean(view);
  footer.hidden = !view;
  $("#notice").hidden = true;
  $("#title").textContent = view ? l10n.t("{0} · {1} models · {2}", view.title, view.columns.length, view.source) : "";
  columns = (view?.columns ?? []).map((v) => {
    const c = new Column(v.model, view!.canUse, view!.archived);
    c.load(v);
    return c;
  });
  const grid = $("#columns");
  grid.style.setProperty("--columns", String(columns.length));
  grid.replaceChildren(...columns.map((c) => c.root));
  fillDiffPicks();
  renderTotal();
}

onHostMessage<HostToCompare>((m) => {
  switch (m.type) {
    case "compare/replay":
      return show(m.comparison);
    case "column/start":
      columns[m.index]?.start(m.runId);
      return fillDiffPicks();
    case "compare/notice": {
      const n = $("#notice");
      n.hidden = false;
      n.dataset.ok = String(m.ok);
      n.textContent = m.message;
      return;
    }
  }
  const c = byRun(m.runId);
  if (!c) return; // a frame of a run no column shows any more (a retried one)
  switch (m.type) {
    case "run/status":
      return c.setStatus(m.status, m.status === "queued" && m.queuePosition !== undefined ? l10n.t("Queued (position {0})", m.queuePosition) : m.detail);
    case "output/delta":
      c.append(m.text);
      return renderTotal();
    case "reasoning/delta":
      return; // a comparison shows the answers; reasoning is in each model's own run (Explain) if wanted
    case "text/reset":
      return c.reset(m.output);
    case "usage/update":
      c.usage = m.usage;
      c.renderFigures();
      return renderTotal();
    case "run/repeating":
      return;
    case "run/end":
      return c.end(m.status, m.error, { firstTokenMs: m.firstTokenMs, totalMs: m.totalMs });
  }
});

post({ type: "webview/ready" });
