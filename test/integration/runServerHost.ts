/**
 * Offline runner: the integration suite inside a real VS Code extension host (the VS Code server
 * build) driven by Chromium. Afterwards every log file the host wrote is searched for the keys
 * the suite used: a key in any log line fails the run.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { startHost, ROOT } from "../support/vscodeServer";
import { ENV_KEY, TEST_KEYS } from "./suite/keys";

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) yield* files(p);
    else if (st.size < 20_000_000) yield p;
  }
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
  await session.close();

  let leaked = 0;
  for (const f of files(session.dirs.root)) {
    if (!/\.(log|txt|json)$/.test(f) && !/log/i.test(f)) continue;
    const text = readFileSync(f, "utf8");
    for (const key of TEST_KEYS) {
      const secret = key.slice(key.indexOf(":") + 1);
      if (text.includes(key) || text.includes(secret)) {
        if (f.endsWith("settings.json")) continue;
        console.error(`KEY LEAK: ${f} contains a test key`);
        leaked++;
      }
    }
  }
  const logFiles = [...files(session.dirs.root)].filter((f) => /fal Router\.log$/.test(f));
  console.log(`log files checked for keys; fal Router log files found: ${logFiles.length}`);
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
