/**
 * Benchmark: activation in a real VS Code host (the VS Code server that `npm test` installs, with
 * the packaged .vsix installed as a user gets it), against an empty extension activated in the same
 * host just before (bench/fixtures/empty-extension: the loader's own cost). One host per round,
 * median of the rounds. Goal: ≤ 20 ms more than the empty extension.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, startHost } from "../test/support/vscodeServer";
import { emit, median, ms, type Row } from "./rows";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

/** Packs the empty extension under `name` (one to warm the host's activation path, one as the reference). */
function packEmpty(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), "falr-empty-"));
  cpSync(join(ROOT, "bench/fixtures/empty-extension"), dir, { recursive: true });
  const manifest = join(dir, "package.json");
  writeFileSync(manifest, readFileSync(manifest, "utf8").replace('"name": "empty"', `"name": "${name}"`));
  const out = join(dir, `${name}.vsix`);
  execFileSync(process.execPath, [join(ROOT, "node_modules/@vscode/vsce/vsce"), "package", "--no-dependencies", "--allow-missing-repository", "--skip-license", "--out", out], { cwd: dir, stdio: "pipe" });
  return out;
}

async function round(emptyVsix: string[]): Promise<{ empty: number; ours: number }> {
  let resolveResult!: (r: { empty: number; ours: number } | Error) => void;
  const result = new Promise<{ empty: number; ours: number } | Error>((r) => (resolveResult = r));
  const session = await startHost({
    extraVsix: emptyVsix,
    // fal Router activates on onStartupFinished, before the suite could time it: here it waits to be
    // activated by the suite instead. The bundle and `activate` measured are the packaged ones.
    patchManifest: (m) => {
      m.activationEvents = (m.activationEvents as string[]).filter((e) => e !== "onStartupFinished");
    },
    payload: (port) => [["extensionTestsPath", `vscode-remote://127.0.0.1:${port}${join(ROOT, "out/bench/host/activation.js")}`]],
    onLog: (line) => {
      const m = /::activation (\{.*\})/.exec(line);
      if (m) resolveResult(JSON.parse(m[1]) as { empty: number; ours: number });
    },
    onExit: (code) => resolveResult(new Error(`the host exited (${code}) without a measurement`)),
  });
  const timer = setTimeout(() => resolveResult(new Error("no measurement within 120 s")), 120_000);
  try {
    const r = await result;
    if (r instanceof Error) throw r;
    return r;
  } finally {
    clearTimeout(timer);
    await session.close();
    session.remove();
  }
}

async function main(): Promise<void> {
  const emptyVsix = [packEmpty("warmup"), packEmpty("empty")];
  const added: number[] = [];
  const ours: number[] = [];
  const empty: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const r = await round(emptyVsix);
    console.log(`  round ${i + 1}: empty ${ms(r.empty)}, fal Router ${ms(r.ours)}`);
    added.push(r.ours - r.empty);
    ours.push(r.ours);
    empty.push(r.empty);
  }
  const m = median(added);
  const row: Row = {
    id: "activation",
    what: "Activation in a real VS Code host (load the bundle, run activate, await it)",
    reference: "an empty extension, activated in the same host just before (after a first one warmed the path)",
    measured: `+${ms(m)}`,
    goal: "≤ 20 ms more",
    pass: m <= 20,
    detail: `${ROUNDS} hosts; fal Router ${ms(median(ours))}, empty ${ms(median(empty))} (medians)`,
  };
  emit([row]);
}

void main().then(() => process.exit(0), (e: unknown) => {
  console.error(e);
  process.exit(1);
});
