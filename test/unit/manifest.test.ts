import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_PROMPTS, readSettings } from "../../src/core/settings";
import { COMMAND_IDS } from "../../src/host/commands/ids";
import { MILESTONES, WALKTHROUGH } from "../../src/host/contextKeys";

const ROOT = join(__dirname, "../../..");
const raw = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const nls = JSON.parse(readFileSync(join(ROOT, "package.nls.json"), "utf8")) as Record<string, string>;
/** Where the manifest's text is (VS Code reads it from package.nls*.json). */
const TEXT_FIELD = /\.(displayName|description|title|markdownDescription|label|name|contextualTitle|category|enumDescriptions\[\d+\]|altText)$/;

/** The manifest as VS Code shows it in English: each `%key%` replaced from package.nls.json. */
function localized(value: unknown): unknown {
  if (typeof value === "string") {
    const key = /^%(.+)%$/.exec(value)?.[1];
    if (key === undefined) return value;
    assert.ok(key in nls, `package.nls.json has ${key}`);
    return nls[key];
  }
  if (Array.isArray(value)) return value.map(localized);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, localized(v)]));
  return value;
}
const pkg = localized(raw) as typeof raw;

/** Every string in `value` with its path. */
function strings(value: unknown, path: string): [string, string][] {
  if (typeof value === "string") return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => strings(v, `${path}.${k}`));
  return [];
}

describe("package.json manifest", () => {
  it("takes every text a user reads from package.nls.json (so it can be translated), and that file holds no unused text", () => {
    const texts = [...strings({ displayName: raw.displayName, description: raw.description }, ""), ...strings(raw.contributes, ".contributes")].filter(([path]) => TEXT_FIELD.test(path));
    assert.ok(texts.length > 50);
    const inline = texts.filter(([, v]) => !/^%.+%$/.test(v));
    assert.deepEqual(inline, [], "no inline text");
    const used = new Set(texts.map(([, v]) => v.slice(1, -1)));
    assert.deepEqual(Object.keys(nls).filter((k) => !used.has(k)), []);
    assert.equal(pkg.displayName, "fal Router");
  });

  it("activates after start-up at the earliest (never \"*\"), so the status bar shows, and to restore its panel", () => {
    assert.deepEqual(pkg.activationEvents, ["onStartupFinished", "onWebviewPanel:falRouter.result"]);
  });

  it("is complete for the Marketplace: a 128×128 PNG icon, banner, keywords, and the AI and Chat categories", () => {
    assert.deepEqual(pkg.categories, ["AI", "Chat"]);
    assert.equal(pkg.icon, "media/icon.png");
    const png = readFileSync(join(ROOT, pkg.icon));
    assert.equal(png.subarray(1, 4).toString("latin1"), "PNG");
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128], "IHDR width and height");
    assert.match(pkg.galleryBanner.color, /^#[0-9a-f]{6}$/i);
    assert.ok(pkg.keywords.length >= 5 && pkg.keywords.length <= 30);
  });

  it("works in Restricted Mode, where a folder's settings cannot choose the model, the prompts or the spending", () => {
    const trust = pkg.capabilities.untrustedWorkspaces;
    assert.equal(trust.supported, "limited");
    const props = pkg.contributes.configuration.properties as Record<string, { scope?: string }>;
    const costly = Object.keys(props).filter((k) => /^falRouter\.(model|models\.|prompts\.|maxTokens|reasoning|dailyBudgetUsd|confirmAboveTokens|chatContextTokens|maxSelectionChars|maxPromptChars)/.test(k));
    assert.deepEqual([...trust.restrictedConfigurations].sort(), costly.sort());
    for (const k of trust.restrictedConfigurations) assert.ok(props[k], `${k} is a real setting`);
    // Where the key is sent and where the catalog comes from can never be set by a folder at all.
    assert.equal(props["falRouter.proxyUrl"].scope, "machine");
    assert.equal(props["falRouter.catalogUrl"].scope, "machine");
  });

  it("runs beside the key and the user's files: on the local machine in remote windows, and in virtual workspaces", () => {
    assert.deepEqual(pkg.extensionKind, ["ui", "workspace"]);
    assert.equal(pkg.capabilities.virtualWorkspaces, true);
  });

  it("binds no Ctrl+Alt chord (AltGr on Windows types characters with it) and no key without a when clause", () => {
    for (const k of pkg.contributes.keybindings as { command: string; key: string; mac?: string; when?: string }[]) {
      for (const key of [k.key, k.mac ?? ""]) assert.doesNotMatch(key, /\b(ctrl\+alt|alt\+ctrl)\b/, `${k.command}: ${key}`);
      assert.ok(k.when, `${k.command} has a when clause`);
    }
    assert.deepEqual(
      pkg.contributes.keybindings.map((k: { key: string }) => k.key),
      ["ctrl+k shift+e", "ctrl+k shift+r", "ctrl+k shift+p", "escape", "ctrl+k shift+c", "ctrl+k shift+a", "ctrl+enter", "ctrl+shift+backspace", "ctrl+shift+enter"],
    );
    // Keys that VS Code binds itself (Ctrl+Enter inserts a line below) are ours only inside a rewrite's diff.
    for (const k of pkg.contributes.keybindings as { command: string; key: string; when: string }[]) {
      if (/^ctrl\+(shift\+)?(enter|backspace)$/.test(k.key)) assert.match(k.when, /^resourceScheme == fal-router-proposal && editorTextFocus$/, k.command);
    }
  });

  it("walks a new user through key, model, Explain, chat, own prompt and usage; each step's button is one of our commands and it completes on what the step does", () => {
    const [walk] = pkg.contributes.walkthroughs as { id: string; title: string; steps: { id: string; description: string; media: { markdown: string }; completionEvents: string[] }[] }[];
    assert.equal(`${pkg.publisher}.${pkg.name}#${walk.id}`, WALKTHROUGH, "Get Started opens this walkthrough");
    assert.equal(walk.title, "Get Started with fal Router");
    const done = walk.steps.map((s) => s.completionEvents);
    assert.deepEqual(done, [
      [`onContext:${MILESTONES.keySet}`],
      [`onContext:${MILESTONES.modelPicked}`],
      [`onContext:${MILESTONES.explained}`],
      [`onContext:${MILESTONES.chatted}`],
      [`onContext:${MILESTONES.asked}`],
      ["onCommand:falRouter.showUsage"],
    ]);
    for (const step of walk.steps) {
      const buttons = [...step.description.matchAll(/\]\(command:([\w.]+)\)/g)].map((m) => m[1]);
      assert.equal(buttons.length, 1, `${step.id} has one button`);
      assert.ok((COMMAND_IDS as readonly string[]).includes(buttons[0]), `${step.id}: ${buttons[0]} is ours`);
      assert.match(readFileSync(join(ROOT, step.media.markdown), "utf8"), /^# /, `${step.id}'s page exists`);
    }
  });

  it("lists every contributed command among the ones activation registers (and no other)", () => {
    assert.deepEqual([...COMMAND_IDS].sort(), pkg.contributes.commands.map((c: { command: string }) => c.command).sort());
  });

  // That each command has a handler is checked in the running extension (integration suite).
  it("gives every command a category and a title", () => {
    for (const c of pkg.contributes.commands) {
      assert.equal(c.category, "fal Router", c.command);
      assert.ok(c.title.trim(), c.command);
    }
  });

  it("puts every command used by menus and keybindings in the command list", () => {
    const declared = new Set(pkg.contributes.commands.map((c: { command: string }) => c.command));
    const used = [...Object.values(pkg.contributes.menus).flat(), ...pkg.contributes.keybindings]
      .map((m) => (m as { command?: string }).command)
      .filter(Boolean);
    for (const c of used) assert.ok(declared.has(c), c);
  });

  it("describes every setting, and core reads each one with the schema's default and range", () => {
    const props: Record<string, { default: unknown; minimum?: number; maximum?: number; description?: string; markdownDescription?: string }> = pkg.contributes.configuration.properties;
    const values: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(props)) {
      assert.ok(schema.description || schema.markdownDescription, `${key} has a description`);
      values[key.replace(/^falRouter\./, "")] = schema.default;
    }
    const s = readSettings((k) => values[k]);
    assert.equal(s.model, props["falRouter.model"].default);
    assert.equal(s.temperature, props["falRouter.temperature"].default);
    assert.equal(s.stallTimeoutSeconds, props["falRouter.stallTimeoutSeconds"].default);
    assert.equal(s.maxSelectionChars, props["falRouter.maxSelectionChars"].default);
    assert.equal(s.mode, props["falRouter.mode"].default);
    assert.equal(s.dailyBudgetUsd, props["falRouter.dailyBudgetUsd"].default);
    assert.equal(s.confirmAboveTokens, props["falRouter.confirmAboveTokens"].default);
    assert.equal(s.catalogUrl, props["falRouter.catalogUrl"].default);
    for (const t of ["explain", "rewrite", "custom", "chat"] as const) assert.equal(s.modelFor[t], s.model, `models.${t} empty falls back`);
    for (const id of ["explain", "rewrite", "custom"] as const) assert.equal(props[`falRouter.prompts.${id}`].default, DEFAULT_PROMPTS[id]);
    // Ranges in the schema and in the reader agree at the edges.
    const t = props["falRouter.temperature"];
    assert.equal(readSettings((k) => (k === "temperature" ? t.maximum! + 1 : undefined)).temperature, t.maximum);
    const st = props["falRouter.stallTimeoutSeconds"];
    assert.equal(readSettings((k) => (k === "stallTimeoutSeconds" ? st.minimum! - 4 : undefined)).stallTimeoutSeconds, st.minimum);
  });

  it("does not let a workspace redirect requests (and so the key) through its own proxy, or swap the catalog", () => {
    assert.equal(pkg.contributes.configuration.properties["falRouter.proxyUrl"].scope, "machine");
    assert.equal(pkg.contributes.configuration.properties["falRouter.catalogUrl"].scope, "machine");
  });

  it("never stores the key in settings", () => {
    assert.ok(!Object.keys(pkg.contributes.configuration.properties).some((k) => /key|secret|token/i.test(k) && !/maxTokens|AboveTokens|ContextTokens/.test(k)));
  });
});
