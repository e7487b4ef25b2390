/**
 * Issue 15, the key: runs last (by name), after every suite has used the canary keys (keys.ts) to
 * set, use, fail, clear, chat, compare, answer through vscode.lm and export. Here a server that
 * echoes the key in its error bodies answers every surface, the results are exported, and then
 * every sink this process can see is searched for each key, in plain text and base64
 * (test/support/canary.ts). The runner (runServerHost.ts) then searches what only it can see:
 * every file the host wrote (logs, state databases, settings, the extension's storage, exports)
 * and the workbench's DOM, every webview's document and the notification list included.
 */
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { ComparisonOutcome } from "../../../src/core/engine/comparison";
import type { FalRouterApi } from "../../../src/extension";
import { findKey } from "../../support/canary";
import { FakeFalServer } from "../../support/fakeFal";
import { api, configure, selectLines, until } from "./helpers";
import { SECRET_KEY, TEST_KEYS } from "./keys";
import { webviewPosts } from "./sinks";

const FLASH = "google/gemini-2.5-flash";
const HAIKU = "anthropic/claude-haiku-4.5";

describe("the key reaches no sink (canary keys through every flow, searched in plain text and base64)", function () {
  this.timeout(120_000);
  let server: FakeFalServer;
  let ext: FalRouterApi;

  before(async () => {
    server = await new FakeFalServer().start();
    ext = await api();
    await configure({ proxyUrl: server.url, mode: "stream", model: FLASH, reasoning: false, stallTimeoutSeconds: 10 });
    await vscode.commands.executeCommand("falRouter.setApiKey", SECRET_KEY);
  });
  after(async () => {
    server.unscriptModels();
    await server.stop();
  });

  it("a server that repeats the key in its errors: the panel, the chat, a comparison and vscode.lm show its message without the key", async () => {
    const echo = { status: 500, body: { message: `upstream said: bad Authorization "Key ${SECRET_KEY}"` } };
    await selectLines("src/math.ts", 1, 3);
    server.script(echo);
    const panel = await vscode.commands.executeCommand<{ outcome: string; error?: { message: string } }>("falRouter.explainSelection");
    assert.equal(panel?.outcome, "error");
    assert.match(panel!.error!.message, /upstream said: bad Authorization "Key \[key redacted\]"/);

    await vscode.commands.executeCommand("falRouter.newChat");
    server.script({ status: 422, body: { detail: [{ loc: ["body", "prompt"], msg: `token ${SECRET_KEY} is not allowed` }] } });
    await ext.chat.send("Does the key show?");
    const last = ext.chat.conversation!.messages.at(-1)!;
    assert.equal(last.status, "failed");

    server.scriptModel(FLASH, { output: ["a"], errorAfter: 1, errorMessage: `quota for ${SECRET_KEY} exceeded` });
    server.scriptModel(HAIKU, echo);
    const outcome = await vscode.commands.executeCommand<ComparisonOutcome | undefined>("falRouter.compareModels", { models: [FLASH, HAIKU], prompt: "explain" });
    assert.equal(outcome?.status, "ran");
    await until(() => (ext.compare.view?.columns ?? []).every((c) => c.status === "failed"), 10_000, "both columns to fail");
    server.unscriptModels();

    const [model] = await vscode.lm.selectChatModels({ vendor: "fal-router", id: FLASH });
    server.script(echo);
    let thrown: unknown;
    try {
      const response = await model.sendRequest([vscode.LanguageModelChatMessage.User("hi")], {});
      for await (const _ of response.text) void _;
    } catch (e) {
      thrown = e;
    }
    assert.ok(thrown instanceof Error, "the provider reports the failure");
    assert.ok(!findKey(String((thrown as Error).message), TEST_KEYS), (thrown as Error).message);

    const folder = vscode.workspace.workspaceFolders![0].uri;
    await vscode.commands.executeCommand("falRouter.exportUsage", vscode.Uri.joinPath(folder, "sinks-usage.csv"));
    await vscode.commands.executeCommand("falRouter.exportChat", vscode.Uri.joinPath(folder, "sinks-chat.md"));
  });

  it("no sink in this process holds a key: webview messages, open documents (diffs and exports), settings, the panel, chat and usage state", async () => {
    const config = vscode.workspace.getConfiguration();
    const sinks: Record<string, string[]> = {
      "webview messages": webviewPosts,
      "open documents": vscode.workspace.textDocuments.map((d) => `${d.uri.toString()}\n${d.getText()}`),
      settings: ["falRouter", "http"].map((s) => JSON.stringify(config.inspect(s))),
      "result panel state": [JSON.stringify(ext.panel.snapshot ?? null)],
      "chat conversations": ext.chatStore.list().map((c) => JSON.stringify(c)).concat(JSON.stringify(ext.chat.conversation ?? null)),
      "usage records": ext.usage.records.map((r) => JSON.stringify(r)),
      "comparison view": [JSON.stringify(ext.compare.view ?? null)],
    };
    const found: string[] = [];
    for (const [name, texts] of Object.entries(sinks)) {
      assert.ok(texts.length > 0, `${name}: nothing to search, so the check would be empty`);
      texts.forEach((text, i) => {
        const hit = findKey(text, TEST_KEYS);
        if (hit) found.push(`${name} #${i}: ${hit}: …${text.slice(0, 200)}`);
      });
    }
    assert.deepEqual(found, []);
    assert.equal(Object.keys(sinks).length, 7, "seven kinds of sink searched here");
    assert.ok(webviewPosts.length >= 10, `${webviewPosts.length} webview messages searched`);
    // The runner reads the notification list from the workbench's DOM after the suite.
    await vscode.commands.executeCommand("notifications.showList");
  });
});
