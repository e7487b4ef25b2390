import * as assert from "node:assert/strict";
import { statSync } from "node:fs";
import { join } from "node:path";
import { listFiles, PackageManager } from "@vscode/vsce";

const ROOT = join(__dirname, "../../..");

/** What the package may hold: what runs (bundles, webview assets, media, manifest and its text) and what the Marketplace page shows. */
const ALLOWED = [
  /^package\.json$/,
  /^package\.nls(\.[\w-]+)?\.json$/,
  /^l10n\/bundle\.l10n(\.[\w-]+)?\.json$/,
  /^(README|CHANGELOG)\.md$/,
  /^LICENSE$/,
  /^dist\/(extension|workbench|fal-client|markdown-it|yaml)\.js$/,
  /^prompts\/[\w-]+\.prompt\.md$/,
  /^dist\/webview\/(panel|chat|usage)\.js$/,
  /^dist\/webview\/(common|panel|chat|usage|compare)\.css$/,
  /^dist\/media\/codicons\/codicon\.(css|ttf)$/,
  /^media\/icon\.(png|svg)$/,
  /^media\/walkthrough\/\w+\.md$/,
  /^docs\/[\w-]+\.png$/,
];

/**
 * Budgets, uncompressed: the package and the README's pictures within it. 1.4 MB since rewrites
 * parse the answer with markdown-it in the host (dist/markdown-it.js, 102 KB, loaded on the first
 * rewrite): the webviews' copies are inside their IIFE bundles and cannot be shared with the host.
 * 1.55 MB since prompt files: their YAML front matter is read with the yaml package
 * (dist/yaml.js, 112 KB, loaded when prompt files are first read). 1.6 MB since model comparison
 * (its view in the panels' bundle, +8 KB, its strings in every bundle and its README picture, 27 KB).
 * 1.65 MB since the language-model provider and images (the provider and the bundled catalog in the
 * activation bundle, +8 KB, image chips and paste in the chat, their strings, and a 22 KB picture).
 * 1.7 MB on 2026-12-04: CHANGELOG.md (packed: the Marketplace shows it) had grown to 64 KB, and
 * the chat's deferred replay of long conversations added 1 KB to its bundle; the bundles themselves
 * keep their own budgets (the webviews 250 KB each, BENCHMARKS.md).
 */
const PACKAGE_BUDGET = 1_700_000;
const PICTURES_BUDGET = 250_000;

describe("the .vsix's contents (vsce's own file list, as `npm run vsix` packs it)", function () {
  this.timeout(30_000);
  let files: string[];
  before(async () => {
    files = (await listFiles({ cwd: ROOT, packageManager: PackageManager.None })).map((f) => f.replace(/\\/g, "/"));
  });

  it("holds only what runs and what the Marketplace page shows: no sources, source maps, tests or node_modules", () => {
    assert.deepEqual(files.filter((f) => !ALLOWED.some((re) => re.test(f))), []);
    for (const must of ["package.json", "dist/extension.js", "dist/workbench.js", "dist/webview/chat.js", "l10n/bundle.l10n.json", "LICENSE", "README.md", "CHANGELOG.md", "media/icon.png"]) {
      assert.ok(files.includes(must), `${must} is packed`);
    }
  });

  it(`stays within its size budget (${PACKAGE_BUDGET / 1000} KB, of which the README's pictures ${PICTURES_BUDGET / 1000} KB)`, () => {
    const size = (f: string) => statSync(join(ROOT, f)).size;
    const total = files.reduce((s, f) => s + size(f), 0);
    const pictures = files.filter((f) => f.startsWith("docs/")).reduce((s, f) => s + size(f), 0);
    assert.ok(total <= PACKAGE_BUDGET, `the package is ${total} bytes`);
    assert.ok(pictures <= PICTURES_BUDGET, `the pictures are ${pictures} bytes`);
  });
});
