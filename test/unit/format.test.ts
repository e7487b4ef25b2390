import * as assert from "node:assert/strict";
import { formatCount, formatDateTime, formatMs, formatUsd, setFormatLocale } from "../../src/shared/format";

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
    assert.match(formatDateTime("2026-11-25T12:30:00Z"), /^Nov 25, 2026, \d{1,2}:30\s?[AP]M$/);
    assert.equal(formatDateTime("not a date"), "—");
  });

  it("follows the display language VS Code reports, and falls back to English for a malformed tag", () => {
    setFormatLocale("de");
    assert.equal(formatUsd(0.0005795), "0,00058\u00a0$");
    assert.equal(formatUsd(1.5), "1,50\u00a0$");
    assert.equal(formatCount(1234567), "1.234.567");
    assert.equal(formatMs(12_345), "12,3 s");
    assert.match(formatDateTime("2026-11-25T12:30:00Z"), /^25\.11\.2026, \d\d:30$/);
    setFormatLocale("en\"><script>");
    assert.equal(formatCount(1234567), "1,234,567");
  });
});
