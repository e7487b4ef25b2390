import * as assert from "node:assert/strict";
import { formatCount, formatMs, formatUsd, setFormatLocale } from "../../src/shared/format";

describe("format (money, counts, times in the user's locale)", () => {
  afterEach(() => setFormatLocale("en"));

  it("shows sub-cent costs with precision", () => {
    assert.equal(formatUsd(0.0005795), "$0.00058");
    assert.equal(formatUsd(0.0123), "$0.0123");
    assert.equal(formatUsd(0.5), "$0.50");
    assert.equal(formatUsd(1.5), "$1.50");
    assert.equal(formatUsd(0), "$0.00");
    assert.equal(formatUsd(undefined), "—");
    assert.equal(formatCount(1234567), "1,234,567");
    assert.equal(formatMs(850), "850 ms");
    assert.equal(formatMs(12_345), "12.3 s");
  });

  it("follows the display language VS Code reports, and falls back to English for a malformed tag", () => {
    setFormatLocale("de");
    assert.equal(formatUsd(0.0005795), "0,00058\u00a0$");
    assert.equal(formatUsd(1.5), "1,50\u00a0$");
    assert.equal(formatCount(1234567), "1.234.567");
    assert.equal(formatMs(12_345), "12,3 s");
    setFormatLocale("en\"><script>");
    assert.equal(formatCount(1234567), "1,234,567");
  });
});
