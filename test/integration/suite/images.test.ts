import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { IMAGE_SYSTEM_PROMPT } from "../../../src/core/engine/prompt";
import type { RunResult } from "../../../src/core/types";
import type { FalRouterApi } from "../../../src/extension";
import type { HostToChat } from "../../../src/protocol/chat";
import { DEFAULT_OUTPUT, FakeFalServer } from "../../support/fakeFal";
import { api, configure, until } from "./helpers";
import { SECRET_KEY } from "./keys";

const SCREENSHOT = "docs/error-screenshot.png"; // 268 bytes
const MOCK = "docs/ui-mock.png"; // 4.9 KB

function fixture(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, "a workspace folder is open");
  return vscode.Uri.joinPath(folder.uri, rel);
}

describe("images: Explain Image from the explorer and images in the chat, in a real extension host", function () {
  let server: FakeFalServer;
  let ext: FalRouterApi;
  let frames: HostToChat[] = [];
  let sub: vscode.Disposable;

  before(async () => {
    server = await new FakeFalServer().start();
    ext = await api();
    await configure({ proxyUrl: server.url, mode: "stream", model: "google/gemini-2.5-flash", stallTimeoutSeconds: 5, "images.inlineMaxKB": 1 });
    await vscode.commands.executeCommand("falRouter.setApiKey", SECRET_KEY);
    sub = ext.chatView.onDidDeliver((m) => frames.push(m));
  });
  after(async () => {
    sub.dispose();
    await configure({ "images.inlineMaxKB": undefined, "models.explain": undefined, "models.chat": undefined });
    await server.stop();
  });
  beforeEach(() => {
    server.reset();
    frames = [];
    for (const a of [...ext.chat.attachments]) ext.chat.removeAttachment(a.id);
  });

  it("explains an image from the explorer: a small one goes inline to the vision endpoint, and the answer streams into the panel", async () => {
    const uri = fixture(SCREENSHOT);
    const bytes = await vscode.workspace.fs.readFile(uri);
    const result = await vscode.commands.executeCommand<RunResult | undefined>("falRouter.explainImage", uri);
    assert.equal(result?.outcome, "done");
    const [rec] = server.answered;
    assert.equal(rec.target, "https://fal.run/openrouter/router/vision/stream");
    assert.deepEqual(rec.body?.image_urls, [`data:image/png;base64,${Buffer.from(bytes).toString("base64")}`]);
    assert.equal(rec.body?.system_prompt, IMAGE_SYSTEM_PROMPT);
    assert.equal(rec.body?.prompt, `Image: ${SCREENSHOT}\n\nExplain this image.`);
    assert.equal(server.received.filter((r) => r.kind === "initiate").length, 0, "nothing uploaded");
    assert.equal(ext.panel.snapshot?.output, DEFAULT_OUTPUT.join(""));
    assert.equal(ext.panel.snapshot?.source, SCREENSHOT);
  });

  it("marks the models that read images in the model switcher", async () => {
    const shown = new Promise<vscode.QuickPick<vscode.QuickPickItem>>((resolve) => {
      const once = ext.switcher.onDidShow((qp) => (once.dispose(), resolve(qp)));
    });
    void vscode.commands.executeCommand("falRouter.switchModel");
    const qp = await shown;
    await until(() => qp.items.length > 10, 5000, "the switcher's models");
    const detail = (id: string) => qp.items.find((i) => i.description === id)?.detail ?? "";
    assert.match(detail("google/gemini-2.5-flash"), /\$\(file-media\) images/);
    assert.doesNotMatch(detail("qwen/qwen3-coder"), /images/);
    qp.hide();
  });

  it("refuses an image for a text-only model before anything is sent, and never reads a file that is not an image", async () => {
    await configure({ "models.explain": "qwen/qwen3-coder" });
    const refused = await vscode.commands.executeCommand<RunResult | undefined>("falRouter.explainImage", fixture(SCREENSHOT));
    assert.equal(refused, undefined);
    await configure({ "models.explain": undefined });
    const notImage = await vscode.commands.executeCommand<RunResult | undefined>("falRouter.explainImage", fixture("src/math.ts"));
    assert.equal(notImage, undefined);
    assert.equal(server.received.length, 0, "nothing was sent or uploaded");
  });

  it("attaches an image to the chat as a thumbnail chip; a large one is uploaded to fal storage and its URL sent", async () => {
    await vscode.commands.executeCommand("falRouter.newChat");
    await until(() => frames.some((m) => m.type === "chat/replay"), 10_000, "the chat view to show");
    const uri = fixture(MOCK);
    const bytes = await vscode.workspace.fs.readFile(uri);
    const id = await vscode.commands.executeCommand<string>("falRouter.addImageToChat", uri);
    assert.ok(id);
    await until(() => frames.some((m) => m.type === "chat/attachments"), 5000, "the chips to be posted");
    const chips = frames.filter((m) => m.type === "chat/attachments").at(-1);
    assert.ok(chips?.type === "chat/attachments");
    const chip = chips.attachments[0];
    assert.equal(chip.label, MOCK);
    assert.equal(chip.image?.mimeType, "image/png");
    assert.equal(chip.image?.thumbnail, Buffer.from(bytes).toString("base64"), "the thumbnail is the host's own copy of the chosen file");
    const result = await ext.chat.send("What should I build from this mock?");
    assert.equal(result?.outcome, "done");
    const [rec] = server.answered;
    assert.equal(rec.endpoint, "vision");
    const [url] = rec.body?.image_urls as string[];
    assert.ok(server.uploads.has(url), `${url} was uploaded`);
    assert.deepEqual([...server.uploads.get(url)!.bytes], [...bytes]);
    assert.match(String(rec.body?.prompt), new RegExp(`What should I build from this mock\\?\\n\\nImage: ${MOCK.replace(/[./]/g, "\\$&")} \\[attached to this message\\]`));
    assert.equal(ext.chat.attachments.length, 0, "sent with the question");
  });

  it("takes an image pasted into the chat (as the webview posts it) inline when small, and refuses what is not an image", async () => {
    await vscode.commands.executeCommand("falRouter.newChat");
    const bytes = await vscode.workspace.fs.readFile(fixture(SCREENSHOT));
    ext.chatView.receive({ type: "image/add", name: "Pasted image 1.png", mimeType: "image/png", data: Buffer.from(bytes).toString("base64") });
    ext.chatView.receive({ type: "image/add", name: "evil.svg", mimeType: "image/svg+xml", data: "PHN2Zz4=" });
    await until(() => ext.chat.attachments.length === 1, 5000, "the pasted image's chip");
    assert.deepEqual(ext.chat.attachments.map((a) => a.file), ["Pasted image 1.png"]);
    await ext.chat.send("What is this error?");
    const [rec] = server.answered;
    assert.deepEqual(rec.body?.image_urls, [`data:image/png;base64,${Buffer.from(bytes).toString("base64")}`]);
  });
});
