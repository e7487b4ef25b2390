import * as assert from "node:assert/strict";
import { imageProblem, imageTypeOf, imageUrls, isPublicImageUrl, MAX_IMAGE_BYTES, toDataUri, transportFor } from "../../src/core/images";
import { endpointFor, toRouterInput } from "../../src/core/routerGateway";

const bytes = (n: number) => ({ kind: "bytes" as const, mimeType: "image/png", data: new Uint8Array(n).fill(7) });

describe("images for the vision endpoint (core)", () => {
  it("chooses by size: a URL as it is, a small image inline, a large one uploaded", () => {
    assert.equal(transportFor({ kind: "url", url: "https://example.com/a.png" }, 1024), "url");
    assert.equal(transportFor(bytes(1024), 1024), "dataUri");
    assert.equal(transportFor(bytes(1025), 1024), "upload");
    assert.equal(transportFor(bytes(1), 0), "upload", "0 uploads every image");
  });

  it("resolves images in order, uploading only the large ones", async () => {
    const uploaded: number[] = [];
    const urls = await imageUrls([bytes(3), { kind: "url", url: "https://example.com/b.png" }, bytes(5000)], 1024, async (i) => {
      uploaded.push(i.data.byteLength);
      return "https://v3.fal.media/files/x/big.png";
    });
    assert.deepEqual(urls, ["data:image/png;base64,BwcH", "https://example.com/b.png", "https://v3.fal.media/files/x/big.png"]);
    assert.deepEqual(uploaded, [5000]);
    assert.equal(toDataUri("image/gif", new Uint8Array([71, 73, 70])), "data:image/gif;base64,R0lG");
  });

  it("says which files cannot be sent, and why", () => {
    assert.equal(imageTypeOf("shot.PNG"), "image/png");
    assert.equal(imageTypeOf("a.jpeg"), "image/jpeg");
    assert.equal(imageTypeOf("notes.txt"), undefined);
    assert.match(imageProblem("notes.txt", undefined, 10)!, /not an image/);
    assert.match(imageProblem("huge.png", "image/png", MAX_IMAGE_BYTES + 1)!, /up to 20 MB/);
    assert.match(imageProblem("empty.png", "image/png", 0)!, /empty/);
    assert.equal(imageProblem("ok.webp", "image/webp", 1000), undefined);
    assert.ok(isPublicImageUrl("https://example.com/a.png"));
    assert.ok(!isPublicImageUrl("file:///etc/passwd"));
    assert.ok(!isPublicImageUrl("javascript:alert(1)"));
  });

  it("builds the vision request body: image_urls beside the router's own fields", () => {
    const req = { model: "google/gemini-2.5-flash", prompt: "What is wrong?", systemPrompt: "s", temperature: 0.2, images: [bytes(2)] };
    assert.equal(endpointFor(req), "openrouter/router/vision");
    assert.equal(endpointFor({ ...req, images: [] }), "openrouter/router");
    assert.deepEqual(toRouterInput(req, ["data:image/png;base64,Bwc="]), { prompt: "What is wrong?", model: "google/gemini-2.5-flash", image_urls: ["data:image/png;base64,Bwc="], system_prompt: "s", temperature: 0.2 });
  });
});
