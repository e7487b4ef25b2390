/**
 * Two extension hosts against one storage folder (issue 15): two windows of one VS Code server,
 * each running the packaged extension with its own model (workspace settings), send requests at
 * the same time through one fake fal server (twoHosts/index.ts runs in each). Afterwards the usage
 * log must hold every record of both windows, each whole, nothing set aside as damaged, and each
 * window must have read them all back.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseUsageLog } from "../../src/core/usageLog";
import { FakeFalServer } from "../support/fakeFal";
import { openWindow, startHost, ROOT } from "../support/vscodeServer";
import { ENV_KEY } from "./suite/keys";
import { REQUESTS, WINDOWS, type WindowReport } from "./twoHosts/plan";

const MODELS = ["google/gemini-2.5-flash", "anthropic/claude-sonnet-4.5"];

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else yield p;
  }
}

async function main(): Promise<void> {
  const fal = await new FakeFalServer().start();
  const shared = mkdtempSync(join(tmpdir(), "falr-two-hosts-"));
  let exited = 0;
  const failedExits: string[] = [];
  const lines: string[] = [];
  const options = (name: string) => ({
    payload: (port: number): [string, string][] => [["extensionTestsPath", `vscode-remote://127.0.0.1:${port}${join(ROOT, "out/test/integration/twoHosts/index.js")}`]],
    onLog: (line: string) => lines.push(`[${name}] ${line}`),
    onExit: (code: number) => {
      exited++;
      if (code !== 0) failedExits.push(`the window of ${name} exited ${code}`);
    },
  });
  const session = await startHost({
    env: { FAL_KEY: ENV_KEY, FALR_TWO_HOSTS_DIR: shared },
    settings: { "falRouter.proxyUrl": fal.url, "falRouter.mode": "stream", "falRouter.dailyBudgetUsd": 100 },
    workspaceSettings: { "falRouter.model": MODELS[0] },
    ...options(MODELS[0]),
  });
  const problems: string[] = [];
  try {
    const second = join(session.dirs.root, "second");
    mkdirSync(join(second, ".vscode"), { recursive: true });
    writeFileSync(join(second, ".vscode", "settings.json"), JSON.stringify({ "falRouter.model": MODELS[1] }));
    await openWindow(session.browser, session.port, session.extensionPath, second, options(MODELS[1]));
    const until = Date.now() + 6 * 60_000;
    while (exited < WINDOWS && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
    if (exited < WINDOWS) problems.push(`${WINDOWS - exited} window(s) did not finish within 6 minutes`);
    problems.push(...failedExits);
  } finally {
    await session.close();
    await fal.stop();
  }

  const expected = Object.fromEntries(MODELS.map((m) => [m, REQUESTS]));
  const stored = [...files(session.dirs.root)].filter((f) => /globalStorage[\\/]fal-router[^\\/]*[\\/]usage/.test(f));
  const log = stored.find((f) => f.endsWith("usage.jsonl"));
  if (!log) problems.push("no usage log was written");
  else {
    const { records, damaged } = parseUsageLog(readFileSync(log, "utf8"));
    const counted = Object.fromEntries(MODELS.map((m) => [m, records.filter((r) => r.model === m).length]));
    if (JSON.stringify(counted) !== JSON.stringify(expected) || records.length !== REQUESTS * WINDOWS) problems.push(`the log holds ${records.length} records (${JSON.stringify(counted)}), not ${REQUESTS} of each window`);
    if (damaged) problems.push(`${damaged} damaged line(s) in the log`);
    console.log(`usage log: ${records.length} records (${JSON.stringify(counted)}), ${damaged} damaged`);
  }
  const aside = stored.filter((f) => /usage\.damaged-/.test(f));
  if (aside.length) problems.push(`${aside.length} copies of the log set aside as damaged`);
  const reports = readdirSync(shared).filter((f) => f.endsWith(".report.json"));
  if (reports.length !== WINDOWS) problems.push(`${reports.length} window(s) wrote a report, not ${WINDOWS}`);
  for (const f of reports) {
    const report = JSON.parse(readFileSync(join(shared, f), "utf8")) as WindowReport;
    const read = Object.fromEntries(MODELS.map((m) => [m, report.byModel[m] ?? 0]));
    if (JSON.stringify(read) !== JSON.stringify(expected) || Object.keys(report.byModel).length !== MODELS.length) problems.push(`the window of ${report.model} read back ${JSON.stringify(report.byModel)}, not ${JSON.stringify(expected)}`);
    console.log(`window of ${report.model}: ${report.done} requests done; read back ${JSON.stringify(report.byModel)}`);
  }
  // The windows really wrote at the same time: their requests reached the server interleaved.
  const order = fal.answered.filter((r) => r.kind === "stream").map((r) => String(r.body?.model));
  const switches = order.filter((m, i) => i > 0 && m !== order[i - 1]).length;
  if (switches < 10) problems.push(`the two windows' requests interleaved only ${switches} times: they did not run at the same time`);
  console.log(`fake fal answered ${order.length} streams; the windows alternated ${switches} times`);
  if (problems.length) {
    console.error(lines.slice(-60).join("\n"));
    console.error(session.serverLog.slice(-30).join("\n"));
    for (const p of problems) console.error(`FAIL: ${p}`);
  } else console.log(`two extension hosts, one usage log: ${REQUESTS * WINDOWS} records, none lost, each window read them all`);
  session.remove();
  rmSync(shared, { recursive: true, force: true });
  process.exit(problems.length ? 1 : 0);
}

void main();
