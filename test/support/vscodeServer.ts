/**
 * Starts the VS Code server build (from the npm package code-server) on 127.0.0.1 and opens its
 * workbench in Debian's Chromium through playwright-core, as in shared/testing-in-real-vscode.md.
 * Used by the offline integration runner and by the workbench UI test.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { format } from "node:util";
import type { Browser, Page } from "playwright-core";
import { CHROMIUM, launchChromium } from "./chromium";
import { freePort } from "./ports";

export const ROOT = resolve(__dirname, "../../..");
const CACHE = process.env.FALR_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "fal-router-vscode");
export const NODE24 = join(CACHE, "node24/node_modules/node/bin/node");
export const SERVER_MAIN = join(CACHE, "code-server/node_modules/code-server/lib/vscode/out/server-main.js");
/** The packaged extension, as a user installs it (`npm run vsix` builds it). */
export const VSIX = process.env.FALR_VSIX ?? join(ROOT, "fal-router.vsix");
/**
 * `vsix` (default): the suites run the packaged .vsix, installed with `--install-extension` into a
 * clean extensions folder. `dev`: the working tree as the extension under development (for quick
 * iteration; `dist/` must be built).
 */
export const EXTENSION_MODE: "vsix" | "dev" = process.env.FALR_EXTENSION === "dev" ? "dev" : "vsix";


export interface HostSession {
  port: number;
  dirs: { root: string; server: string; user: string; ext: string; workspace: string };
  /** Where the extension under test runs from: the installed .vsix, or the working tree in dev mode. */
  extensionPath: string;
  server: ChildProcess;
  browser: Browser;
  page: Page;
  serverLog: string[];
  /** Stops the browser and the server (the folders stay, for the log checks). */
  close(): Promise<void>;
  /** Deletes the session's temporary folders. */
  remove(): void;
}

export interface HostOptions {
  /** Environment for the server, and so for the extension host (e.g. FAL_KEY). */
  env?: Record<string, string | undefined>;
  /** Machine-scope settings written before start. */
  settings?: Record<string, unknown>;
  /** Settings of the workspace folder the window opens (`.vscode/settings.json`), written before start. */
  workspaceSettings?: Record<string, unknown>;
  /** User settings written before start: application-scoped ones (such as `http.proxy`) are read only from there. */
  userSettings?: Record<string, unknown>;
  /** Extra payload entries for the workbench URL, given the server's port. */
  payload?: (port: number) => [string, string][];
  onLog?: (line: string) => void;
  onExit?: (code: number) => void;
  viewport?: { width: number; height: number };
  /** More packaged extensions to install beside the one under test (a benchmark's reference). */
  extraVsix?: string[];
  /** Changes the installed extension's manifest before the host starts (a benchmark's trigger). */
  patchManifest?: (manifest: Record<string, unknown>) => void;
  /**
   * VS Code's display language. A language pack comes from the Marketplace, out of reach here, so the
   * workbench's own messages stay English: the page is told the language the way a pack's messages
   * file tells it (`_VSCODE_NLS_LANGUAGE`), which is what the workbench hands the extension host
   * (`vscode.env.language`) and the manifest's translation (`package.nls.<language>.json`).
   */
  displayLanguage?: string;
}

export async function startHost(opts: HostOptions = {}): Promise<HostSession> {
  for (const f of [NODE24, SERVER_MAIN, CHROMIUM]) {
    if (!existsSync(f)) throw new Error(`missing ${f}: run scripts/setup-host.sh first`);
  }
  if (EXTENSION_MODE === "vsix" && !existsSync(VSIX)) throw new Error(`missing ${VSIX}: run "npm run vsix" first (or set FALR_EXTENSION=dev)`);
  const root = mkdtempSync(join(tmpdir(), "falr-host-"));
  const dirs = { root, server: join(root, "server"), user: join(root, "user"), ext: join(root, "ext"), workspace: join(root, "workspace") };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  cpSync(join(ROOT, "test/fixtures/workspace"), dirs.workspace, { recursive: true });
  if (opts.workspaceSettings) {
    mkdirSync(join(dirs.workspace, ".vscode"), { recursive: true });
    writeFileSync(join(dirs.workspace, ".vscode", "settings.json"), JSON.stringify(opts.workspaceSettings, null, 2));
  }
  // The server reads machine settings from <user-data-dir>/Machine (the remote side of a window).
  const machine = join(dirs.user, "Machine");
  mkdirSync(machine, { recursive: true });
  if (opts.userSettings) {
    mkdirSync(join(dirs.user, "User"), { recursive: true });
    writeFileSync(join(dirs.user, "User", "settings.json"), JSON.stringify(opts.userSettings, null, 2));
  }
  writeFileSync(join(machine, "settings.json"), JSON.stringify({ "workbench.startupEditor": "none", "security.workspace.trust.enabled": false, "extensions.autoCheckUpdates": false, "update.mode": "none", "telemetry.telemetryLevel": "off", "workbench.secondarySideBar.defaultVisibility": "hidden", "chat.disableAIFeatures": true, "workbench.tips.enabled": false, ...opts.settings }, null, 2));

  // The extension under test: the packaged .vsix as `--install-extension` unpacks it. The workbench
  // only runs an extension's tests for the extension under development, so the installed folder
  // itself is given as that path: what runs is exactly what the package contains.
  let extensionPath = ROOT;
  if (EXTENSION_MODE === "vsix") {
    execFileSync(NODE24, [SERVER_MAIN, "--install-extension", VSIX, "--extensions-dir", dirs.ext, "--server-data-dir", dirs.server, "--user-data-dir", dirs.user, "--accept-server-license-terms"], { stdio: "pipe" });
    const installed = readdirSync(dirs.ext).find((d) => d.startsWith("fal-router-dev.fal-router-"));
    if (!installed) throw new Error(`--install-extension did not install ${VSIX}`);
    extensionPath = join(dirs.ext, installed);
  }
  if (opts.patchManifest) {
    const file = join(extensionPath, "package.json");
    const manifest = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    opts.patchManifest(manifest);
    writeFileSync(file, JSON.stringify(manifest, null, 2));
  }
  for (const vsix of opts.extraVsix ?? []) {
    execFileSync(NODE24, [SERVER_MAIN, "--install-extension", vsix, "--extensions-dir", dirs.ext, "--server-data-dir", dirs.server, "--user-data-dir", dirs.user, "--accept-server-license-terms"], { stdio: "pipe" });
  }
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env };
  for (const [k, v] of Object.entries(opts.env ?? {})) if (v === undefined) delete env[k];
  const serverLog: string[] = [];
  const server = spawn(
    NODE24,
    [SERVER_MAIN, "--host", "127.0.0.1", "--port", String(port), "--without-connection-token", "--accept-server-license-terms", "--enable-smoke-test-driver", "--disable-workspace-trust", "--server-data-dir", dirs.server, "--user-data-dir", dirs.user, "--extensions-dir", dirs.ext, "--disable-telemetry"],
    { env, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  const collect = (b: Buffer) => {
    for (const line of b.toString().split("\n")) if (line.trim()) serverLog.push(line);
  };
  server.stdout?.on("data", collect);
  server.stderr?.on("data", collect);
  await waitForHttp(`http://127.0.0.1:${port}/`, 60_000);

  const browser = await launchChromium();
  const page = await openWindow(browser, port, extensionPath, dirs.workspace, opts);
  return {
    port,
    dirs,
    extensionPath,
    server,
    browser,
    page,
    serverLog,
    async close() {
      await browser.close().catch(() => {});
      try {
        process.kill(-server.pid!, "SIGKILL");
      } catch {
        /* already gone */
      }
    },
    remove() {
      if (!process.env.FALR_KEEP_HOST) rmSync(root, { recursive: true, force: true });
    },
  };
}

/** What a workbench window is opened with: its handlers, the test payload and the page's size and language. */
export type WindowOptions = Pick<HostOptions, "payload" | "onLog" | "onExit" | "viewport" | "displayLanguage">;

/**
 * Opens a workbench window on `folder` in a new page of `browser`: the server starts an extension
 * host of its own for it. Windows of one server share its user data (settings, global storage),
 * as two windows of one VS Code do.
 */
export async function openWindow(browser: Browser, port: number, extensionPath: string, folder: string, opts: WindowOptions = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: opts.viewport ?? { width: 1400, height: 900 } });
  await page.exposeFunction("codeAutomationLog", (_type: string, args: unknown[]) => opts.onLog?.(format(...(args as [unknown, ...unknown[]]))));
  await page.exposeFunction("codeAutomationExit", (code: number) => opts.onExit?.(code));
  const payload: [string, string][] = [["skipWelcome", "true"], ["extensionDevelopmentPath", `vscode-remote://127.0.0.1:${port}${extensionPath}`], ...(opts.payload?.(port) ?? [])];
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  if (opts.displayLanguage) {
    const language = JSON.stringify(opts.displayLanguage);
    await page.route(/\/out\/nls\.messages\.js(\?.*)?$/, async (route) => {
      const res = await route.fetch();
      await route.fulfill({ response: res, body: `${await res.text()}\nglobalThis._VSCODE_NLS_LANGUAGE = ${language};\n` });
    });
  }
  await page.goto(url);
  return page;
}

async function waitForHttp(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > until) throw new Error(`VS Code server did not answer at ${url} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
