/** The usage view: billed totals, a chart of daily spend, per-model and per-day tables, recent requests. */
import "../shared/l10n"; // first: the page's l10n bundle, configured before any module below builds its text
import { formatDateTime, formatTokens, formatUsd } from "../../shared/format";
import type { HostToUsage, UsageReport, UsageTotalsView } from "../../protocol/usage";
import { iconButton, onHostMessage, post } from "../shared/host";
import { el } from "../shared/dom";
import * as l10n from "@vscode/l10n";

const SVG = "http://www.w3.org/2000/svg";
const CHART_DAYS = 30;

function costText(t: UsageTotalsView): string {
  return t.unknownCost ? l10n.t("{0} (+{1} without reported cost)", formatUsd(t.cost), t.unknownCost) : formatUsd(t.cost);
}

function card(label: string, value: string, sub?: string): HTMLElement {
  const c = el("div", "card");
  c.append(el("div", "card-label", label), el("div", "card-value", value));
  if (sub) c.append(el("div", "card-sub", sub));
  return c;
}

function table(head: string[], rows: Array<Array<string>>, numeric: number[]): HTMLTableElement {
  const t = el("table");
  const thead = el("thead");
  const tbody = el("tbody");
  const tr = el("tr");
  head.forEach((h, i) => tr.append(Object.assign(el("th", numeric.includes(i) ? "num" : undefined, h), { scope: "col" })));
  thead.append(tr);
  for (const row of rows) {
    const r = el("tr");
    // Each cell names its column, for the stacked layout of narrow views (usage.css).
    row.forEach((cell, i) => {
      const td = el("td", numeric.includes(i) ? "num" : undefined, cell);
      td.title = cell;
      td.dataset.label = head[i];
      r.append(td);
    });
    tbody.append(r);
  }
  t.append(thead, tbody);
  return t;
}

/** The last CHART_DAYS days ending today, zero-filled. */
function lastDays(report: UsageReport): Array<{ day: string; cost: number; requests: number }> {
  const byDay = new Map(report.byDay.map((d) => [d.day, d]));
  const [y, m, d] = report.today.split("-").map(Number);
  const out: Array<{ day: string; cost: number; requests: number }> = [];
  for (let i = CHART_DAYS - 1; i >= 0; i--) {
    const date = new Date(y, m - 1, d - i);
    const key = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
    const row = byDay.get(key);
    out.push({ day: key, cost: row?.cost ?? 0, requests: row?.requests ?? 0 });
  }
  return out;
}

function chart(report: UsageReport): SVGSVGElement {
  const days = lastDays(report);
  const max = Math.max(...days.map((d) => d.cost), report.dailyBudgetUsd, 1e-9);
  const w = 600;
  const h = 140;
  const bw = w / days.length;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${w} ${h + 18}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", l10n.t("Billed cost per day, last {0} days", CHART_DAYS));
  svg.classList.add("chart");
  days.forEach((d, i) => {
    const bh = d.cost > 0 ? Math.max(2, (d.cost / max) * h) : 0;
    const rect = document.createElementNS(SVG, "rect");
    rect.setAttribute("x", String(i * bw + 2));
    rect.setAttribute("y", String(h - bh));
    rect.setAttribute("width", String(Math.max(1, bw - 4)));
    rect.setAttribute("height", String(bh));
    rect.classList.add("bar");
    if (d.day === report.today) rect.classList.add("today");
    const title = document.createElementNS(SVG, "title");
    title.textContent = `${d.day}: ${formatUsd(d.cost)}, ${d.requests} request(s)`;
    rect.append(title);
    svg.append(rect);
  });
  if (report.dailyBudgetUsd > 0) {
    const y = h - (report.dailyBudgetUsd / max) * h;
    const line = document.createElementNS(SVG, "line");
    line.setAttribute("x1", "0");
    line.setAttribute("x2", String(w));
    line.setAttribute("y1", String(y));
    line.setAttribute("y2", String(y));
    line.classList.add("budget");
    svg.append(line);
  }
  for (const [i, anchor] of [
    [0, "start"],
    [days.length - 1, "end"],
  ] as const) {
    const t = document.createElementNS(SVG, "text");
    t.setAttribute("x", String(i === 0 ? 0 : w));
    t.setAttribute("y", String(h + 14));
    t.setAttribute("text-anchor", anchor);
    t.classList.add("axis");
    t.textContent = days[i].day;
    svg.append(t);
  }
  return svg;
}

function render(report: UsageReport): void {
  const app = document.querySelector("#app") as HTMLElement;
  const header = el("header", "usage-header");
  const exportBtn = iconButton("export", l10n.t("Export the usage log to CSV"), l10n.t("Export CSV"));
  exportBtn.id = "export";
  exportBtn.addEventListener("click", () => post({ type: "usage/export" }));
  header.append(el("h1", undefined, l10n.t("Usage and cost")), exportBtn);

  const today = report.byDay.find((d) => d.day === report.today);
  const last30 = lastDays(report).reduce((s, d) => s + d.cost, 0);
  const budget = report.dailyBudgetUsd > 0 ? l10n.t("of {0} daily budget", formatUsd(report.dailyBudgetUsd)) : l10n.t("no daily budget set");
  const cards = el("section", "cards");
  cards.id = "cards";
  cards.append(
    card(l10n.t("Today"), formatUsd(today?.cost ?? 0), budget),
    card(l10n.t("This session"), formatUsd(report.session)),
    card(l10n.t("Last {0} days", CHART_DAYS), formatUsd(last30)),
    card(l10n.t("All time"), costText(report.total), l10n.t("{0} request(s), {1} tokens", report.total.requests, formatTokens(report.total.tokens))),
  );

  const note = el("p", "note", l10n.t("Costs are what fal billed for each request (usage.cost), summed from the local usage log. Cancelled and failed requests are listed with whatever usage fal reported."));

  const sections: HTMLElement[] = [header, cards, note];
  if (report.total.requests === 0) {
    sections.push(el("p", "empty", l10n.t("No requests yet. Run Explain, Rewrite or a chat message and its billed cost shows up here.")));
  } else {
    const chartSection = el("section");
    chartSection.append(el("h2", undefined, l10n.t("Billed cost per day (last {0} days)", CHART_DAYS)), chart(report));
    const models = el("section");
    models.id = "by-model";
    models.append(
      el("h2", undefined, l10n.t("By model")),
      table([l10n.t("Model"), l10n.t("Requests"), l10n.t("Tokens"), l10n.t("Billed")], report.byModel.map((m) => [m.model, String(m.requests), formatTokens(m.tokens), costText(m)]), [1, 2, 3]),
    );
    const days = el("section");
    days.id = "by-day";
    days.append(el("h2", undefined, l10n.t("By day")), table([l10n.t("Day"), l10n.t("Requests"), l10n.t("Tokens"), l10n.t("Billed")], report.byDay.map((d) => [d.day, String(d.requests), formatTokens(d.tokens), costText(d)]), [1, 2, 3]));
    const recent = el("section");
    recent.id = "recent";
    recent.append(
      el("h2", undefined, l10n.t("Recent requests")),
      table(
        [l10n.t("Time"), l10n.t("Action"), l10n.t("Model"), l10n.t("Outcome"), l10n.t("Tokens"), l10n.t("Billed"), l10n.t("Request id")],
        report.recent.map((r) => [formatDateTime(r.time), r.action, r.model, r.error ? `${r.outcome} (${r.error})` : r.outcome, formatTokens(r.totalTokens), formatUsd(r.cost), r.requestId ?? "—"]),
        [4, 5],
      ),
    );
    sections.push(chartSection, models, days);
    if (report.comparisons?.length) {
      const comparisons = el("section");
      comparisons.id = "comparisons";
      comparisons.append(
        el("h2", undefined, l10n.t("Model comparisons")),
        table([l10n.t("Time"), l10n.t("Action"), l10n.t("Models"), l10n.t("Billed")], report.comparisons.map((c) => [formatDateTime(c.time), c.action, c.models.join(", "), costText({ cost: c.cost, requests: c.models.length, tokens: 0, unknownCost: c.unknownCost })]), [3]),
      );
      sections.push(comparisons);
    }
    sections.push(recent);
  }
  const main = el("main");
  main.append(...sections);
  app.replaceChildren(main);
}

onHostMessage<HostToUsage>((m) => {
  if (m.type === "usage/replay") render(m.report);
});
post({ type: "webview/ready" });
