// One build script, several entries: the extension host (CommonJS, `vscode` external) and each
// webview (browser IIFE). Static webview assets (CSS, the codicon font) are copied into dist/,
// because node_modules is not packaged and localResourceRoots covers dist/ only.
import * as esbuild from "esbuild";
import { copyFileSync, mkdirSync, rmSync, statSync } from "node:fs";

const production = process.argv.includes("--production");
const watch = process.argv.includes("--watch");

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : "linked",
  legalComments: "none",
  logLevel: "warning",
};

/**
 * Every `import * as vscode from "vscode"` becomes one shared namespace: esbuild otherwise wraps
 * each of the 38 imports in its own __toESM copy of the whole API object (thousands of property
 * copies at load, measured in BENCHMARKS.md's activation row).
 */
const vscodeOnce = {
  name: "vscode-once",
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) => (args.namespace === "vscode-once" ? { path: "vscode", external: true } : { path: "vscode", namespace: "vscode-once" }));
    build.onLoad({ filter: /.*/, namespace: "vscode-once" }, () => ({ contents: 'export * from "vscode";', loader: "js" }));
  },
};

/**
 * Libraries the host needs only on some paths are files of their own, required on first use, so
 * that activation and the first command compile only what they run: `@fal-ai/client` (with
 * msgpack and robot3: 68 KB, 44% of the host code) as dist/fal-client.js (the queue, an HTTP
 * error), markdown-it as dist/markdown-it.js (a rewrite's answer), and yaml as dist/yaml.js (prompt files' front matter). The sources' lazy
 * `require` still loads the packages in unit tests.
 */
const LAZY = { "@fal-ai/client": "./fal-client.js", "markdown-it": "./markdown-it.js", yaml: "./yaml.js" };
const lazyApart = {
  name: "lazy-apart",
  setup(build) {
    build.onResolve({ filter: /^(@fal-ai\/client|markdown-it|yaml)$/ }, (args) => (args.kind === "require-call" ? { path: LAZY[args.path], external: true } : undefined));
  },
};

/**
 * The workbench (the engine, the webviews, the chat: host/workbench.ts) is dist/workbench.js,
 * required when first used; activation compiles only the status bar and the stores. The few small
 * modules both need (formatting, settings, the catalog's helpers) are in both bundles.
 */
const workbenchApart = {
  name: "workbench-apart",
  setup(build) {
    build.onResolve({ filter: /^\.\/host\/workbench$/ }, (args) => (args.kind === "require-call" ? { path: "./workbench.js", external: true } : undefined));
  },
};

const builds = [
  {
    ...common,
    entryPoints: { extension: "src/extension.ts", workbench: "src/host/workbench.ts" },
    outdir: "dist",
    platform: "node",
    format: "cjs",
    target: "node18",
    external: ["vscode"],
    plugins: [vscodeOnce, lazyApart, workbenchApart],
  },
  {
    ...common,
    entryPoints: { "fal-client": "node_modules/@fal-ai/client/src/index.js", "markdown-it": "node_modules/markdown-it/dist/markdown-it.cjs.js", yaml: "node_modules/yaml/dist/index.js" },
    outdir: "dist",
    platform: "node",
    format: "cjs",
    target: "node18",
  },
  {
    ...common,
    entryPoints: { panel: "src/webview/panel/entry.ts", usage: "src/webview/usage/main.ts", chat: "src/webview/chat/main.ts" },
    outdir: "dist/webview",
    platform: "browser",
    format: "iife",
    target: "chrome114",
  },
];

function copyAssets() {
  mkdirSync("dist/webview", { recursive: true });
  mkdirSync("dist/media/codicons", { recursive: true });
  copyFileSync("src/webview/shared/common.css", "dist/webview/common.css");
  copyFileSync("src/webview/panel/panel.css", "dist/webview/panel.css");
  copyFileSync("src/webview/chat/chat.css", "dist/webview/chat.css");
  copyFileSync("src/webview/usage/usage.css", "dist/webview/usage.css");
  copyFileSync("src/webview/compare/compare.css", "dist/webview/compare.css");
  copyFileSync("node_modules/@vscode/codicons/dist/codicon.css", "dist/media/codicons/codicon.css");
  copyFileSync("node_modules/@vscode/codicons/dist/codicon.ttf", "dist/media/codicons/codicon.ttf");
}

if (!watch) rmSync("dist", { recursive: true, force: true });
copyAssets();
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  for (const f of ["dist/extension.js", "dist/workbench.js", "dist/fal-client.js", "dist/markdown-it.js", "dist/yaml.js", "dist/webview/panel.js", "dist/webview/usage.js", "dist/webview/chat.js"]) {
    console.log(`${f}: ${(statSync(f).size / 1024).toFixed(1)} KiB`);
  }
}
