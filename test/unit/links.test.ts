import * as assert from "node:assert/strict";
import { checkLink } from "../../src/core/links";

describe("links from model output (core/links.ts)", () => {
  it("opens plain web links, and keeps the target as the URL parser reads it", () => {
    assert.deepEqual(checkLink("https://example.com/docs", "the docs"), { kind: "open", target: "https://example.com/docs", host: "example.com" });
    assert.deepEqual(checkLink("http://example.com", "http://example.com"), { kind: "open", target: "http://example.com/", host: "example.com" });
    // The text names the same site: www., a subdomain, or the site of a subdomain.
    assert.equal(checkLink("https://www.github.com/a", "github.com").kind, "open");
    assert.equal(checkLink("https://docs.github.com/a", "https://github.com").kind, "open");
    assert.equal(checkLink("https://github.com/a", "docs.github.com/a").kind, "open");
    // Text that is not an address is not a disguise.
    assert.equal(checkLink("https://example.com/x", "click here for v1.2 notes").kind, "open");
  });

  it("blocks every scheme but http(s), however it is written, and links with no host", () => {
    for (const href of ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "data:text/html,<script>", "vbscript:msgbox", "file:///etc/passwd", "command:workbench.action.terminal.new", "vscode://x", "https:", "not a url", ""]) {
      assert.equal(checkLink(href, "x").kind, "blocked", href);
    }
  });

  it("asks first, showing the real target, when the text names another address", () => {
    const v = checkLink("https://evil.example/login", "https://github.com");
    assert.deepEqual(v, { kind: "confirm", target: "https://evil.example/login", host: "evil.example", why: "disguised", shown: "https://github.com" });
    assert.equal(checkLink("https://evil.example/", "www.paypal.com/signin").kind, "confirm");
    // A user name before the @ reads as the host.
    const at = checkLink("https://github.com@evil.example/", "docs");
    assert.equal(at.kind === "confirm" && at.host, "evil.example");
  });

  it("asks first for lookalike hosts, naming the punycode host the browser connects to", () => {
    const v = checkLink("https://pаypal.com", "paypal"); // Cyrillic а
    assert.equal(v.kind, "confirm");
    assert.equal(v.kind === "confirm" && v.why, "lookalike");
    assert.equal(v.kind === "confirm" && v.host, "xn--pypal-4ve.com");
  });

  it("asks first when the target hides zero-width or bidi characters the parser would drop", () => {
    for (const href of ["https://exa\u200Bmple.com", "https://example.com/\u202Eevil", "https://example.com/\uFEFF", "https://example.com/%E2%80%AEevil"]) {
      const v = checkLink(href, "docs");
      assert.equal(v.kind === "confirm" && v.why, "invisible", JSON.stringify(href));
    }
  });

  it("clips a long or multi-line text for the dialog", () => {
    const v = checkLink("https://evil.example/", `https://github.com/${"a".repeat(300)}`);
    assert.ok(v.kind === "confirm" && v.shown.length === 120 && v.shown.endsWith("…"));
  });
});
