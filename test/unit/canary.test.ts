import * as assert from "node:assert/strict";
import { findKey } from "../support/canary";

describe("the canary search (test/support/canary.ts) finds a key in every form it could leak in", () => {
  const key = "canary-id:canary-secret-0123456789abcdef";
  it("plain, the secret alone, URL-encoded, and base64 at every alignment (standard and URL-safe)", () => {
    assert.equal(findKey(`Authorization: Key ${key}`, [key]), "plain of canary-id");
    assert.equal(findKey(`{"s":"canary-secret-0123456789abcdef"}`, [key]), "secret of canary-id");
    assert.ok(findKey(`?k=${encodeURIComponent(key)}`, [key]));
    for (let pad = 0; pad < 6; pad++) {
      const wrapped = `${"p".repeat(pad)}{"authorization":"Key ${key}"}`;
      assert.ok(findKey(Buffer.from(wrapped).toString("base64"), [key])?.startsWith("base64"), `base64 with ${pad} bytes before`);
      assert.ok(findKey(Buffer.from(wrapped).toString("base64url"), [key])?.startsWith("base64"), `base64url with ${pad} bytes before`);
    }
  });
  it("and nothing in text that holds no part of it", () => {
    assert.equal(findKey(`canary-id and canary-secret, Key ${Buffer.from("other").toString("base64")}`, [key]), undefined);
  });
});
