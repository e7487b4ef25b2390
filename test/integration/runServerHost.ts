/**
 * Offline runner: the integration suite inside a real VS Code extension host (the VS Code server
 * build) driven by Chromium. Afterwards every sink only the runner can see is searched for the
 * keys the suite used, in plain text and base64 (issue 15): every file the host and the workbench
 * wrote (logs, state databases, settings, the extension's storage, exports in the workspace), the
 * workbench's DOM with the notification list the last test opened, every webview's document, and
 * the extension host's output. A key anywhere, or a kind of sink with nothing in it, fails the run.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { startHost, ROOT } from "../support/vscodeServer";
import { filesUnder } from "../support/walk";
import { findKey } from "../support/canary";
import { ENV_KEY, TEST_KEYS } from "./suite/keys";

/** The kind of sink a file the session wrote belongs to (every file counts; these must each have one). */
function sinkOf(path: string): string {
  if (/[\\/]logs[\\/]/.test(path)) return "log files";
  if (/globalStorage[\\/]fal-router/i.test(path)) return "the extension's storage (conversations, usage log, comparisons)";
  if (/settings\.json$/.test(path)) return "settings files";
  return "other files (exports in the workspace, the workspace itself)";
}

const files = (dir: string) => filesUnder(dir, 20_000_000);

/** The workbench's DOM (the notification list is open after the last test) and every webview's document. */
async function readPages(page: Page, search: (sink: string, where: string, text: string) => void): Promise<void> {
  for (const frame of page.frames()) {
    const text = await frame.content().catch(() => "");
    const sink = frame === page.mainFrame() ? "the workbench's DOM (notifications included)" : "webview documents";
    if (text) search(sink, frame.url().slice(0, 120), text);
  }
  // The web workbench keeps global and workspace state, webview state and secrets in the browser.
  const stored = await page.evaluate(async () => {
    const decode = (v: unknown) => (v instanceof Uint8Array ? new TextDecoder().decode(v) : v instanceof ArrayBuffer ? new TextDecoder().decode(new Uint8Array(v)) : v);
    const out: { where: string; text: string }[] = [];
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i) ?? "";
      out.push({ where: `localStorage ${k}`, text: `${k}=${localStorage.getItem(k)}` });
    }
    const done = <T>(r: IDBRequest<T>) => new Promise<T>((res, rej) => ((r.onsuccess = () => res(r.result)), (r.onerror = () => rej(r.error))));
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await done(indexedDB.open(info.name));
      for (const store of Array.from(db.objectStoreNames)) {
        const [keys, values] = await Promise.all([done(db.transaction(store).objectStore(store).getAllKeys()), done(db.transaction(store).objectStore(store).getAll())]);
        keys.forEach((k, i) => out.push({ where: `indexedDB ${info.name}/${store}/${String(k).slice(0, 100)}`, text: `${String(k)}=${JSON.stringify(values[i], (_, v: unknown) => decode(v))}` }));
      }
      db.close();
    }
    return out;
  });
  for (const { where, text } of stored) search("browser storage (global and workspace state, webview state, secrets)", where, text);
  const notices = await page.locator(".notifications-list-container .monaco-list-row").allInnerTexts().catch(() => []);
  console.log(`notifications listed in the workbench: ${notices.length}`);
}

async function main(): Promise<void> {
  const timeoutMs = Number(process.env.FALR_HOST_TIMEOUT_MS ?? 8 * 60_000);
  const lines: string[] = [];
  let resolveExit!: (code: number) => void;
  const exited = new Promise<number>((r) => (resolveExit = r));
  const session = await startHost({
    env: { FAL_KEY: ENV_KEY, FALR_TEST_GREP: process.env.FALR_TEST_GREP },
    payload: (port) => [["extensionTestsPath", `vscode-remote://127.0.0.1:${port}${join(ROOT, "out/test/integration/suite/index.js")}`]],
    onLog: (line) => {
      lines.push(line);
      if (/^\s*(✔|✓|[0-9]+\)|passing|failing|pending|  )/.test(line) || /\b(passing|failing)\b/.test(line)) console.log(line);
    },
    onExit: (code) => resolveExit(code),
  }).catch((e) => {
    console.error(String(e));
    process.exit(1);
  });
  const timer = setTimeout(() => resolveExit(-1), timeoutMs);
  const code = await exited;
  clearTimeout(timer);

  let leaked = 0;
  const searched = new Map<string, number>();
  const search = (sink: string, where: string, text: string) => {
    searched.set(sink, (searched.get(sink) ?? 0) + 1);
    const hit = findKey(text, TEST_KEYS);
    if (hit) {
      console.error(`KEY LEAK (${sink}): ${where} holds the ${hit}`);
      leaked++;
    }
  };
  await readPages(session.page, search);
  await session.close();
  // Files, once the server has flushed its state: every one, of any kind, the state databases
  // included (SQLite keeps strings as they are).
  for (const f of files(session.dirs.root)) search(sinkOf(f), f, readFileSync(f).toString("latin1"));
  search("the extension host's output", "the suite's output", lines.join("\n"));
  const wanted = ["log files", "the extension's storage (conversations, usage log, comparisons)", "browser storage (global and workspace state, webview state, secrets)", "settings files", "other files (exports in the workspace, the workspace itself)", "the workbench's DOM (notifications included)", "webview documents", "the extension host's output"];
  // A run of some tests only (FALR_TEST_GREP) may leave a kind of sink empty; a full run may not.
  for (const sink of process.env.FALR_TEST_GREP ? [] : wanted) {
    if (!searched.get(sink)) {
      console.error(`no ${sink} were searched for keys, so that check checked nothing`);
      leaked++;
    }
  }
  console.log(`keys searched for in ${[...searched.values()].reduce((a, b) => a + b, 0)} sinks of ${searched.size} kinds: ${[...searched].map(([k, n]) => `${k} ${n}`).join("; ")}`);
  const logFiles = [...files(session.dirs.root)].filter((f) => /fal Router\.log$/.test(f));
  if (logFiles.length === 0) {
    console.error("no 'fal Router' log file was found, so the key check checked nothing");
    leaked++;
  }
  session.remove();
  if (code === -1) console.error(`the suite did not finish within ${timeoutMs} ms`);
  if (code !== 0) {
    console.error(lines.slice(-80).join("\n"));
    console.error(session.serverLog.slice(-40).join("\n"));
  }
  process.exit(code === 0 && leaked === 0 ? 0 : 1);
}

void main();
