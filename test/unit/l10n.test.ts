import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "../../..");
const read = (...p: string[]) => JSON.parse(readFileSync(join(ROOT, ...p), "utf8")) as Record<string, string>;
const placeholders = (s: string) => (s.match(/\{\d+\}|\$\([\w-]+\)|\(command:[\w.]+\)/g) ?? []).sort();

describe("localisation bundles", function () {
  this.timeout(60_000);

  it("list exactly the strings the sources translate (run `npm run l10n` after changing one)", () => {
    const out = mkdtempSync(join(tmpdir(), "falr-l10n-"));
    try {
      execFileSync(join(ROOT, "node_modules/.bin/vscode-l10n-dev"), ["export", "--outDir", out, join(ROOT, "src")], { stdio: "pipe" });
      const fresh = JSON.parse(readFileSync(join(out, "bundle.l10n.json"), "utf8")) as Record<string, string>;
      assert.deepEqual(Object.keys(read("l10n", "bundle.l10n.json")).sort(), Object.keys(fresh).sort());
      assert.ok(Object.keys(fresh).length > 200, "host, core and webview text is all extracted");
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it("ship a second locale (the pseudo-locale qps-ploc) for every string, keeping placeholders, codicons and command links", () => {
    for (const [english, pseudo] of [
      [read("l10n", "bundle.l10n.json"), read("l10n", "bundle.l10n.qps-ploc.json")],
      [read("package.nls.json"), read("package.nls.qps-ploc.json")],
    ]) {
      assert.deepEqual(Object.keys(pseudo).sort(), Object.keys(english).sort());
      for (const [key, text] of Object.entries(english)) {
        assert.deepEqual(placeholders(pseudo[key]), placeholders(text), key);
        if (/[a-z]{3}/.test(text.replace(/\{\d+\}|\$\([\w-]+\)|\(command:[\w.]+\)|`[^`]*`/g, ""))) assert.notEqual(pseudo[key], text, `${key} is translated`);
      }
    }
  });
});
