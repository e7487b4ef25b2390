import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ChatStateView, HostToChat as HostMessage } from "../../src/protocol/chat";
import { openPanel, type Harness } from "./webviewHarness";

const STATE: ChatStateView = { conversationId: "c-img", title: "A screenshot", totalCost: 0, model: "google/gemini-2.5-flash", hasKey: true, busy: false };
const PNG = readFileSync(join(__dirname, "../../../test/fixtures/workspace/docs/error-screenshot.png"));

/** Pastes (or drops) files into the composer as the browser would: a real ClipboardEvent / DragEvent with a DataTransfer. */
function put(h: Harness<HostMessage>, how: "paste" | "drop", files: Array<{ name: string; type: string; base64: string }>): Promise<void> {
  return h.page.evaluate(
    ([kind, list]) => {
      const dt = new DataTransfer();
      for (const f of list) dt.items.add(new File([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], f.name, { type: f.type }));
      const target = kind === "paste" ? document.querySelector("#input")! : document.querySelector(".composer")!;
      if (kind === "paste") target.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }));
      else target.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
    },
    [how, files] as const,
  );
}

describe("chat webview: images pasted and dropped, thumbnail chips (real Chromium, strict CSP)", function () {
  this.timeout(60_000);
  let h: Harness<HostMessage>;
  beforeEach(async () => {
    h = await openPanel<HostMessage>("chat", ["chat.css"]);
    await h.send({ type: "chat/replay", state: STATE, from: 0, messages: [], attachments: [] });
  });
  afterEach(async () => {
    await h.close();
  });

  const added = async () => (await h.posted()).filter((m) => (m as { type: string }).type === "image/add") as Array<{ name: string; mimeType: string; data: string }>;

  it("posts a pasted image's bytes to the host, names an unnamed one, and leaves other files alone", async () => {
    await put(h, "paste", [{ name: "image.png", type: "image/png", base64: PNG.toString("base64") }]);
    await put(h, "drop", [{ name: "mock.webp", type: "image/webp", base64: "UklGRg==" }, { name: "notes.txt", type: "text/plain", base64: "aGk=" }]);
    await h.page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.filter((m) => m.type === "image/add").length >= 2);
    const posts = await added();
    assert.deepEqual(posts.map((p) => [p.name, p.mimeType]), [["Pasted image 1.png", "image/png"], ["mock.webp", "image/webp"]]);
    assert.equal(posts[0].data, PNG.toString("base64"), "the bytes, unchanged");
    assert.match(await h.page.locator("#announce").innerText(), /notes\.txt is not an image/);
    assert.equal(await h.page.inputValue("#input"), "", "nothing was typed into the box");
  });

  it("shows an image chip with the host's thumbnail, removable, and only data URIs of image types", async () => {
    await h.send({
      type: "chat/attachments",
      attachments: [
        { id: "a1", label: "docs/error-screenshot.png", languageId: "image", lines: 0, image: { mimeType: "image/png", bytes: PNG.length, thumbnail: PNG.toString("base64") } },
        { id: "a2", label: "Pasted image 2.png", languageId: "image", lines: 0, image: { mimeType: "image/svg+xml", bytes: 10, thumbnail: "PHN2Zz4=" } },
        { id: "a3", label: "old.png", languageId: "image", lines: 0, image: { mimeType: "image/png", bytes: 10 } },
      ],
    });
    const thumbs = h.page.locator("#chips .chip-thumb");
    assert.equal(await thumbs.count(), 1, "an SVG thumbnail and a missing one show the codicon instead");
    assert.equal(await thumbs.first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), 8, "the PNG decoded: 8 px wide");
    assert.equal(await h.page.locator('#chips .chip[data-id="a3"] .codicon-file-media').count(), 1);
    assert.match((await h.page.locator('#chips .chip[data-id="a1"] .chip-label').getAttribute("title")) ?? "", /docs\/error-screenshot\.png \(1 KB\)/);
    await h.page.locator('#chips .chip[data-id="a1"] .chip-remove').click();
    assert.deepEqual((await h.posted()).filter((m) => (m as { type: string }).type === "attachment/remove"), [{ type: "attachment/remove", id: "a1" }]);
    assert.deepEqual(h.requests.filter((u) => !u.startsWith("http://127.0.0.1")), [], "no request left for another host");
  });
});
