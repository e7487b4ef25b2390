import * as assert from "node:assert/strict";
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import type { RunResult } from "../../../src/core/types";
import type { FalRouterApi } from "../../../src/extension";
import { SEND, SEND_TODAY } from "../../../src/host/spendGuard";
import type { HostToUsage, UsageReport } from "../../../src/protocol/usage";
import { formatUsd } from "../../../src/shared/format";
import { DEFAULT_USAGE, FakeFalServer } from "../../support/fakeFal";
import { api, configure, selectLines, until } from "./helpers";
import { BAD_KEY, SECRET_KEY } from "./keys";

const MATH = "src/math.ts";
const explain = () => vscode.commands.executeCommand<RunResult | undefined>("falRouter.explainSelection");
const rewrite = () => vscode.commands.executeCommand<RunResult | undefined>("falRouter.rewriteSelection");

/** Opens the switcher the way the status bar does, types into its filter and presses Enter on the first match. */
async function pickInSwitcher(ext: FalRouterApi, command: string, filter: string, expect: string): Promise<void> {
  const shown = new Promise<vscode.QuickPick<vscode.QuickPickItem>>((resolve) => {
    const sub = ext.switcher.onDidShow((qp) => {
      sub.dispose();
      resolve(qp);
    });
  });
  const done = vscode.commands.executeCommand(command);
  const qp = await shown;
  qp.value = filter;
  await until(() => qp.activeItems[0]?.description === expect, 10_000, `the switcher to offer ${expect} first for "${filter}"`);
  await vscode.commands.executeCommand("workbench.action.acceptSelectedQuickOpenItem");
  await done;
}

describe("model choice and honest cost, in a real extension host", function () {
  let server: FakeFalServer;
  let ext: FalRouterApi;
  const asked: Array<{ message: string; detail: string; buttons: string[] }> = [];
  let answer: string | undefined;

  before(async () => {
    server = await new FakeFalServer().start();
    ext = await api();
    await configure({ proxyUrl: server.url, mode: "stream", model: "google/gemini-2.5-flash", reasoning: false, stallTimeoutSeconds: 5 });
    ext.guard.ask = async (message, detail, buttons) => {
      asked.push({ message, detail, buttons });
      return answer;
    };
  });
  after(async () => {
    await configure({ model: "google/gemini-2.5-flash", dailyBudgetUsd: undefined, confirmAboveTokens: undefined, catalogUrl: undefined });
    const ws = vscode.workspace.getConfiguration("falRouter");
    for (const t of ["explain", "rewrite", "custom", "chat"]) {
      await ws.update(`models.${t}`, undefined, vscode.ConfigurationTarget.Workspace);
      await ws.update(`models.${t}`, undefined, vscode.ConfigurationTarget.Global);
    }
    await server.stop();
  });
  beforeEach(async () => {
    server.reset();
    asked.length = 0;
    answer = undefined;
    await vscode.commands.executeCommand("falRouter.setApiKey", SECRET_KEY);
  });

  it("shows the model and what was billed today in the status bar, updated after a request", async () => {
    const before = ext.usage.sessionCost;
    assert.match(ext.statusBar.text, /gemini-2\.5-flash/);
    await selectLines(MATH, 1, 3);
    assert.equal((await explain())?.outcome, "done");
    assert.ok(Math.abs(ext.usage.sessionCost - before - DEFAULT_USAGE.cost) < 1e-12);
    assert.equal(ext.statusBar.text, `$(sparkle) gemini-2.5-flash · ${formatUsd(ext.usage.todayCost)} today`);
    const tip = ext.statusBar.tooltip;
    assert.match(tip, /`google\/gemini-2\.5-flash`/);
    assert.match(tip, /1\.05M context/);
    assert.match(tip, /\$0\.3 in \/ \$2\.5 out per M tokens/);
    assert.match(tip, new RegExp(`Billed today: \\*\\*\\${formatUsd(ext.usage.todayCost)}\\*\\* · in this window: \\*\\*\\${formatUsd(ext.usage.sessionCost)}`));
    assert.match(tip, /billed/);
  });

  it("counts what was billed earlier today (before a reload) in the status bar, and this window's apart in the tooltip", async () => {
    const startOfDay = new Date();
    startOfDay.setHours(0, 0, 1, 0);
    const today = ext.usage.todayCost;
    const window = ext.usage.sessionCost;
    // A record from before this window activated, as a reload leaves it in the log.
    await ext.usage.append({ time: startOfDay.toISOString(), action: "explain", model: "google/gemini-2.5-flash", outcome: "done", cost: 0.25 });
    assert.equal(ext.usage.sessionCost, window, "not billed in this window");
    assert.equal(ext.statusBar.text, `$(sparkle) gemini-2.5-flash · ${formatUsd(today + 0.25)} today`);
    assert.match(ext.statusBar.tooltip, new RegExp(`in this window: \\*\\*\\${formatUsd(window)}\\*\\*`));
  });

  it("switches the model through the Quick Pick, and the server receives the new model", async () => {
    await pickInSwitcher(ext, "falRouter.switchModel", "claude sonnet 4.5", "anthropic/claude-sonnet-4.5");
    assert.equal(vscode.workspace.getConfiguration("falRouter").get("model"), "anthropic/claude-sonnet-4.5");
    await until(() => /claude-sonnet-4\.5/.test(ext.statusBar.text), 5000, "the status bar to show the new model");
    await selectLines(MATH, 1, 3);
    await explain();
    assert.equal(server.answered[0].body?.model, "anthropic/claude-sonnet-4.5");
    assert.equal(ext.catalog.recent[0], "anthropic/claude-sonnet-4.5", "recently used first next time");
    await configure({ model: "google/gemini-2.5-flash" });
  });

  it("uses per-action models (workspace scope beats user scope) and falls back to the default", async () => {
    const config = vscode.workspace.getConfiguration("falRouter");
    await config.update("models.rewrite", "openai/gpt-5-mini", vscode.ConfigurationTarget.Global);
    await config.update("models.rewrite", "anthropic/claude-haiku-4.5", vscode.ConfigurationTarget.Workspace);
    server.script({ output: ["```ts\nconst x = 1;\n```\n"] }, {});
    const editor = await selectLines(MATH, 1, 3);
    await rewrite();
    await explain();
    assert.deepEqual(
      server.answered.map((r) => r.body?.model),
      ["anthropic/claude-haiku-4.5", "google/gemini-2.5-flash"],
    );
    assert.equal(ext.panel.snapshot?.model, "google/gemini-2.5-flash");
    assert.match(ext.statusBar.tooltip, /rewrite: `anthropic\/claude-haiku-4\.5`/);
    await config.update("models.rewrite", undefined, vscode.ConfigurationTarget.Workspace);
    await config.update("models.rewrite", undefined, vscode.ConfigurationTarget.Global);
    await editor.document.save();
  });

  it("records every finished request in the usage log, failed ones too, and exports it to CSV", async () => {
    const start = ext.usage.records.length;
    await selectLines(MATH, 1, 3);
    await explain();
    server.script({ output: ["partial"], dropAfter: 1 });
    await explain();
    await vscode.commands.executeCommand("falRouter.setApiKey", BAD_KEY);
    await explain();
    const added = ext.usage.records.slice(start);
    assert.deepEqual(
      added.map((r) => [r.action, r.model, r.outcome, r.error]),
      [
        ["explain", "google/gemini-2.5-flash", "done", undefined],
        ["explain", "google/gemini-2.5-flash", "error", "network"],
        ["explain", "google/gemini-2.5-flash", "error", "auth"],
      ],
    );
    assert.equal(added[0].cost, DEFAULT_USAGE.cost);
    assert.equal(added[0].totalTokens, DEFAULT_USAGE.total_tokens);
    assert.equal(added[0].requestId, server.answered[0].requestId);
    assert.equal(added[2].requestId, server.received.at(-1)?.requestId, "a failed request keeps its request id");
    // On disk, one line per request, readable by a new window.
    const lines = readFileSync(ext.usage.file.fsPath, "utf8").trim().split("\n");
    assert.equal(lines.length, ext.usage.records.length);
    assert.equal(JSON.parse(lines.at(-1)!).error, "auth");
    assert.ok(!lines.join("\n").includes(SECRET_KEY.split(":")[1]), "no key in the usage log");

    const csv = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, "usage.csv");
    await vscode.commands.executeCommand("falRouter.exportUsage", csv);
    const rows = readFileSync(csv.fsPath, "utf8").trimEnd().split("\r\n");
    assert.equal(rows[0], "time,action,model,outcome,prompt_tokens,completion_tokens,total_tokens,cost_usd,request_id,error,comparison");
    assert.equal(rows.length, ext.usage.records.length + 1);
    assert.match(rows.at(-1)!, /,explain,google\/gemini-2\.5-flash,error,,,,,[^,]+,auth,$/, "no comparison: its cell is empty");
  });

  it("shows usage per day and per model in the Show Usage view", async () => {
    const posts: HostToUsage[] = [];
    const sub = ext.usagePanel.onDidPost((m) => posts.push(m));
    try {
      await vscode.commands.executeCommand("falRouter.showUsage");
      await until(() => posts.some((m) => m.type === "usage/replay"), 15_000, "the usage view to say ready");
      const report = (posts.find((m) => m.type === "usage/replay") as { report: UsageReport }).report;
      assert.equal(report.total.requests, ext.usage.records.length);
      assert.equal(report.byDay[0].day, report.today);
      assert.ok(report.byModel.some((m) => m.model === "anthropic/claude-sonnet-4.5" && m.requests >= 1));
      assert.equal(report.recent[0].error, "auth", "newest first");
      // A request made while the view is hidden behind the editor reaches it when it is shown again.
      await selectLines(MATH, 1, 3);
      await explain();
      posts.length = 0;
      await vscode.commands.executeCommand("falRouter.showUsage");
      await until(() => posts.some((m) => m.type === "usage/replay" && m.report.total.requests === ext.usage.records.length), 10_000, "a fresh report");
    } finally {
      sub.dispose();
      await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
    }
  });

  it("asks before sending once the daily budget is reached, and sends nothing when the user declines", async () => {
    await configure({ dailyBudgetUsd: 0.0001 });
    await until(() => /\$\(warning\) reached/.test(ext.statusBar.tooltip), 5000, "the status bar to show the budget reached");
    await selectLines(MATH, 1, 3);
    answer = undefined;
    assert.equal(await explain(), undefined);
    assert.equal(server.answered.length, 0, "nothing was sent");
    assert.match(asked[0].detail, /has reached your daily budget of \$0\.0001/);
    assert.deepEqual(asked[0].buttons, [SEND, SEND_TODAY]);
    answer = SEND_TODAY;
    assert.equal((await explain())?.outcome, "done");
    assert.equal((await explain())?.outcome, "done");
    assert.equal(asked.length, 2, "not asked again today after 'don't ask again today'");
    assert.equal(server.answered.length, 2);
    await configure({ dailyBudgetUsd: undefined });
  });

  it("shows an estimate for a large prompt, labelled as one, and sends only after confirmation", async () => {
    await configure({ confirmAboveTokens: 50 });
    await selectLines(MATH, 1, 9);
    answer = undefined;
    assert.equal(await explain(), undefined);
    assert.equal(server.answered.length, 0);
    assert.match(asked[0].detail, /This prompt is about \d+ tokens\. Estimate: about \$[0-9.e-]+ for the input at google\/gemini-2\.5-flash's catalog price \(\$0\.3 in \/ \$2\.5 out per M tokens\), plus the answer\. This is an estimate/);
    answer = SEND;
    assert.equal((await explain())?.outcome, "done");
    assert.equal(server.answered.length, 1);
    await configure({ confirmAboveTokens: undefined });
  });

  it("refreshes the catalog from the public list without the key, caches it, and falls back with a message offline", async () => {
    server.catalogBody = {
      data: [
        { id: "acme/coder-9000", name: "Acme: Coder 9000", context_length: 64000, pricing: { prompt: "0.000001", completion: "0.000002" }, supported_parameters: ["reasoning"] },
        { id: "google/gemini-2.5-flash", name: "Google: Gemini 2.5 Flash", context_length: 1048576, pricing: { prompt: "0.0000003", completion: "0.0000025" } },
      ],
    };
    await configure({ catalogUrl: new URL("api/v1/models", server.url).toString() });
    assert.equal(await vscode.commands.executeCommand("falRouter.refreshCatalog"), true);
    assert.equal(server.catalogRequests.length, 1);
    assert.equal(server.catalogRequests[0].authorization, undefined, "the key is never sent to the catalog");
    assert.equal(ext.catalog.current.source, "openrouter");
    assert.deepEqual(ext.catalog.current.models.map((m) => m.id), ["acme/coder-9000", "google/gemini-2.5-flash"]);
    const cache = vscode.Uri.joinPath(ext.usage.file, "..", "catalog.json").fsPath;
    assert.ok(existsSync(cache));
    await pickInSwitcher(ext, "falRouter.switchModel", "coder 9000", "acme/coder-9000");
    assert.equal(vscode.workspace.getConfiguration("falRouter").get("model"), "acme/coder-9000");
    await until(() => /64K context/.test(ext.statusBar.tooltip), 5000, "the tooltip to use the refreshed catalog");

    // Offline: the refresh fails with a message and the cached list stays.
    await configure({ catalogUrl: "http://127.0.0.1:9/api/v1/models", model: "google/gemini-2.5-flash" });
    assert.equal(await vscode.commands.executeCommand("falRouter.refreshCatalog"), false);
    assert.equal(ext.catalog.current.models.length, 2);
    // A damaged cache is ignored on load, never fatal: the in-memory list stays usable.
    writeFileSync(cache, "{ damaged");
    await ext.catalog.load();
    assert.equal(ext.catalog.current.models.length, 2);
  });

  it("sets a damaged usage log aside, keeps its readable records, and carries on", async () => {
    const file = ext.usage.file.fsPath;
    await selectLines(MATH, 1, 3);
    await explain();
    await explain();
    const good = readFileSync(file, "utf8").trim().split("\n").slice(-2);
    writeFileSync(file, [good[0], "{{{ damaged", good[1], "\u0000garbage"].join("\n") + "\n");
    await ext.usage.load();
    assert.equal(ext.usage.records.length, 2);
    const dir = join(file, "..");
    const aside = readdirSync(dir).filter((f) => f.startsWith("usage.damaged-"));
    assert.equal(aside.length, 1);
    assert.match(readFileSync(join(dir, aside[0]), "utf8"), /\{\{\{ damaged/);
    assert.equal(readFileSync(file, "utf8").trim().split("\n").length, 2);
    await selectLines(MATH, 1, 3);
    await explain();
    assert.equal(ext.usage.records.length, 3);
  });

  it("a record appended while the log is being read is neither lost from the view nor written twice", async () => {
    await ext.usage.load();
    const before = ext.usage.records.length;
    const time = new Date().toISOString();
    const records = [0, 1, 2].map((i) => ({ time, action: "explain", model: `race/${i}`, outcome: "done" as const, cost: 0 }));
    // A reload (another window's change) starts while this window is still writing its records.
    const writing = ext.usage.append(records[0]);
    const reading = ext.usage.load();
    const more = [ext.usage.append(records[1]), ext.usage.append(records[2])];
    await Promise.all([writing, reading, ...more]);
    const models = (list: readonly { model: string }[]) => list.filter((r) => r.model.startsWith("race/")).map((r) => r.model);
    assert.deepEqual(models(ext.usage.records), ["race/0", "race/1", "race/2"], "every record is in the view, once");
    await ext.usage.load();
    assert.equal(ext.usage.records.length, before + 3);
    assert.deepEqual(models(ext.usage.records), ["race/0", "race/1", "race/2"], "and in the file, once");
  });
  it("a log torn by a window killed mid-write loses only the torn line: the next record starts a new line", async () => {
    const file = ext.usage.file.fsPath;
    await ext.usage.load();
    const before = ext.usage.records.length;
    const earlier = ext.usage.records.map((r) => r.time + r.model);
    // Another window died half-way through appending its record: a line is written break first, so
    // what it left is the break and half a record, with no line break at the end.
    mkdirSync(join(file, ".."), { recursive: true });
    appendFileSync(file, '\n{"time":"2026-12-04T05:00:00.000Z","action":"explain","model":"other/win');
    await selectLines(MATH, 1, 3);
    const done = await explain();
    assert.equal(done?.outcome, "done");
    await ext.usage.load();
    assert.equal(ext.usage.records.length, before + 1, "this window's record was kept whole");
    assert.equal(ext.usage.records.at(-1)?.model, "google/gemini-2.5-flash");
    assert.deepEqual(ext.usage.records.slice(0, before).map((r) => r.time + r.model), earlier, "the record before the torn line too");
    const aside = readdirSync(join(file, "..")).filter((f) => f.startsWith("usage.damaged-")).sort().at(-1)!;
    assert.match(readFileSync(join(file, "..", aside), "utf8"), /"model":"other\/win\n/, "the original, with the torn line, was copied aside");
  });
});
