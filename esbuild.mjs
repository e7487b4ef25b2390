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

const builds = [
  {
    ...common,
    entryPoints: { extension: "src/extension.ts" },
    outdir: "dist",
    platform: "node",
    format: "cjs",
    target: "node18",
    external: ["vscode"],
  },
  {
    ...common,
    entryPoints: { panel: "src/webview/panel/main.ts", usage: "src/webview/usage/main.ts", chat: "src/webview/chat/main.ts" },
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
  copyFileSync("node_modules/@vscode/codicons/dist/codicon.css", "dist/media/codicons/codicon.css");
  copyFileSync("node_modules/@vscode/codicons/dist/codicon.ttf", "dist/media/codicons/codicon.ttf");
}

if (!watch) rmSync("dist", { recursive: true, force: true });
copyAssets();
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  for (const f of ["dist/extension.js", "dist/webview/panel.js", "dist/webview/usage.js", "dist/webview/chat.js"]) {
    console.log(`${f}: ${(statSync(f).size / 1024).toFixed(1)} KiB`);
  }
}
