import * as assert from "node:assert/strict";
import { classifyError, fieldMessages } from "../../src/core/errors";

describe("classifyError", () => {
  it("maps statuses to kinds a user can act on", () => {
    assert.equal(classifyError({ status: 403, message: "Forbidden" }).kind, "auth");
    assert.equal(classifyError({ status: 429 }).kind, "rateLimit");
    assert.equal(classifyError({ status: 502 }).kind, "server");
    assert.equal(classifyError({ status: 500, message: "fetch failed", cause: { code: "ECONNREFUSED" } }).kind, "network");
    assert.equal(classifyError(new Error("weird")).kind, "unknown");
  });
  it("reads 422 details in both shapes", () => {
    assert.deepEqual(fieldMessages({ detail: [{ loc: ["body", "temperature"], msg: "too high" }] }), ["temperature: too high"]);
    assert.deepEqual(fieldMessages({ detail: "model not found" }), ["model not found"]);
  });
});
