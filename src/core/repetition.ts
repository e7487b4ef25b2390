/**
 * Runaway answers (issue 16). Models sometimes fall into a loop and emit the same few characters
 * until `max_tokens`. Two rules, both bounded whatever the answer's length:
 * - `repeatedUnit`: the answer's end is one short unit repeated over `REPEAT_WINDOW` characters.
 *   The views then offer Stop prominently; nothing is stopped for the user, since a long rule of
 *   `=` or a table of zeros can be legitimate.
 * - `MAX_ANSWER_CHARS`: past it the request is stopped and the text so far kept, so a runaway
 *   answer cannot grow the extension host's memory or the conversation file without bound.
 * No vscode, no DOM.
 */
import { formatCount } from "../shared/format";
import type { RouterFailure } from "./types";
import * as l10n from "@vscode/l10n";

/** Characters of one repeated unit at the end of an answer that count as a loop. */
export const REPEAT_WINDOW = 2_000;
/** The longest unit looked for (a repeated line of code or prose fits). */
export const REPEAT_MAX_UNIT = 200;
/** How much an answer grows between two checks: a check costs at most WINDOW × MAX_UNIT compares. */
export const REPEAT_CHECK_EVERY = 1_000;
/**
 * An answer is stopped past this many characters (about 250,000 tokens, above every current
 * model's output limit, so only a runaway or broken stream reaches it).
 */
export const MAX_ANSWER_CHARS = 1_000_000;

/** The shortest unit that the last `REPEAT_WINDOW` characters of `text` repeat, or `undefined`. */
export function repeatedUnit(text: string): string | undefined {
  const end = text.length;
  const start = end - REPEAT_WINDOW;
  if (start < 0) return undefined;
  for (let p = 1; p <= REPEAT_MAX_UNIT; p++) {
    let i = end - 1;
    while (i - p >= start && text.charCodeAt(i) === text.charCodeAt(i - p)) i--;
    if (i - p < start) return text.slice(end - p);
  }
  return undefined;
}

/** Watches a growing answer, checking at most once every `REPEAT_CHECK_EVERY` characters. */
export class RepetitionWatch {
  private checkedAt = 0;
  private found = false;

  /** True once, when the answer is first seen repeating itself. */
  check(text: string): boolean {
    if (this.found || text.length - this.checkedAt < REPEAT_CHECK_EVERY) return false;
    this.checkedAt = text.length;
    this.found = repeatedUnit(text) !== undefined;
    return this.found;
  }
}

export function tooLongFailure(requestId?: string): RouterFailure {
  return {
    kind: "tooLong",
    requestId,
    message: l10n.t("The answer passed {0} characters and was stopped: the model was probably repeating itself. The text so far is kept; set falRouter.maxTokens to cap answers.", formatCount(MAX_ANSWER_CHARS)),
  };
}
