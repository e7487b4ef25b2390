import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import { PROVIDER_SYSTEM_PROMPT } from "../../../src/core/providerMessages";
import { TRANSCRIPT_RULES } from "../../../src/core/transcript";
import type { FalRouterApi } from "../../../src/extension";
import { modelInformation } from "../../../src/host/lm/provider";
import { DEFAULT_OUTPUT, DEFAULT_USAGE, FakeFalServer } from "../../support/fakeFal";
import { api, configure, EXTENSION_ID, until } from "./helpers";
import { BAD_KEY, SECRET_KEY } from "./keys";

const VENDOR = "fal-router";
/** A 2×2 red PNG (73 bytes). */
const TINY_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4z8AARAwQCgAf7gP9i18U1AAAAABJRU5ErkJggg==";
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** `LanguageModelDataPart` is VS Code 1.106+; the extension compiles against 1.104's typings. */
const DataPart = (vscode as unknown as { LanguageModelDataPart: { image(data: Uint8Array, mime: string): unknown } }).LanguageModelDataPart;

async function model(id: string): Promise<vscode.LanguageModelChat> {
  const [m] = await vscode.lm.selectChatModels({ vendor: VENDOR, id });
  assert.ok(m, `${id} is offered through vscode.lm`);
  return m;
}

/** Reads the whole answer the way a calling extension does; returns the fragments and the error it met, if any. */
async function read(response: vscode.LanguageModelChatResponse): Promise<{ fragments: string[]; error?: Error }> {
  const fragments: string[] = [];
  try {
    for await (const f of response.text) fragments.push(f);
    return { fragments };
  } catch (e) {
    return { fragments, error: e as Error };
  }
}

describe("fal's models through vscode.lm (the language-model provider), in a real extension host", function () {
  let server: FakeFalServer;
  let ext: FalRouterApi;
  const user = (...parts: Array<string | unknown>) => new vscode.LanguageModelChatMessage(vscode.LanguageModelChatMessageRole.User, parts.map((p) => (typeof p === "string" ? new vscode.LanguageModelTextPart(p) : p)) as vscode.LanguageModelTextPart[]);

  before(async () => {
    server = await new FakeFalServer().start();
    ext = await api();
    await configure({ proxyUrl: server.url, mode: "stream", stallTimeoutSeconds: 5, "images.inlineMaxKB": 1 });
    await vscode.commands.executeCommand("falRouter.setApiKey", SECRET_KEY);
  });
  after(async () => {
    await configure({ dailyBudgetUsd: undefined, "images.inlineMaxKB": undefined });
    await vscode.commands.executeCommand("falRouter.setApiKey", SECRET_KEY);
    await server.stop();
  });
  beforeEach(() => server.reset());

  it("lists the curated models with their names and limits, declaring no tool calling and image input only for vision models", async () => {
    const models = await vscode.lm.selectChatModels({ vendor: VENDOR });
    const ids = models.map((m) => m.id);
    for (const id of ["google/gemini-2.5-flash", "anthropic/claude-sonnet-4.5", "qwen/qwen3-coder"]) assert.ok(ids.includes(id), `${id} in ${ids.join(", ")}`);
    const flash = models.find((m) => m.id === "google/gemini-2.5-flash")!;
    assert.equal(flash.vendor, VENDOR);
    assert.equal(flash.family, "gemini-2.5-flash");
    assert.equal(flash.name, "Gemini 2.5 Flash");
    assert.ok(flash.maxInputTokens > 500_000, `maxInputTokens ${flash.maxInputTokens}`);
    // What the provider declares (VS Code's LanguageModelChat does not show capabilities to callers).
    assert.deepEqual(modelInformation(ext.catalog.info("google/gemini-2.5-flash")!).capabilities, { toolCalling: false, imageInput: true });
    assert.deepEqual(modelInformation(ext.catalog.info("qwen/qwen3-coder")!).capabilities, { toolCalling: false, imageInput: false });
  });

  it("refuses a request that requires a tool call, and sends nothing", async () => {
    const flash = await model("google/gemini-2.5-flash");
    const tools = [{ name: "search", description: "Searches", inputSchema: { type: "object" } }];
    const { error } = await read(await flash.sendRequest([user("Search for x")], { tools, toolMode: vscode.LanguageModelChatToolMode.Required }));
    assert.match(String(error?.message), /cannot call tools/);
    assert.equal(server.answered.length, 0);
  });

  it("adds a model the user has just used to the list", async () => {
    const changed = new Promise<void>((resolve) => {
      const sub = vscode.lm.onDidChangeChatModels(() => (sub.dispose(), resolve()));
    });
    await ext.usage.record("explain", "acme/fresh-model", { outcome: "done", output: "x", reasoning: "", totalMs: 1, usage: { cost: 0 } });
    await changed;
    await until(() => ext.catalog.recent.includes("acme/fresh-model"), 5000, "the recent list");
    const [fresh] = await vscode.lm.selectChatModels({ vendor: VENDOR, id: "acme/fresh-model" });
    assert.ok(fresh, "the new recent model is offered");
  });

  it("streams the fake server's answer through sendRequest, sends the chat's transcript, and logs the billed cost", async () => {
    const flash = await model("google/gemini-2.5-flash");
    const before = ext.usage.records.length;
    const response = await flash.sendRequest([user("What does add do?"), vscode.LanguageModelChatMessage.Assistant("It adds."), user("And with strings?")], { justification: "test" });
    const { fragments, error } = await read(response);
    assert.equal(error, undefined);
    assert.equal(fragments.join(""), DEFAULT_OUTPUT.join(""));
    assert.ok(fragments.length > 1, "streamed in pieces as they arrived");
    const [rec] = server.answered;
    assert.equal(rec.endpoint, "router");
    assert.equal(rec.body?.model, "google/gemini-2.5-flash");
    assert.equal(rec.body?.system_prompt, `${PROVIDER_SYSTEM_PROMPT}\n\n${TRANSCRIPT_RULES}`);
    assert.equal(rec.body?.prompt, "### User\nWhat does add do?\n\n### Assistant\nIt adds.\n\n### User\nAnd with strings?\n\n### Assistant");
    assert.equal(rec.authorization, `Key ${SECRET_KEY}`);
    await until(() => ext.usage.records.length > before, 5000, "the usage record");
    const logged = ext.usage.records.at(-1)!;
    assert.equal(logged.model, "google/gemini-2.5-flash");
    assert.equal(logged.cost, DEFAULT_USAGE.cost);
    assert.notEqual(logged.action, "chat", `the caller is the action (${logged.action})`);
  });

  it("closes the connection when the caller cancels; the caller's loop just ends", async () => {
    server.script({ output: ["one ", "two ", "three ", "four ", "five "], delayMs: 400 });
    const flash = await model("google/gemini-2.5-flash");
    const cts = new vscode.CancellationTokenSource();
    const response = await flash.sendRequest([user("Count slowly")], {}, cts.token);
    const fragments: string[] = [];
    for await (const f of response.text) {
      fragments.push(f);
      cts.cancel();
    }
    assert.deepEqual(fragments, ["one "]);
    await until(() => server.answered[0]?.clientClosed === true, 5000, "the stream to be closed");
    await until(() => ext.usage.records.at(-1)?.outcome === "cancelled", 5000, "a cancelled record");
  });

  it("sends nothing for a token cancelled before the call", async () => {
    const flash = await model("google/gemini-2.5-flash");
    const cts = new vscode.CancellationTokenSource();
    cts.cancel();
    const { fragments } = await read(await flash.sendRequest([user("Never sent")], {}, cts.token));
    assert.deepEqual(fragments, []);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(server.answered.length, 0);
  });

  it("fails with VS Code's errors: a rejected key is NoPermissions, over the daily budget is Blocked with the reason and nothing is sent", async () => {
    const flash = await model("google/gemini-2.5-flash");
    await vscode.commands.executeCommand("falRouter.setApiKey", BAD_KEY);
    const denied = await read(await flash.sendRequest([user("hi")]));
    assert.ok(denied.error instanceof vscode.LanguageModelError, String(denied.error));
    assert.equal((denied.error as vscode.LanguageModelError).code, vscode.LanguageModelError.NoPermissions().code);
    assert.match(denied.error.message, /rejected the API key/);
    await vscode.commands.executeCommand("falRouter.setApiKey", SECRET_KEY);

    server.reset();
    await configure({ dailyBudgetUsd: 0.000001 });
    // An earlier suite may have chosen "Send, and Don't Ask Again Today", which lets these through too.
    ext.guard.acknowledgedDay = undefined;
    const blocked = await read(await flash.sendRequest([user("hi")]));
    assert.ok(blocked.error instanceof vscode.LanguageModelError, String(blocked.error));
    assert.equal((blocked.error as vscode.LanguageModelError).code, vscode.LanguageModelError.Blocked().code);
    assert.match(blocked.error.message, /daily budget/);
    assert.equal(server.answered.length, 0, "over budget, nothing is sent");
    await configure({ dailyBudgetUsd: undefined });
  });

  it("takes image parts for a vision model: a small one as a data URI, a large one uploaded to fal storage; a text-only model refuses them", async () => {
    // Real images: VS Code's workbench decodes (and may resize) them before a provider gets them.
    const small = Buffer.from(TINY_PNG, "base64");
    const large = readFileSync(join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, "media", "icon.png"));
    assert.ok(large.length > 1024, "over the 1 KB inline limit set for this suite");
    const flash = await model("google/gemini-2.5-flash");
    const { error } = await read(await flash.sendRequest([user("What is in these?", DataPart.image(small, "image/png"), DataPart.image(large, "image/png"))]));
    assert.equal(error, undefined);
    const [rec] = server.answered;
    assert.equal(rec.endpoint, "vision");
    assert.equal(rec.target, "https://fal.run/openrouter/router/vision/stream");
    const urls = rec.body?.image_urls as string[];
    assert.equal(urls.length, 2);
    assert.match(urls[0], /^data:image\/png;base64,/);
    assert.ok(Buffer.from(urls[0].slice(urls[0].indexOf(",") + 1), "base64").subarray(0, 8).equals(PNG_SIGNATURE), "the small image, inline");
    const uploaded = server.uploads.get(urls[1]);
    assert.ok(uploaded, `${urls[1]} was uploaded`);
    assert.ok(uploaded.bytes.length > 1024 && uploaded.bytes.subarray(0, 8).equals(PNG_SIGNATURE), "the large image, uploaded");
    assert.equal(uploaded.contentType, "image/png");
    assert.match(String(rec.body?.prompt), /What is in these\?\[Image 1\]\[Image 2\]/);

    server.reset();
    const coder = await model("qwen/qwen3-coder");
    const refused = await read(await coder.sendRequest([user("And this?", DataPart.image(small, "image/png"))]));
    assert.match(String(refused.error?.message), /does not accept images/);
    assert.equal(server.received.length, 0, "nothing is sent or uploaded");
  });
});
