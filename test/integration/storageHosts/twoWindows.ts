/**
 * Runs in each of two extension hosts: two windows of one VS Code server, so one user data folder
 * and one global storage (issue 15: "two windows writing the usage log at once lose no record").
 * Once both are up, each sends REQUESTS real requests through the command the user runs, with a
 * daily budget set so that every request also reads the log again while the other window appends.
 * Then each reads the log until it holds the records of both windows, and writes what it counted
 * for the runner (runStorageHosts.ts), which checks the file itself too.
 */
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import type { RunResult } from "../../../src/core/types";
import { api, until } from "../suite/helpers";
import { REQUESTS, WINDOWS, type WindowReport } from "./plan";

export async function run(): Promise<void> {
  const shared = process.env.FALR_STORAGE_DIR;
  const me = vscode.workspace.workspaceFolders?.[0]?.name;
  if (!shared || !me) throw new Error(`not a two-window run (${shared}, ${me})`);
  const ext = await api();
  const model = vscode.workspace.getConfiguration("falRouter").get<string>("model") ?? "";
  const doc = await vscode.workspace.openTextDocument({ content: `export const answer = "${model}";\n`, language: "typescript" });
  const editor = await vscode.window.showTextDocument(doc);
  editor.selection = new vscode.Selection(new vscode.Position(0, 0), doc.lineAt(0).range.end);

  // Start together: each says it is ready and waits for the other.
  writeFileSync(join(shared, `${me}.ready`), "");
  await until(() => readdirSync(shared).filter((f) => f.endsWith(".ready")).length >= WINDOWS, 120_000, "the other window");
  let done = 0;
  for (let i = 0; i < REQUESTS; i++) {
    const r = await vscode.commands.executeCommand<RunResult | undefined>("falRouter.explainSelection");
    if (r?.outcome !== "done") throw new Error(`request ${i + 1} in ${me} ended ${r?.outcome ?? "without a run"}: ${r?.error?.message ?? ""}`);
    done++;
  }

  const byModel = (): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const r of ext.usage.records) out[r.model] = (out[r.model] ?? 0) + 1;
    return out;
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    await ext.usage.load();
    if (ext.usage.records.length >= REQUESTS * WINDOWS || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const report: WindowReport = { model, byModel: byModel(), done };
  writeFileSync(join(shared, `${me}.report.json`), JSON.stringify(report));
}
