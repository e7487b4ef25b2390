/**
 * The stores against real extension hosts (issue 15), in one VS Code server (one user data folder,
 * so one global storage), running the packaged extension:
 *   1. Two windows at once: each, with its own model, sends requests through one fake fal server
 *      (storageHosts/twoWindows.ts). The usage log must then hold every record of both windows,
 *      each whole, nothing set aside, and each window must have read them all back.
 *   2. A killed window: an extension host saves a ~12 MB conversation and appends usage records
 *      without pause (storageHosts/crashWriter.ts) and is killed with SIGKILL; the next window must
 *      load everything the killed one had finished writing, with no conversation set aside. Rounds
 *      go on until two kills have hit a conversation write in progress (its temporary file is left),
 *      eight at the most, and at least one must have.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { parseUsageLog } from "../../src/core/usageLog";
import { FakeFalServer } from "../support/fakeFal";
import { openWindow, startHost, ROOT, type HostSession, type WindowOptions } from "../support/vscodeServer";
import { filesUnder } from "../support/walk";
import { ENV_KEY } from "./suite/keys";
import { REQUESTS, WINDOWS, type CrashProgress, type CrashStart, type WindowReport } from "./storageHosts/plan";

const MODELS = ["google/gemini-2.5-flash", "anthropic/claude-sonnet-4.5"];
const MAX_KILLS = 8;
const MID_WRITE_KILLS = 2;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch {
    return undefined;
  }
}

async function waitFor<T>(what: string, ms: number, probe: () => T | undefined): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

let storage: string | undefined;
/** Where the extension keeps its global storage in this session (searched for once it exists). */
function storageDir(session: HostSession): string | undefined {
  if (storage) return storage;
  const found = [...filesUnder(session.dirs.root)].find((f) => /globalStorage[\\/]fal-router-dev\.fal-router[\\/]/.test(f));
  storage = found?.replace(/(globalStorage[\\/]fal-router-dev\.fal-router)[\\/].*$/, "$1");
  return storage;
}

/** Phase 1: two windows append to one usage log at once. */
async function twoWindows(session: HostSession, fal: FakeFalServer, shared: string, window: (name: string, suite: string) => WindowOptions, exits: Map<string, number>): Promise<string[]> {
  const problems: string[] = [];
  const second = join(session.dirs.root, "second");
  mkdirSync(join(second, ".vscode"), { recursive: true });
  writeFileSync(join(second, ".vscode", "settings.json"), JSON.stringify({ "falRouter.model": MODELS[1] }));
  const page = await openWindow(session.browser, session.port, session.extensionPath, second, window(MODELS[1], "twoWindows"));
  await waitFor("both windows' suites", 6 * 60_000, () => (MODELS.every((m) => exits.has(m)) ? true : undefined)).catch((e: Error) => problems.push(e.message));
  for (const m of MODELS) if (exits.has(m) && exits.get(m) !== 0) problems.push(`the window of ${m} exited ${exits.get(m)}`);
  await page.close();
  await session.page.close();

  const expected = Object.fromEntries(MODELS.map((m) => [m, REQUESTS]));
  const dir = storageDir(session);
  const log = dir && join(dir, "usage.jsonl");
  if (!log || !existsSync(log)) problems.push("no usage log was written");
  else {
    const { records, damaged } = parseUsageLog(readFileSync(log, "utf8"));
    const counted = Object.fromEntries(MODELS.map((m) => [m, records.filter((r) => r.model === m).length]));
    if (JSON.stringify(counted) !== JSON.stringify(expected) || records.length !== REQUESTS * WINDOWS) problems.push(`the log holds ${records.length} records (${JSON.stringify(counted)}), not ${REQUESTS} of each window`);
    if (damaged) problems.push(`${damaged} damaged line(s) in the log`);
    const aside = readdirSync(dir).filter((f) => f.startsWith("usage.damaged-"));
    if (aside.length) problems.push(`${aside.length} copies of the log set aside as damaged`);
    console.log(`usage log: ${records.length} records (${JSON.stringify(counted)}), ${damaged} damaged, ${aside.length} set aside`);
  }
  const reports = readdirSync(shared).filter((f) => f.endsWith(".report.json"));
  if (reports.length !== WINDOWS) problems.push(`${reports.length} window(s) wrote a report, not ${WINDOWS}`);
  for (const f of reports) {
    const report = readJson<WindowReport>(join(shared, f))!;
    const read = Object.fromEntries(MODELS.map((m) => [m, report.byModel[m] ?? 0]));
    if (JSON.stringify(read) !== JSON.stringify(expected) || Object.keys(report.byModel).length !== MODELS.length) problems.push(`the window of ${report.model} read back ${JSON.stringify(report.byModel)}, not ${JSON.stringify(expected)}`);
    console.log(`window of ${report.model}: ${report.done} requests done; read back ${JSON.stringify(report.byModel)}`);
  }
  // The windows really wrote at the same time: their requests reached the server interleaved.
  const order = fal.answered.filter((r) => r.kind === "stream").map((r) => String(r.body?.model));
  const switches = order.filter((m, i) => i > 0 && m !== order[i - 1]).length;
  if (switches < 10) problems.push(`the two windows' requests interleaved only ${switches} times: they did not run at the same time`);
  console.log(`fake fal answered ${order.length} streams; the windows alternated ${switches} times`);
  return problems;
}

/** Phase 2: windows killed while they write; each next window loads what the killed one finished. */
async function killedWindows(session: HostSession, shared: string, window: (name: string, suite: string) => WindowOptions): Promise<string[]> {
  const problems: string[] = [];
  let midWrite = 0;
  let kills = 0;
  let before: CrashProgress | undefined;
  for (let round = 0; ; round++) {
    const progressFile = join(shared, "progress.json");
    rmSync(progressFile, { force: true });
    const page: Page = await openWindow(session.browser, session.port, session.extensionPath, session.dirs.workspace, window(`crash ${round}`, "crashWriter"));
    const start = await waitFor(`round ${round}'s start`, 120_000, () => readJson<CrashStart>(join(shared, `start-${round}.json`)));
    if (start.damaged.length) problems.push(`round ${round}: conversations set aside as damaged after a kill: ${start.damaged.join(", ")}`);
    if (before) {
      // Everything the killed host had finished writing is there; at most the write in flight is not.
      if (start.loaded < before.saved) problems.push(`round ${round}: the conversation has ${start.loaded} messages, but ${before.saved} had been saved before the kill`);
      if (start.loaded > before.saved + 10) problems.push(`round ${round}: the conversation has ${start.loaded} messages, more than the ${before.saved} saved and the 10 being saved`);
      if (start.records < before.appended) problems.push(`round ${round}: the usage log has ${start.records} records, but ${before.appended} had been appended before the kill`);
      console.log(`round ${round}: loaded ${start.loaded} messages (${before.saved} saved before the kill) and ${start.records} usage records (${before.appended} appended)`);
    }
    if (round === MAX_KILLS || midWrite >= MID_WRITE_KILLS) {
      await page.close();
      break;
    }
    // Let it write a few times, then kill its extension host at a moment the runner does not choose.
    const first = await waitFor(`round ${round}'s first writes`, 60_000, () => {
      const p = readJson<CrashProgress>(progressFile);
      return p && p.saved > (before?.saved ?? 0) + 20 ? p : undefined;
    });
    await sleep(Math.floor(Math.random() * 400));
    process.kill(first.pid, "SIGKILL");
    kills++;
    // Closed at once, so the workbench does not start the killed window's extension host again.
    await page.close();
    await sleep(300);
    before = readJson<CrashProgress>(progressFile) ?? first;
    const dir = storageDir(session);
    const leftover = dir && existsSync(join(dir, "chats")) ? readdirSync(join(dir, "chats")).filter((f) => f.endsWith(".tmp")) : [];
    // A temporary file of the killed process's own: it was writing the conversation when it died.
    if (leftover.some((f) => f.includes(`.${first.pid}-`))) midWrite++;
  }
  console.log(`killed ${kills} extension hosts with SIGKILL, ${midWrite} in the middle of writing the conversation`);
  // Where it does not matter when a kill lands (every one lost nothing), at least one must have hit a write.
  if (midWrite < 1) problems.push(`none of ${kills} kills hit a conversation write in progress: this proved nothing about torn writes`);
  return problems;
}

async function main(): Promise<void> {
  const fal = await new FakeFalServer().start();
  const shared = mkdtempSync(join(tmpdir(), "falr-storage-"));
  const exits = new Map<string, number>();
  const lines: string[] = [];
  const window = (name: string, suite: string): WindowOptions => ({
    payload: (port) => [["extensionTestsPath", `vscode-remote://127.0.0.1:${port}${join(ROOT, `out/test/integration/storageHosts/${suite}.js`)}`]],
    onLog: (line) => lines.push(`[${name}] ${line}`),
    onExit: (code) => exits.set(name, code),
  });
  const session = await startHost({
    env: { FAL_KEY: ENV_KEY, FALR_STORAGE_DIR: shared },
    settings: { "falRouter.proxyUrl": fal.url, "falRouter.mode": "stream", "falRouter.dailyBudgetUsd": 100 },
    workspaceSettings: { "falRouter.model": MODELS[0] },
    ...window(MODELS[0], "twoWindows"),
  });
  const problems: string[] = [];
  try {
    problems.push(...(await twoWindows(session, fal, shared, window, exits)));
    problems.push(...(await killedWindows(session, shared, window)));
  } catch (e) {
    problems.push(String(e));
  } finally {
    await session.close();
    await fal.stop();
  }
  if (problems.length) {
    console.error(lines.slice(-60).join("\n"));
    console.error(session.serverLog.slice(-30).join("\n"));
    for (const p of problems) console.error(`FAIL: ${p}`);
  } else console.log("the stores against real extension hosts: two windows at once lost no record; killed windows lost nothing they had finished writing");
  session.remove();
  rmSync(shared, { recursive: true, force: true });
  process.exit(problems.length ? 1 : 0);
}

void main();
