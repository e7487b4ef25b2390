/**
 * Runtime validation of what a webview posts. Each surface lists one validator per message type
 * of its union in a table typed over that union, so a message type without a validator is a
 * compile error rather than a message silently dropped. No vscode, no DOM.
 */

export type Raw = Record<string, unknown>;

/** One validator for each `type` of the union `M`, returning that member or undefined. */
export type Validators<M extends { type: string }> = { readonly [K in M["type"]]: (m: Raw) => Extract<M, { type: K }> | undefined };

export const isStr = (v: unknown, max = 10_000): v is string => typeof v === "string" && v.length <= max;

/** A parser for the union `M`: anything that is not an object with a known `type`, or fails its validator, is undefined. */
export function parserFor<M extends { type: string }>(table: Validators<M>): (raw: unknown) => M | undefined {
  const validators = table as unknown as Record<string, (m: Raw) => M | undefined>;
  return (raw) => {
    if (!raw || typeof raw !== "object") return undefined;
    const m = raw as Raw;
    return typeof m.type === "string" && Object.hasOwn(validators, m.type) ? validators[m.type](m) : undefined;
  };
}

/** Messages every surface that renders model output may post. */
/** `text`: what the link showed (the host warns when it names another address than `href`). */
export type LinkMessage = { type: "link/open"; href: string; text: string };
export type CodeCopyMessage = { type: "code/copy"; code: string };

export const linkOpen = (m: Raw): LinkMessage | undefined =>
  isStr(m.href, 4096) ? { type: "link/open", href: m.href, text: typeof m.text === "string" ? m.text.slice(0, 500) : "" } : undefined;
export const codeCopy = (m: Raw): CodeCopyMessage | undefined => (isStr(m.code, 5_000_000) ? { type: "code/copy", code: m.code } : undefined);
/** A message that names one run and nothing else (stop, copy, retry…). */
export const forRun =
  <T extends string>(type: T) =>
  (m: Raw): { type: T; runId: string } | undefined =>
    isStr(m.runId, 100) ? { type, runId: m.runId } : undefined;

/** A message with nothing but its type. */
export const bare =
  <T extends string>(type: T) =>
  (): { type: T } => ({ type });

