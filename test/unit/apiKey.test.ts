import * as assert from "node:assert/strict";
import { redact, validateKeyShape } from "../../src/core/apiKey";

describe("API key shape and redaction", () => {
  it("accepts id:secret and explains what is wrong otherwise", () => {
    assert.equal(validateKeyShape("abcd-1234:abcdefgh12345678"), undefined);
    assert.match(validateKeyShape("")!, /Paste/);
    assert.match(validateKeyShape("nocolon")!, /colon/);
    assert.match(validateKeyShape("a b:c")!, /spaces/);
  });
  it("removes the key and its secret from text", () => {
    const key = "abcd-1234:abcdefgh12345678";
    assert.equal(redact(`Authorization: Key ${key} and abcdefgh12345678`, key), "Authorization: Key [key redacted] and [key redacted]");
  });
});
