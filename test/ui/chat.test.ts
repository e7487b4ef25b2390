import * as assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import type { ChatMessageView, ChatStateView, HostToChat as HostMessage } from "../../src/protocol/chat";
import { FREEZE_MS, longestTask, watchLongTasks } from "./longTasks";
import { openPanel, type Harness } from "./webviewHarness";

const SHOTS = "test-results";
const STATE: ChatStateView = { conversationId: "c-long", title: "Refactoring the parser", totalCost: 0.0123, model: "anthropic/claude-sonnet-4.5", hasKey: true, busy: false };

function longAnswer(i: number): string {
  return [
    `### Step ${i}`,
    "",
    `Here is the change for part ${i}. `.repeat(12),
    "",
    "```ts",
    ...Array.from({ length: 12 }, (_, k) => `export function part${i}_${k}(x: number): number { return x * ${k} + ${i}; }`),
    "```",
    "",
    "- keeps behaviour\n- adds types\n- no new dependencies",
  ].join("\n");
}

function conversation(turns: number): ChatMessageView[] {
  const out: ChatMessageView[] = [];
  for (let i = 0; i < turns; i++) {
    out.push({ id: `u${i}`, role: "user", text: `Question ${i}: what about part ${i}?` });
    out.push({ id: `a${i}`, role: "assistant", text: longAnswer(i), model: STATE.model, status: "done", usage: { totalTokens: 900, cost: 0.00005 } });
  }
  return out;
}

const replay = (messages: ChatMessageView[], state = STATE): HostMessage => ({ type: "chat/replay", state, from: 0, messages, attachments: [] });

describe("chat webview in real Chromium (real bundle, strict CSP)", function () {
  this.timeout(120_000);
  let h: Harness<HostMessage>;
  beforeEach(async () => {
    h = await openPanel<HostMessage>("chat", ["chat.css"]);
    mkdirSync(SHOTS, { recursive: true });
  });
  afterEach(async () => {
    await h.close();
  });

  it("does not take focus when it loads; takes it only when the host says the user asked (chat/focus)", async () => {
    await h.send(replay(conversation(1)));
    assert.equal(await h.page.evaluate(() => document.activeElement === document.body), true, "nothing focused on load");
    await h.send({ type: "chat/focus" });
    assert.equal(await h.page.evaluate(() => document.activeElement?.id), "input");
  });

  it("keeps its cached list when blurred before the host's first replay (never saves an unsynced state)", async () => {
    await h.send(replay(conversation(3)));
    await h.page.evaluate(() => window.dispatchEvent(new Event("blur")));
    await h.page.reload();
    await h.page.waitForSelector("article.msg >> nth=5");
    // Blurred after the reload, before the host answered chat/ready.
    await h.page.evaluate(() => window.dispatchEvent(new Event("blur")));
    const saved = await h.page.evaluate(() => JSON.parse(sessionStorage.getItem("__state") ?? "null") as { conversationId?: string; messages: unknown[] });
    assert.equal(saved.conversationId, "c-long", "the saved state still names the conversation");
    assert.equal(saved.messages.length, 6);
    // The host, seeing the same conversation and count, replays nothing: the list must stay.
    await h.page.reload();
    await h.page.waitForSelector("article.msg >> nth=5");
    const ready = (await h.posted()).find((m) => m.type === "chat/ready");
    assert.deepEqual(ready, { type: "chat/ready", conversationId: "c-long", known: 6, lastId: "a2" });
    await h.send({ type: "chat/replay", state: STATE, from: 6, messages: [], attachments: [] });
    assert.equal(await h.page.locator("article.msg").count(), 6);
    assert.ok(await h.page.isHidden("#empty"), "the start screen is not shown over a conversation");
  });

  it("says ready, shows a helpful empty state, and sends with Enter (Shift+Enter adds a line)", async () => {
    assert.deepEqual(JSON.parse(JSON.stringify((await h.posted())[0])), { type: "chat/ready", known: 0 });
    await h.send(replay([], { ...STATE, conversationId: undefined, title: "New chat", totalCost: 0, hasKey: false }));
    assert.ok(await h.page.isVisible("#set-key"));
    assert.match((await h.page.textContent("#empty-model")) ?? "", /claude-sonnet-4\.5/);
    await h.page.screenshot({ path: `${SHOTS}/chat-empty.png` });
    await h.page.click("#set-key");
    await h.page.click(".example >> nth=0");
    assert.match(await h.page.inputValue("#input"), /interface/);
    await h.page.fill("#input", "");
    await h.page.click("#input");
    await h.page.keyboard.type("first line");
    await h.page.keyboard.press("Shift+Enter");
    await h.page.keyboard.type("second line");
    await h.page.keyboard.press("Enter");
    const posted = await h.posted();
    assert.deepEqual(posted.slice(1), [
      { type: "chat/command", command: "setKey" },
      { type: "chat/send", text: "first line\nsecond line" },
    ]);
    assert.equal(await h.page.inputValue("#input"), "");
    assert.deepEqual(h.violations, []);
  });

  it("streams an answer into the list, with reasoning, usage, Stop, and code-block actions", async () => {
    await h.send(replay(conversation(1)));
    await h.send(
      { type: "chat/state", state: { ...STATE, busy: true } },
      { type: "chat/append", message: { id: "u9", role: "user", text: "Add a test", attachments: [{ id: "a1", label: "src/math.ts:1-3", languageId: "typescript", lines: 3 }] } },
      { type: "chat/append", message: { id: "r9", role: "assistant", text: "", model: STATE.model, status: "streaming" } },
      { type: "reasoning/delta", runId: "r9", text: "The user wants a test." },
    );
    for (const part of ["Here is a test:\n\n", "```ts\nimport { add } from './math';\n", "test('adds', () => expect(add(1, 2)).toBe(3));\n```\n\n", "Run it with `npm test`."]) {
      await h.send({ type: "output/delta", runId: "r9", text: part });
    }
    assert.ok(await h.page.isVisible("#stop"));
    await h.page.screenshot({ path: `${SHOTS}/chat-streaming.png` });
    await h.page.keyboard.press("Escape");
    await h.send(
      { type: "usage/update", runId: "r9", usage: { totalTokens: 321, cost: 0.00042 } },
      { type: "run/end", runId: "r9", status: "done", totalMs: 900 },
      { type: "chat/state", state: { ...STATE, busy: false, totalCost: 0.01272 } },
    );
    await h.page.screenshot({ path: `${SHOTS}/chat-done.png` });
    const last = h.page.locator('article[data-id="r9"]');
    assert.equal(await last.locator(".msg-usage").textContent(), "321 tokens · $0.00042 billed");
    assert.equal(await h.page.textContent("#announce"), "Answer finished, $0.00042 billed.");
    assert.equal(await h.page.getAttribute("#messages", "aria-live"), "off", "streamed tokens are not read out one by one");
    assert.equal(await h.page.textContent("#total"), "$0.0127 billed");
    assert.ok((await last.locator("pre code .hljs-keyword").count()) > 0, "highlighted");
    assert.ok(await h.page.isVisible('article[data-id="u9"] .chip'), "the attachment chip is shown");
    await last.hover();
    await last.locator('[data-action="insert"]').click();
    await last.locator('[data-action="apply"]').click();
    await last.locator('[data-action="newFile"]').click();
    await last.locator(".regenerate").click();
    const posted = (await h.posted()).slice(1);
    const code = "import { add } from './math';\ntest('adds', () => expect(add(1, 2)).toBe(3));\n";
    assert.deepEqual(posted, [
      { type: "chat/stop" },
      { type: "code/insert", code },
      { type: "code/apply", code },
      { type: "code/newFile", code, language: "ts" },
      { type: "chat/regenerate" },
    ]);
    assert.deepEqual(h.violations, []);
  });

  it("keeps a 200-turn conversation cheap: contained messages, typing touches no message, streaming touches only the new one", async () => {
    await h.send(replay(conversation(200)));
    assert.equal(await h.page.locator("article.msg").count(), 400);
    assert.equal(await h.page.locator(".msg-page").count(), 20, "messages are grouped in pages of 20");
    assert.equal(await h.page.$eval(".msg-page", (e) => getComputedStyle(e).contentVisibility), "auto", "pages off screen are skipped");
    await h.page.evaluate(() => {
      const w = window as unknown as { __mutations: string[] };
      w.__mutations = [];
      new MutationObserver((records) => {
        for (const r of records) {
          const article = (r.target instanceof Element ? r.target : r.target.parentElement)?.closest("article");
          w.__mutations.push(article?.getAttribute("data-id") ?? "list");
        }
      }).observe(document.querySelector("#messages")!, { subtree: true, childList: true, characterData: true });
    });
    await h.page.click("#input");
    await h.page.keyboard.type("typing in a long conversation");
    assert.deepEqual(await h.page.evaluate(() => (window as unknown as { __mutations: string[] }).__mutations), [], "typing does not touch the list");
    await h.send({ type: "chat/append", message: { id: "r-new", role: "assistant", text: "", model: STATE.model, status: "streaming" } });
    for (let i = 0; i < 50; i++) await h.send({ type: "output/delta", runId: "r-new", text: `Paragraph ${i}.\n\n` });
    await h.send({ type: "run/end", runId: "r-new", status: "done", totalMs: 10 });
    const touched = new Set(await h.page.evaluate(() => (window as unknown as { __mutations: string[] }).__mutations));
    touched.delete("list"); // the new article itself was appended to the list
    assert.deepEqual([...touched], ["r-new"], "no finished message was re-rendered");
    assert.equal(await h.page.locator('article[data-id="r-new"] .answer p').count(), 50);
  });

  it("renders a long streamed answer once per block, and reloads from its cache asking only for what it lacks", async () => {
    await h.send(replay(conversation(2)));
    await h.send({ type: "chat/append", message: { id: "r-long", role: "assistant", text: "", model: STATE.model, status: "streaming" } });
    await h.page.evaluate(() => {
      const w = window as unknown as { __removed: number; __added: number };
      w.__removed = 0;
      w.__added = 0;
      const answer = document.querySelector('article[data-id="r-long"] .answer')!;
      new MutationObserver((records) => {
        for (const r of records) {
          for (const n of Array.from(r.removedNodes)) if ((n as Element).classList?.contains("md-block")) w.__removed++;
          for (const n of Array.from(r.addedNodes)) if ((n as Element).classList?.contains("md-block")) w.__added++;
        }
      }).observe(answer, { childList: true, subtree: true });
    });
    // 400 small deltas sent in bursts without waiting for frames between them.
    const parts = Array.from({ length: 400 }, (_, i) => (i % 8 === 7 ? `word${i}.\n\n` : `word${i} `));
    for (let i = 0; i < parts.length; i += 40) await h.send(...parts.slice(i, i + 40).map((text): HostMessage => ({ type: "output/delta", runId: "r-long", text })));
    await h.send({ type: "run/end", runId: "r-long", status: "done", totalMs: 10 });
    const counts = await h.page.evaluate(() => {
      const w = window as unknown as { __removed: number; __added: number };
      return { __removed: w.__removed, __added: w.__added };
    });
    assert.equal(counts.__removed, 0, "a finished block is never removed or re-rendered");
    assert.ok(counts.__added > 1, `blocks were committed as the stream went, not all at the end (${counts.__added} commits)`);
    assert.equal(await h.page.locator('article[data-id="r-long"] .answer .md-block p').count(), 50, "every paragraph committed exactly once");
    const text = await h.page.textContent('article[data-id="r-long"] .answer');
    assert.equal(text?.replace(/\s+/g, " ").trim(), parts.join("").replace(/\s+/g, " ").trim());

    await h.page.reload();
    await h.page.waitForSelector('article[data-id="r-long"]');
    const ready = (await h.posted()).find((m) => m.type === "chat/ready");
    assert.deepEqual(ready, { type: "chat/ready", conversationId: "c-long", known: 5, lastId: "r-long" });
    assert.equal(await h.page.locator("article.msg").count(), 5, "shown from the cache before the host answers");
  });

  it("replays a 1,000-turn conversation rendering only its newest answers: older ones are their plain text until scrolled near, then rendered", async () => {
    await h.send(replay(conversation(1000)));
    await h.page.waitForFunction(() => { const l = document.querySelector("#messages")!; return l.scrollTop > 0 && l.scrollHeight - l.scrollTop - l.clientHeight < 40; });
    // The older messages are built in slices after the newest: all of them are in the list soon.
    await h.page.waitForFunction(() => document.querySelectorAll("article.msg").length === 2000, undefined, { timeout: 30_000 });
    const ids = await h.page.$$eval("article.msg", (as) => as.map((a) => (a as HTMLElement).dataset.id));
    assert.deepEqual(ids, conversation(1000).map((m) => m.id), "every message is in the list, in order");
    const count = (id: string) => h.page.$eval(`article[data-id="${id}"]`, (a) => ({ deferred: a.querySelectorAll(".md-deferred").length, code: a.querySelectorAll(".answer pre code").length, actions: a.querySelectorAll(".code-actions").length, text: a.textContent ?? "" }));
    const last = await count("a999");
    assert.deepEqual([last.deferred, last.code, last.actions], [0, 1, 1], "the newest answer is rendered, with its code actions");
    const first = await count("a0");
    assert.deepEqual([first.deferred, first.code], [1, 0], "the oldest answer is not rendered yet");
    assert.match(first.text, /Here is the change for part 0\. .*export function part0_11/s, "but its whole text is there, for find and screen readers");
    const rendered = await h.page.locator(".answer pre code").count();
    assert.ok(rendered >= 20 && rendered <= 60, `only the answers near the view are rendered (${rendered} of 1000)`);

    await h.page.$eval("#messages", (l) => (l.scrollTop = 0));
    await h.page.waitForFunction(() => document.querySelector('article[data-id="a0"] .answer pre code') !== null);
    const top = await count("a0");
    assert.deepEqual([top.deferred, top.code, top.actions], [0, 1, 1], "scrolled to, the oldest answer is rendered like any other");
    assert.match(top.text, /Here is the change for part 0\./);
    assert.equal(await h.page.$eval('article[data-id="a0"] .answer h3', (e) => e.textContent), "Step 0");
    assert.equal((await count("a500")).deferred, 1, "a page never scrolled to is never rendered");
  });

  it("replays a 10,000-turn conversation (14 MB) without freezing the view: the newest at once, at the end; the older built a page at a time; a question sent meanwhile keeps its place", async () => {
    const big = conversation(10_000);
    await watchLongTasks(h.page);
    // Counted in the page, in the first frame that shows the newest answer.
    const early = await h.page.evaluate(async (m) => {
      window.postMessage(m, "*");
      while (!document.querySelector('article[data-id="a9999"] .answer pre code')) await new Promise((r) => requestAnimationFrame(r));
      return document.querySelectorAll("article.msg").length;
    }, replay(big));
    assert.ok(early < 2000, `the newest answer is rendered before the older messages are built (${early} built then)`);
    // The user asks while the older ones are still being built: the question goes last.
    await h.send({ type: "chat/append", message: { id: "u-new", role: "user", text: "And now?" } });
    await h.page.waitForFunction(() => document.querySelectorAll("article.msg").length === 20_001, undefined, { timeout: 60_000 });
    const ids = await h.page.$$eval("article.msg", (as) => as.map((a) => (a as HTMLElement).dataset.id));
    assert.deepEqual(ids, [...big.map((m) => m.id), "u-new"], "every message, in order");
    const longest = await longestTask(h.page);
    assert.ok(longest < FREEZE_MS, `the longest task took ${longest.toFixed(0)} ms`);
    await h.page.waitForFunction(() => { const l = document.querySelector("#messages")!; return l.scrollHeight - l.scrollTop - l.clientHeight < 40; }, undefined, { timeout: 5000 });
    assert.equal(await h.page.locator('article[data-id="a0"] .md-deferred').count(), 1, "the oldest answer waits as plain text");
    // The cache holds no conversation this long; the state saved says so rather than a part of it.
    await h.page.evaluate(() => window.dispatchEvent(new Event("blur")));
    const saved = await h.page.evaluate(() => JSON.parse(sessionStorage.getItem("__state") ?? "null") as { conversationId?: string; messages: unknown[] });
    assert.deepEqual([saved.conversationId, saved.messages.length], ["c-long", 0]);
    // Editing the last question truncates the list as the host says, built or not.
    await h.send({ type: "chat/truncate", count: 19_999 });
    assert.equal(await h.page.locator("article.msg").count(), 19_999);
    assert.equal(await h.page.locator('article[data-id="a9999"]').count(), 0);
  });

  it("follows a long streamed answer to its end in a 200-turn chat, stops when the user scrolls up, and follows again at the bottom", async () => {
    await h.send(replay(conversation(200)));
    await h.send({ type: "chat/append", message: { id: "r-follow", role: "assistant", text: "", model: STATE.model, status: "streaming" } });
    let text = "";
    for (let i = 0; text.length < 90_000; i++) text += longAnswer(i) + "\n\n";
    const deltas = Array.from({ length: Math.ceil(text.length / 240) }, (_, i) => text.slice(i * 240, (i + 1) * 240));
    // One delta a frame, as a fast model streams: the view follows in its render frames, while
    // new chunks of finished blocks appear below (the case that used to lose the bottom past ~48 KB).
    const stream = (parts: string[]) =>
      h.page.evaluate(async (ps) => {
        for (const t of ps) {
          window.postMessage({ type: "output/delta", runId: "r-follow", text: t }, "*");
          await new Promise((r) => requestAnimationFrame(r));
        }
        await new Promise((r) => setTimeout(r, 250));
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      }, parts);
    const below = () => h.page.$eval("#messages", (l) => Math.round(l.scrollHeight - l.scrollTop - l.clientHeight));
    const half = Math.floor(deltas.length * 0.75);
    await stream(deltas.slice(0, half));
    assert.ok((await below()) < 40, `at the bottom after ${(half * 240 / 1024).toFixed(0)} KB (${await below()} px below)`);
    // The user scrolls up: the view stays where they put it while the answer grows.
    await h.page.hover("#messages");
    await h.page.mouse.wheel(0, -2000);
    await h.page.waitForFunction(() => { const l = document.querySelector("#messages")!; return l.scrollHeight - l.scrollTop - l.clientHeight > 1500; });
    const readingAt = await h.page.$eval("#messages", (l) => l.scrollTop);
    await stream(deltas.slice(half, half + 40));
    assert.equal(await h.page.$eval("#messages", (l) => l.scrollTop), readingAt, "the view does not move while the user reads above");
    // Back at the bottom (End), it follows again to the end of the answer.
    await h.page.$eval("#messages", (l) => { l.scrollTop = l.scrollHeight; });
    await h.page.waitForFunction(() => { const l = document.querySelector("#messages")!; return l.scrollHeight - l.scrollTop - l.clientHeight < 40; });
    await stream(deltas.slice(half + 40));
    await h.send({ type: "run/end", runId: "r-follow", status: "done", totalMs: 10 });
    await h.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    assert.ok((await below()) < 40, `at the bottom when the answer ends (${await below()} px below)`);
    const last = await h.page.$eval('article[data-id="r-follow"] .answer', (a) => {
      const l = document.querySelector("#messages")!.getBoundingClientRect();
      const r = a.getBoundingClientRect();
      return { bottom: Math.round(r.bottom), view: Math.round(l.bottom) };
    });
    assert.ok(last.bottom <= last.view + 1 && last.bottom > last.view - 200, `the answer's end is on screen (${JSON.stringify(last)})`);
  });
});
