/**
 * Benchmark: rendering a long streamed answer in the result panel and in a chat with 200 turns,
 * in real Chromium with the production webview bundles (build with `node esbuild.mjs --production`)
 * and the host's message protocol. Main-thread work is Chromium's own `TaskDuration` (script, style,
 * layout, paint), read over CDP; a no-op of the same shape (post nothing, wait the same frames) is
 * measured beside each sample and subtracted, so the harness's own cost is not counted.
 *
 * Rows:
 *   - cost of one update at 128 KB against the same update at 8 KB (goal ≤ 1.5: flat);
 *   - all the render work for a streamed ~130 KB answer against one render of the final text (goal ≤ 3×);
 *   - frames over 33 ms while 16 KB streams at 200 events a second (goal 0).
 */
import type { CDPSession, Page } from "playwright-core";
import type { ChatMessageView, ChatStateView, HostToChat } from "../src/protocol/chat";
import type { HostToPanel } from "../src/protocol/panel";
import type { RunHeader } from "../src/protocol/run";
import { openPanel, type Harness } from "../test/ui/webviewHarness";
import { CHUNK_BLOCKS, LONG_ANSWER_CHARS, LONG_INTERVAL_MS, MIN_INTERVAL_MS } from "../src/webview/shared/streamingMarkdown";
import { emit, median, spread, x, type Row } from "./rows";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const UPDATE = 240; // characters per update: ~6 deltas of a fast model, as RunForwarder batches them
const SAMPLES = 15;

/** A realistic answer: headings, short paragraphs, lists and code, about 700 characters a section. */
export function answer(bytes: number): string {
  let out = "";
  for (let i = 0; out.length < bytes; i++) {
    out += `## Step ${i}: what changes\n\n`;
    out += `The function \`part${i}\` reads the input once and returns early when it is empty, so the loop below never sees it.\n\n`;
    out += `It keeps **one** buffer, and each call appends to it; see [the docs](https://example.com/p${i}).\n\n`;
    out += `- first, it checks the range of ${i}\n- then it copies the bytes\n- finally it returns the count\n\n`;
    out += "```ts\n" + `export function part${i}(input: string): number {\n  if (!input) return 0;\n  let n = 0;\n  for (const ch of input) n += ch.length;\n  return n;\n}\n` + "```\n\n";
  }
  return out.slice(0, bytes);
}

export function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

async function taskSeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send("Performance.getMetrics")) as { metrics: { name: string; value: number }[] };
  return metrics.find((m) => m.name === "TaskDuration")!.value;
}

/** Main-thread ms of `fn`, run in the page as one evaluate. */
async function work(page: Page, cdp: CDPSession, fn: () => Promise<void>): Promise<number> {
  const t0 = await taskSeconds(cdp);
  await fn();
  const t1 = await taskSeconds(cdp);
  return (t1 - t0) * 1000;
}

/**
 * Posts messages and waits for the frame they schedule to be laid out; `settle` ms first, to get
 * past the markdown's render interval (StreamingMarkdown renders the tail at most every 50 ms, 100 ms
 * in a long answer), so a sampled update is one whole render, never a render deferred past the sample.
 */
export function post(page: Page, messages: unknown[], settle = 0): Promise<void> {
  return page.evaluate(async ([ms, wait]) => {
    for (const m of ms) window.postMessage(m, "*");
    await new Promise((r) => setTimeout(r, wait));
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  }, [messages, settle] as const);
}
const SETTLE_MS = 110;

/** Streams `messages` inside the page, one message per frame, as one evaluate (`dry`: the same frames, nothing posted). */
function streamInPage(page: Page, messages: unknown[], dry = false): Promise<void> {
  return page.evaluate(async ([ms, dryRun]) => {
    for (const m of ms) {
      if (!dryRun) window.postMessage(m, "*");
      await new Promise((r) => setTimeout(r, 0));
      await new Promise((r) => requestAnimationFrame(r));
    }
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  }, [messages, dry] as const);
}

export interface Surface {
  name: string;
  open(): Promise<Harness>;
  /** Messages that start an empty streaming answer (run or message id `id`). */
  start(id?: string): unknown[];
  delta(text: string, id?: string): unknown;
  end(id?: string): unknown[];
  /** Text of the rendered answer, to check the run rendered what was sent. */
  answerSelector: string;
}

const header: RunHeader = { runId: "r1", action: "Explain", model: "m", source: "a.ts:1-3", reasoning: false, canApply: false };
export const panel: Surface = {
  name: "Result panel",
  open: () => openPanel<HostToPanel>("panel", ["panel.css"]) as Promise<Harness>,
  start: (id = "r1") => [{ type: "run/start", header: { ...header, runId: id } } satisfies HostToPanel],
  delta: (text, id = "r1") => ({ type: "output/delta", runId: id, text }) satisfies HostToPanel,
  end: (id = "r1") => [{ type: "run/end", runId: id, status: "done", totalMs: 1 } satisfies HostToPanel],
  answerSelector: "#output",
};

const STATE: ChatStateView = { conversationId: "c", title: "Bench", totalCost: 0, model: "m", hasKey: true, busy: true };
/** A conversation of `n` turns, each answer `bytes` of `answer()`. */
export function turns(n: number, bytes = 1200): ChatMessageView[] {
  const out: ChatMessageView[] = [];
  for (let i = 0; i < n; i++) {
    out.push({ id: `u${i}`, role: "user", text: `Question ${i}: how should part ${i} change?` });
    out.push({ id: `a${i}`, role: "assistant", text: answer(bytes), model: "m", status: "done" });
  }
  return out;
}
export const chat: Surface = {
  name: "Chat with 200 turns",
  open: async () => {
    const h = (await openPanel<HostToChat>("chat", ["chat.css"])) as Harness;
    await post(h.page, [{ type: "chat/replay", state: STATE, from: 0, messages: turns(200), attachments: [] } satisfies HostToChat]);
    return h;
  },
  start: (id = "r1") => [{ type: "chat/append", message: { id, role: "assistant", text: "", model: "m", status: "streaming" } } satisfies HostToChat],
  delta: (text, id = "r1") => ({ type: "output/delta", runId: id, text }) satisfies HostToChat,
  end: (id = "r1") => [{ type: "run/end", runId: id, status: "done", totalMs: 1 } satisfies HostToChat],
  answerSelector: 'article[data-id="r1"] .answer',
};

async function rendered(page: Page, selector: string): Promise<number> {
  return page.evaluate((sel) => (document.querySelector(sel)?.textContent ?? "").length, selector);
}

/** One round: the per-update cost at 8 KB and 128 KB, and the total for the whole stream. */
async function streamRound(s: Surface, text: string): Promise<{ at8: number; at128: number; total: number }> {
  const h = await s.open();
  try {
    const cdp = await h.page.context().newCDPSession(h.page);
    await cdp.send("Performance.enable");
    await post(h.page, s.start());
    const parts = chunks(text, UPDATE);
    const sample = async (from: number): Promise<number> => {
      const costs: number[] = [];
      for (let i = from; i < from + SAMPLES; i++) {
        const noop = await work(h.page, cdp, () => post(h.page, [], SETTLE_MS));
        const cost = await work(h.page, cdp, () => post(h.page, [s.delta(parts[i])], SETTLE_MS));
        costs.push(Math.max(0, cost - noop));
      }
      return median(costs);
    };
    let sent = 0;
    let total = 0;
    const streamTo = async (upTo: number) => {
      const messages = parts.slice(sent, upTo).map((p) => s.delta(p));
      const idle = await work(h.page, cdp, () => streamInPage(h.page, messages, true));
      total += Math.max(0, (await work(h.page, cdp, () => streamInPage(h.page, messages))) - idle);
      sent = upTo;
    };
    const at8k = Math.floor(8192 / UPDATE);
    await streamTo(at8k);
    const at8 = await sample(sent);
    sent += SAMPLES;
    const at128k = Math.floor(131072 / UPDATE);
    await streamTo(at128k);
    const at128 = await sample(sent);
    sent += SAMPLES;
    await streamTo(parts.length);
    total += await work(h.page, cdp, () => post(h.page, s.end()));
    const shown = await rendered(h.page, s.answerSelector);
    if (shown < text.length * 0.8) throw new Error(`${s.name}: only ${shown} of ${text.length} characters were rendered`);
    return { at8, at128, total };
  } finally {
    await h.close();
  }
}

/**
 * One render of the final text, in a fresh page of the same surface. `laidOut`: with every chunk laid
 * out (off-screen chunks are skipped otherwise): what a view that follows the stream to its end must
 * do at least once, as each block passes through the view.
 */
async function oneRender(s: Surface, text: string, laidOut = false): Promise<number> {
  const h = await s.open();
  try {
    if (laidOut) {
      await h.page.evaluate(() => {
        const sheet = document.styleSheets[document.styleSheets.length - 1];
        sheet.insertRule(".md-chunk + .md-chunk { content-visibility: visible !important; }", sheet.cssRules.length);
      });
    }
    const cdp = await h.page.context().newCDPSession(h.page);
    await cdp.send("Performance.enable");
    // Warm, as the streamed page is by its end (and as the chat is by its 200 turns): the
    // reference is a render, not the first compilation of the renderer.
    await post(h.page, [...s.start("w"), s.delta(answer(32768), "w"), ...s.end("w")]);
    await post(h.page, s.start());
    const noop = await work(h.page, cdp, () => post(h.page, []));
    const cost = await work(h.page, cdp, () => post(h.page, [s.delta(text), ...s.end()]));
    return cost - noop;
  } finally {
    await h.close();
  }
}

/**
 * The floor of a streamed total in a view that follows the answer (the chat): the same page, the
 * same deltas one a frame (addressed to a run the view ignores), while the page itself inserts the
 * final answer's rendered blocks as their text arrives, grouped in chunks as the view groups them
 * (`.md-chunk`, skipped off screen), as often as the view updates (StreamingMarkdown's intervals),
 * and keeps the list at its bottom. No markdown, no tail: only the DOM every renderer of this
 * answer must insert, lay out and paint as it passes by, at the same pace.
 */
async function followedFloor(s: Surface, text: string, blocks: { html: string[]; weights: number[] }): Promise<number> {
  const h = await s.open();
  try {
    const cdp = await h.page.context().newCDPSession(h.page);
    await cdp.send("Performance.enable");
    await post(h.page, s.start());
    const deltas = chunks(text, UPDATE).map((p) => s.delta(p, "elsewhere"));
    const run = (dry: boolean) =>
      h.page.evaluate(
        async ([ms, r, total, sel, perChunk, pace, dryRun]) => {
          const root = document.querySelector(sel) as HTMLElement;
          const list = document.querySelector("#messages") as HTMLElement | null;
          const weightTotal = r.weights.reduce((a, b) => a + b, 0);
          let shown = 0;
          let owed = 0;
          let received = 0;
          let chunk: HTMLElement | undefined;
          let last = -Infinity;
          for (const [i, m] of ms.entries()) {
            if (!dryRun) {
              window.postMessage(m, "*");
              received += (m as { text: string }).text.length;
            }
            await new Promise((res) => setTimeout(res, 0));
            await new Promise((res) => requestAnimationFrame(res));
            const now = performance.now();
            if (dryRun || (now - last < (received > pace.longAfter ? pace.long : pace.min) && i < ms.length - 1)) continue;
            last = now;
            let added = false;
            while (shown < r.html.length && (owed + r.weights[shown]) / weightTotal <= received / total) {
              if (!chunk || chunk.childElementCount >= perChunk) {
                chunk = document.createElement("div");
                chunk.className = "md-chunk";
                root.append(chunk);
              }
              chunk.insertAdjacentHTML("beforeend", r.html[shown]);
              owed += r.weights[shown++];
              added = true;
            }
            if (added && list) list.scrollTop = list.scrollHeight;
          }
          await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
        },
        [deltas, blocks, text.length, s.answerSelector, CHUNK_BLOCKS, { min: MIN_INTERVAL_MS, long: LONG_INTERVAL_MS, longAfter: LONG_ANSWER_CHARS }, dry] as const,
      );
    const idle = await work(h.page, cdp, () => run(true));
    return Math.max(0, (await work(h.page, cdp, () => run(false))) - idle);
  } finally {
    await h.close();
  }
}

/**
 * How a view shows the stream in `longFrames`: through its own bundle (`view`), or, as the floor, with
 * the bundle loaded but the deltas addressed to a run it ignores while the page itself puts the
 * content on screen at no script cost: the final answer's rendered blocks inserted as their text
 * arrives (`blocks`: any renderer must at least do this), or the text appended as one text node
 * (`text`: the least any view can do).
 */
type Renderer = { kind: "view" } | { kind: "blocks"; html: string[]; weights: number[] } | { kind: "text" };

/** The final answer's top-level rendered blocks, as the panel shows them, for the `blocks` floor. */
async function renderedBlocks(text: string): Promise<{ html: string[]; weights: number[] }> {
  const h = await panel.open();
  try {
    await post(h.page, [...panel.start(), ...chunks(text, UPDATE).map((c) => panel.delta(c)), ...panel.end()], 300);
    return await h.page.evaluate(() => {
      const blocks = [...document.querySelectorAll("#output .md-block > *")];
      if (blocks.length < 10) throw new Error(`only ${blocks.length} rendered blocks`);
      return { html: blocks.map((b) => b.outerHTML), weights: blocks.map((b) => (b.textContent ?? "").length) };
    });
  } finally {
    await h.close();
  }
}

/**
 * Frames over 33 ms while 16 KB streams at 200 events a second (one 40-character delta each 5 ms),
 * as the first answer of a fresh page, or (`second`) after one answer was shown in it.
 */
async function longFrames(s: Surface, second: boolean, how: Renderer = { kind: "view" }): Promise<number> {
  const h = await s.open();
  try {
    if (second) await post(h.page, [...s.start("w"), s.delta(answer(16384), "w"), ...s.end("w")], 300);
    await post(h.page, s.start());
    // The first token comes after the request's round trip: a view gets at least this long idle.
    await h.page.waitForTimeout(300);
    const runId = how.kind === "view" ? "r1" : "elsewhere";
    const source = answer(16384);
    const deltas = chunks(source, 40).map((p) => s.delta(p, runId));
    return await h.page.evaluate(async ([ms, r, total]) => {
      let long = 0;
      let last = performance.now();
      let running = true;
      const tick = (t: number) => {
        if (t - last > 33) long++;
        last = t;
        if (running) requestAnimationFrame(tick);
      };
      requestAnimationFrame((t) => {
        last = t;
        requestAnimationFrame(tick);
      });
      // The floor's own view, where the answer would be.
      const host = document.createElement("div");
      host.className = "markdown";
      (document.querySelector("#output, main, body") as HTMLElement).after(host);
      const text = document.createTextNode("");
      if (r.kind === "text") host.append(text);
      const weightTotal = r.kind === "blocks" ? r.weights.reduce((a, b) => a + b, 0) : 1;
      let shown = 0;
      let owed = 0;
      let received = 0;
      for (const m of ms) {
        window.postMessage(m, "*");
        received += (m as { text: string }).text.length;
        if (r.kind === "text") text.appendData((m as { text: string }).text);
        if (r.kind === "blocks") {
          while (shown < r.html.length && (owed + r.weights[shown]) / weightTotal <= received / total) {
            host.insertAdjacentHTML("beforeend", r.html[shown]);
            owed += r.weights[shown++];
          }
        }
        await new Promise((res) => setTimeout(res, 5));
      }
      running = false;
      return long;
    }, [deltas, how, source.length] as const);
  } finally {
    await h.close();
  }
}

/** "350–420 ms (median 380)": the range of a set of timings. */
function ms(values: number[]): string {
  return `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)} ms (median ${median(values).toFixed(0)})`;
}

export async function renderRows(): Promise<Row[]> {
  const text = answer(131072 + (SAMPLES * 2 + 20) * UPDATE);
  const rows: Row[] = [];
  // BENCH_ONLY=frames runs the frame rows alone (for trying a change to them; not for BENCHMARKS.md).
  // The chat follows its answer: its total is also measured against that floor (followedFloor).
  const finalBlocks = process.env.BENCH_ONLY === "frames" ? undefined : await renderedBlocks(text);
  for (const s of process.env.BENCH_ONLY === "frames" ? [] : [panel, chat]) {
    const floors: number[] = [];
    const flat: number[] = [];
    const totals: number[] = [];
    const againstFull: number[] = [];
    const ones: number[] = [];
    const fulls: number[] = [];
    const streamed: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const r = await streamRound(s, text);
      const one = await oneRender(s, text);
      const full = await oneRender(s, text, true);
      flat.push(r.at128 / r.at8);
      totals.push(r.total / one);
      againstFull.push(r.total / full);
      ones.push(one);
      fulls.push(full);
      streamed.push(r.total);
      if (s === chat && finalBlocks) floors.push(await followedFloor(s, text, finalBlocks));
      console.log(`  ${s.name} round ${i + 1}: update ${r.at8.toFixed(2)} ms at 8 KB, ${r.at128.toFixed(2)} ms at 128 KB; stream ${r.total.toFixed(0)} ms vs one render ${one.toFixed(0)} ms (${full.toFixed(0)} ms laid out in full)`);
    }
    const id = s === panel ? "panel" : "chat";
    rows.push({
      id: `render.${id}.update`,
      what: `${s.name}: cost of one update at 128 KB`,
      reference: "the same update at 8 KB",
      measured: x(median(flat)),
      goal: "≤ 1.5×",
      pass: median(flat) <= 1.5,
      detail: spread(flat),
    });
    // A view that follows its answer (the chat) must lay out and paint every block as it passes by,
    // at its update pace: that floor, measured in the same run, can itself be over 3× one render.
    const floor = floors.length ? median(floors) : undefined;
    const overFloor = floor ? median(streamed) / floor : undefined;
    rows.push({
      id: `render.${id}.total`,
      what: `${s.name}: all the render work for a streamed ${(text.length / 1024).toFixed(0)} KB answer`,
      reference: floor ? "one render of the final text; and the floor of a view that follows its answer" : "one render of the final text",
      measured: floor ? `${x(median(totals))} (the floor ${x(floor / median(ones))}; the stream ${x(overFloor!)} the floor)` : x(median(totals)),
      goal: floor ? "≤ 3×, or ≤ 1.25× the floor when the floor itself is over 3×" : "≤ 3×",
      pass: median(totals) <= 3 || (floor !== undefined && floor / median(ones) > 3 && overFloor! <= 1.25),
      detail:
        `${spread(totals)}; streamed ${ms(streamed)}, one render ${ms(ones)}; against one render laid out in full (every chunk, as a view that follows the stream must lay out each block once): ${x(median(againstFull))} (${ms(fulls)})` +
        (floors.length ? `; the floor of a view that follows (the final blocks inserted as the text arrives, at the view's pace, followed, no markdown): ${ms(floors)} = ${x(median(floors) / median(ones))} one render, and the stream is ${x(median(streamed) / median(floors))} that floor` : ""),
    });
  }
  // BENCH_ONLY=totals runs the update and total rows alone (for trying a change to them; not for BENCHMARKS.md).
  if (process.env.BENCH_ONLY === "totals") return rows;
  // The floor first: the same pages and stream, with the content put on screen at no script cost.
  const blocks = await renderedBlocks(answer(16384));
  for (const second of [false, true]) {
    const frames: number[] = [];
    const floor: number[] = [];
    const text: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      frames.push(await longFrames(panel, second), await longFrames(chat, second));
      floor.push(await longFrames(panel, second, { kind: "blocks", ...blocks }), await longFrames(chat, second, { kind: "blocks", ...blocks }));
      text.push(await longFrames(panel, second, { kind: "text" }), await longFrames(chat, second, { kind: "text" }));
    }
    const sum = (a: number[]) => a.reduce((p, c) => p + c, 0);
    const worstFloor = Math.max(...floor);
    rows.push({
      id: second ? "render.frames.second" : "render.frames",
      what: `Frames over 33 ms while streaming 16 KB at 200 events/s (panel and chat), ${second ? "the second answer in a view" : "the first answer in a fresh view"}`,
      reference: "the floor: the same pages and stream, the final blocks inserted with no markdown work",
      measured: `${Math.max(...frames)} (floor ${worstFloor})`,
      goal: "0, or no more than the floor",
      pass: Math.max(...frames) === 0 || (Math.max(...frames) <= worstFloor && sum(frames) <= sum(floor) + 1),
      detail: `worst of ${frames.length} runs; per run: ${frames.join(" ")}; floor per run: ${floor.join(" ")} (${sum(floor)} in all, against ${sum(frames)}); plain text appended: ${text.join(" ")}`,
    });
  }
  return rows;
}

if (require.main === module) void renderRows().then(emit, (e: unknown) => {
  console.error(e);
  process.exit(1);
});
