/**
 * Issue 15, untrusted output: every payload of HOSTILE_OUTPUT streamed into every surface that
 * renders model output, whole and split across many deltas, in real Chromium with the production
 * bundles and the strict CSP. Checks, by what the browser did (not by reading the HTML):
 *   - no script ran (a payload that works sets `window.__pwned`);
 *   - no request left for any host but the page's own (every request is intercepted and recorded);
 *   - no CSP violation was reported (the sanitiser, not only the CSP, stopped it);
 *   - nothing outside the answer's container changed (the head, the body's own elements), and no
 *     active element (script, iframe, object, embed, form, base, meta, link, style) is in the answer.
 * A surface joins the battery with one entry in SURFACES.
 */
import * as assert from "node:assert/strict";
import { checkLink, type LinkVerdict } from "../../src/core/links";
import { parseChatMessage } from "../../src/protocol/chat";
import { parseCompareMessage } from "../../src/protocol/compare";
import { parsePanelMessage } from "../../src/protocol/panel";
import { EVIL, HOSTILE_OUTPUT } from "../support/hostileOutput";
import { openPanel, type Harness } from "./webviewHarness";

interface Surface {
  name: string;
  open(): Promise<Harness>;
  /** Messages that start run `id` and make its answer's container. */
  start(id: string, n: number): unknown[];
  end(id: string): unknown;
  /** The answer's container for run `id`. */
  answer(id: string): string;
  /** The host's validator for what this surface posts. */
  parse(raw: unknown): { type: string } | undefined;
}

/** What the host would do with each link a payload rendered, once clicked (the host runs checkLink on every link/open). */
const LINKS_EXPECTED: Record<string, string[]> = {
  "text disguises target": ["confirm:disguised"],
  "homoglyph host": ["confirm:lookalike"],
  // The renderer writes the host as punycode; with a zero-width character in it, that is no valid host.
  "zero-width in target": ["blocked", "confirm:invisible", "confirm:lookalike"],
  "bidi override in link text": ["confirm:invisible"],
};

const header = (runId: string) => ({ runId, action: "Explain", model: "m/x", source: "a.ts:1", reasoning: false, canApply: false });
const column = { model: "m/x", status: "streaming", output: "" };

export const SURFACES: Surface[] = [
  { name: "result panel", open: () => openPanel("panel", ["panel.css"]), start: (id) => [{ type: "run/start", header: header(id) }], end: (id) => ({ type: "run/end", runId: id, status: "done", totalMs: 1 }), answer: () => "#output", parse: parsePanelMessage },
  {
    name: "chat",
    open: async () => {
      const h = await openPanel("chat", ["chat.css"]);
      await h.send({ type: "chat/replay", state: { title: "t", totalCost: 0, model: "m/x", hasKey: true, busy: true }, from: 0, messages: [], attachments: [] });
      return h;
    },
    start: (id) => [{ type: "chat/append", message: { id, role: "assistant", text: "", model: "m/x", status: "streaming" } }],
    end: (id) => ({ type: "run/end", runId: id, status: "done", totalMs: 1 }),
    answer: (id) => `article[data-id="${id}"] .answer`,
    parse: parseChatMessage,
  },
  {
    name: "comparison",
    open: () => openPanel("panel", ["compare.css"], "en", undefined, "compare"),
    start: (id) => [{ type: "compare/replay", comparison: { id: "c", title: "Explain", source: "a.ts:1", canUse: false, archived: false, columns: [column] } }, { type: "column/start", index: 0, runId: id }],
    end: (id) => ({ type: "run/end", runId: id, status: "done", totalMs: 1 }),
    answer: () => ".column .answer",
    parse: parseCompareMessage,
  },
];

/** Pieces of at most `size` characters; big payloads in bigger pieces so the battery stays quick. */
function pieces(text: string): string[] {
  const size = text.length > 20_000 ? 4096 : 7;
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

describe("untrusted model output: the hostile battery on every surface (real Chromium, production bundles, strict CSP)", function () {
  this.timeout(600_000);
  assert.ok(HOSTILE_OUTPUT.length >= 60, `${HOSTILE_OUTPUT.length} payloads`);

  for (const surface of SURFACES) {
    it(`${surface.name}: ${HOSTILE_OUTPUT.length} payloads, whole and split across deltas: no script, no request out, no CSP violation, nothing outside the answer changed`, async () => {
      const h = await surface.open();
      const out: string[] = [];
      await h.page.route("**/*", (route) => {
        const url = route.request().url();
        if (!url.startsWith("http://127.0.0.1:") && !url.startsWith("data:")) out.push(url);
        return url.startsWith(EVIL) ? route.abort() : route.continue();
      });
      try {
        const outside = () =>
          h.page.evaluate(() => ({
            head: document.head.innerHTML,
            body: [...document.body.children].map((e) => `${e.tagName}#${e.id}.${e.className}`).join(","),
            scripts: document.scripts.length,
          }));
        // The view warms its render path once while idle after load, in a hidden element it then removes.
        await h.page.waitForFunction(() => !document.querySelector(".md-warm"), undefined, { timeout: 10_000 });
        const before = await outside();
        const problems: string[] = [];
        let n = 0;
        let linksClicked = 0;
        const asked: { payload: string; href: string; verdict: LinkVerdict }[] = [];
        for (const payload of HOSTILE_OUTPUT) {
          for (const split of [false, true]) {
            const id = `r${++n}`;
            const deltas = split ? pieces(payload.text) : [payload.text];
            await h.send(...(surface.start(id, n) as never[]));
            await h.page.evaluate(
              async ([runId, ds]) => {
                for (let i = 0; i < ds.length; i += 50) {
                  for (const text of ds.slice(i, i + 50)) window.postMessage({ type: "output/delta", runId, text }, "*");
                  await new Promise((r) => requestAnimationFrame(r));
                }
              },
              [id, deltas] as const,
            );
            await h.send(surface.end(id) as never);
            const seen = await h.page.evaluate((sel) => {
              const box = document.querySelector(sel);
              return {
                pwned: (window as unknown as { __pwned?: unknown }).__pwned !== undefined,
                found: Boolean(box),
                active: box ? [...box.querySelectorAll("script, iframe, object, embed, form, base, meta, link, style, svg use, svg image, [onerror], [onload], [srcdoc], img[src^='http'], [style*='url(']")].map((e) => e.tagName.toLowerCase()) : [],
                badLinks: box ? [...box.querySelectorAll("a[href]")].map((a) => a.getAttribute("href") ?? "").filter((href) => !/^(https?:|#|mailto:)/i.test(href)) : [],
              };
            }, surface.answer(id));
            const where = `${payload.name}${split ? " (split)" : ""}`;
            // Click every link in the answer, as a user would, and read what the page asked the host to open.
            const clicked = await h.page.evaluate((sel) => {
              const w = window as unknown as { __posted: unknown[] };
              w.__posted.length = 0;
              const links = [...(document.querySelector(sel)?.querySelectorAll("a") ?? [])];
              for (const a of links) a.click();
              return { links: links.length, posted: w.__posted.splice(0) };
            }, surface.answer(id));
            linksClicked += clicked.links;
            for (const raw of clicked.posted) {
              const m = surface.parse(raw) as { type: string; href?: string; text?: string } | undefined;
              if (m?.type !== "link/open" || m.href === undefined) {
                problems.push(`${where}: a click posted ${JSON.stringify(raw).slice(0, 120)}, which the host refuses`);
                continue;
              }
              const verdict = checkLink(m.href, m.text);
              asked.push({ payload: payload.name, href: m.href, verdict });
              if (verdict.kind === "open" && !/^https?:\/\//.test(verdict.target)) problems.push(`${where}: the host would open ${verdict.target}`);
            }
            if (!seen.found) problems.push(`${where}: the answer's container is missing`);
            if (seen.pwned) problems.push(`${where}: a script ran`);
            if (seen.active.length) problems.push(`${where}: active elements in the answer: ${seen.active.join(", ")}`);
            if (seen.badLinks.length) problems.push(`${where}: links to ${seen.badLinks.join(", ")}`);
            await h.page.evaluate(() => delete (window as unknown as { __pwned?: unknown }).__pwned);
          }
        }
        const after = await outside();
        assert.deepEqual(problems, []);
        assert.deepEqual(out, [], "no request left for another host");
        assert.deepEqual(h.violations, [], "no CSP violation: the sanitiser stopped every payload first");
        assert.deepEqual(after, before, "nothing outside the answers changed");
        assert.equal(n, HOSTILE_OUTPUT.length * 2);
        // Links: every click reached the host as a validated link/open, and the host's verdict fits the payload.
        assert.ok(linksClicked >= 20, `${linksClicked} links clicked`);
        assert.equal(asked.length, linksClicked, "every click on a link asked the host, and nothing else did");
        for (const [name, want] of Object.entries(LINKS_EXPECTED)) {
          const got = asked.filter((a) => a.payload === name).map((a) => (a.verdict.kind === "confirm" ? `confirm:${a.verdict.why}` : a.verdict.kind));
          assert.ok(got.length > 0, `${name}: no link to click`);
          for (const g of got) assert.ok(want.includes(g), `${name}: the host's verdict is ${g}, not one of ${want.join(", ")}`);
        }
        const tally = (k: string) => asked.filter((a) => a.verdict.kind === k).length;
        console.log(`      links: ${linksClicked} clicked; the host opens ${tally("open")}, asks first for ${tally("confirm")}, blocks ${tally("blocked")}`);
      } finally {
        await h.close();
      }
    });
  }

  it("a file name with newlines, markdown and HTML in it is shown as text in the panel's header and the chat's title", async () => {
    const name = "src/a\n# Heading\n<img src=x onerror=window.__pwned=1>[link](javascript:alert(1))**b**.ts";
    const panel = await SURFACES[0].open();
    try {
      await panel.send({ type: "run/start", header: { ...header("n1"), source: `${name}:1-3` } });
      const shown = await panel.page.evaluate(() => ({ text: document.querySelector("#source")?.textContent, children: document.querySelector("#source")?.children.length, title: (document.querySelector("#source") as HTMLElement | null)?.title }));
      assert.deepEqual(shown, { text: `${name}:1-3`, children: 0, title: `${name}:1-3` });
    } finally {
      await panel.close();
    }
    const chat = await openPanel("chat", ["chat.css"]);
    try {
      await chat.send({ type: "chat/replay", state: { title: name, totalCost: 0, model: "m/x", hasKey: true, busy: false }, from: 0, messages: [], attachments: [] });
      const shown = await chat.page.evaluate(() => ({ text: document.querySelector("#title")?.textContent, children: document.querySelector("#title")?.children.length }));
      assert.deepEqual(shown, { text: name, children: 0 });
      assert.equal(await chat.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
      assert.deepEqual(chat.violations, []);
    } finally {
      await chat.close();
    }
  });

  it("the checks can fail: an element put in without the sanitiser is seen as active, and a request out is caught (as a CSP violation)", async () => {
    const h = await SURFACES[0].open();
    const out: string[] = [];
    await h.page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(EVIL)) out.push(url);
      return url.startsWith(EVIL) ? route.abort() : route.continue();
    });
    try {
      // Outside the CSP's reach for the script check: an event handler set from the test's own (trusted) context.
      const pwned = await h.page.evaluate(() => {
        const box = document.createElement("div");
        box.innerHTML = `<img src="x" onerror="window.__pwned=1">`;
        document.body.append(box);
        return new Promise<boolean>((r) => setTimeout(() => r(document.querySelectorAll("img[onerror]").length > 0), 300));
      });
      assert.equal(pwned, true, "the active-element check sees an injected handler (the CSP keeps it from running)");
      await h.page.evaluate((evil) => fetch(`${evil}/probe`).catch(() => undefined), EVIL);
      await h.page.waitForTimeout(200);
      // The CSP stops the fetch before it leaves; the violation is what the battery would report.
      assert.ok(out.length > 0 || h.violations.length > 0, "a request out is seen, or reported as a CSP violation");
    } finally {
      await h.close();
    }
  });
});
