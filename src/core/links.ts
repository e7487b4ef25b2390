/**
 * What to do with a link the user clicked in model output (untrusted). Pure: the host asks, shows
 * and opens. Only http(s) links with a host open at all. VS Code's own link protection then shows
 * the full URL of any domain the user has not trusted; this check adds the cases that protection
 * cannot see, where what the user read is not where the link goes:
 *   - `disguised`: the link's text looks like an address on another host ("https://github.com"
 *     pointing elsewhere), which a trusted-domain prompt would not question;
 *   - `lookalike`: the host is not plain ASCII (homoglyphs: "pаypal.com" with a Cyrillic "а"),
 *     shown as the punycode the browser really connects to;
 *   - `invisible`: the target holds zero-width or bidi control characters, which the URL parser
 *     drops or hides (`exa\u200Bmple.com` parses as example.com).
 */
export type LinkVerdict =
  | { kind: "blocked"; reason: string }
  | { kind: "open"; target: string; host: string }
  | { kind: "confirm"; target: string; host: string; why: "disguised" | "lookalike" | "invisible"; shown: string };

// Zero-width, joiners, word joiner, BOM, soft hyphen, and the bidi embedding/override/isolate controls.
const INVISIBLE = /[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/u;
/** Text that reads as a web address: an optional scheme, a dotted host, an optional path. */
const ADDRESS = /^\s*(?:[a-z][a-z0-9+.-]*:\/\/)?(?:www\.)?((?:[\p{L}\p{N}-]+\.)+[\p{L}]{2,})(?::\d+)?(?:[/?#]\S*)?\s*$/iu;

/** Shortens what the page said the link's text was, for a dialog (it came from the webview). */
function clip(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 120 ? `${flat.slice(0, 119)}…` : flat;
}

/** The host the link's text names, if it reads as an address (lower case, punycode as a URL gives it). */
function textHost(text: string): string | undefined {
  const m = ADDRESS.exec(text.replace(INVISIBLE, ""));
  if (!m) return undefined;
  try {
    return new URL(`https://${m[1]}`).hostname.replace(/^www\./, "");
  } catch {
    return undefined;
  }
}

/** The href with its percent-escapes decoded (markdown renderers encode a bidi override as %E2%80%AE). */
function decoded(href: string): string {
  try {
    return decodeURIComponent(href);
  } catch {
    return href;
  }
}

export function checkLink(href: string, text = ""): LinkVerdict {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return { kind: "blocked", reason: "not a valid address" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { kind: "blocked", reason: `${url.protocol} links do not open from model output` };
  if (url.hostname === "") return { kind: "blocked", reason: "no host" };
  const target = url.href;
  const host = url.hostname;
  const shown = clip(text);
  // "https://github.com@evil.example/": everything before the @ is a user name, not the host.
  if (url.username || url.password) return { kind: "confirm", target, host, why: "disguised", shown };
  if (INVISIBLE.test(href) || INVISIBLE.test(decoded(href))) return { kind: "confirm", target, host, why: "invisible", shown };
  if (host.split(".").some((label) => label.startsWith("xn--"))) return { kind: "confirm", target, host, why: "lookalike", shown };
  const named = textHost(text);
  const bare = host.replace(/^www\./, "");
  const sameSite = (a: string, b: string) => a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);
  if (named && !sameSite(named, bare)) return { kind: "confirm", target, host, why: "disguised", shown };
  return { kind: "open", target, host };
}
