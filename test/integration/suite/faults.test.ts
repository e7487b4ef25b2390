/**
 * Issue 15, faults: a table of what the network and fal can do wrong, run in the real host with the
 * real gateway against the fake fal server, over every surface that sends a request (the result
 * panel, the chat, a comparison and the vscode.lm provider). For each fault and surface:
 *   - the message names the cause (and so what to do);
 *   - the partial answer is kept where there was one;
 *   - the request id is shown where fal gave one;
 *   - the surface is idle again, and the next request on it works;
 *   - no promise was left rejected and unhandled in the extension host.
 * A surface joins the table with one entry in SURFACES; a fault with one row in FAULTS.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as vscode from "vscode";
import type { ComparisonOutcome } from "../../../src/core/engine/comparison";
import type { RunResult } from "../../../src/core/types";
import type { FalRouterApi } from "../../../src/extension";
import { DEFAULT_OUTPUT, FakeFalServer, type Scenario } from "../../support/fakeFal";
import { freePort } from "../../support/ports";
import { api, configure, selectLines, until } from "./helpers";
import { SECRET_KEY } from "./keys";

const FLASH = "google/gemini-2.5-flash";
const HAIKU = "anthropic/claude-haiku-4.5";
const FULL = DEFAULT_OUTPUT.join("");
const PARTIAL = DEFAULT_OUTPUT.slice(0, 2).join("");

/** What a surface showed for one request. */
interface Seen {
  ok: boolean;
  message: string;
  output: string;
  requestId?: string;
  idle: boolean;
}

interface Surface {
  name: string;
  /** Whether the surface shows a request id (the provider hands errors to another extension). */
  showsRequestId: boolean;
  send(fault?: Fault): Promise<Seen>;
}

interface Fault {
  name: string;
  scenario?: Scenario;
  /** Settings for this row (a proxy that is not there…); restored after it. */
  settings?: () => Promise<Record<string, unknown>>;
  message: RegExp;
  partial?: string;
  requestId?: boolean;
  /** The request succeeds in the end (a slow first token, an event of the wrong shape). */
  ok?: boolean;
}

let tlsServer: https.Server | undefined;
async function selfSignedServer(): Promise<string> {
  if (!tlsServer) {
    const dir = mkdtempSync(join(tmpdir(), "falr-tls-"));
    const [key, cert] = [join(dir, "key.pem"), join(dir, "cert.pem")];
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"], { stdio: "pipe" });
    tlsServer = https.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_req, res) => res.writeHead(200).end("{}"));
    await new Promise<void>((r) => tlsServer!.listen(0, "127.0.0.1", r));
  }
  return `https://localhost:${(tlsServer.address() as AddressInfo).port}`;
}

const FAULTS: Fault[] = [
  { name: "401", scenario: { status: 401, body: { detail: "Invalid key" } }, message: /rejected the API key \(401\).*Set API Key/, requestId: true },
  { name: "403", scenario: { status: 403, body: { detail: "Forbidden" } }, message: /rejected the API key \(403\)/, requestId: true },
  { name: "404", scenario: { status: 404, body: { detail: "Application not found" } }, message: /could not find .*\(404\)/, requestId: true },
  { name: "422 with field messages", scenario: { status: 422, body: { detail: [{ loc: ["body", "max_tokens"], msg: "ensure this value is greater than 0", type: "value_error" }] } }, message: /invalid \(422\): max_tokens: ensure this value is greater than 0/, requestId: true },
  { name: "429 with Retry-After", scenario: { status: 429, body: { detail: "slow down" }, headers: { "retry-after": "1" } }, message: /rate limiting .*\(429\)/, requestId: true },
  { name: "429 without Retry-After", scenario: { status: 429, body: { detail: "slow down" } }, message: /rate limiting .*\(429\)/, requestId: true },
  { name: "500", scenario: { status: 500, body: { detail: "boom" } }, message: /server error \(500\)/, requestId: true },
  { name: "502", scenario: { status: 502, body: { detail: "bad gateway" } }, message: /server error \(502\)/, requestId: true },
  { name: "503", scenario: { status: 503, body: { detail: "unavailable" } }, message: /server error \(503\)/, requestId: true },
  { name: "504", scenario: { status: 504, body: { detail: "timeout" } }, message: /server error \(504\)/, requestId: true },
  { name: "a non-JSON error body", scenario: { status: 500, rawBody: "Internal error, sorry", contentType: "text/plain" }, message: /server error \(500\)/ },
  { name: "a proxy's HTML error page", scenario: { status: 500, rawBody: "<html><body><h1>500 Internal Server Error</h1><p>nginx</p></body></html>" }, message: /server error \(500\)/ },
  { name: "a drop mid-stream", scenario: { dropAfter: 2 }, message: /connection to fal was lost|ended before the answer was complete/, partial: PARTIAL, requestId: true },
  { name: "a drop inside a multi-byte character", scenario: { output: ["Grüße, ", "👋 und 日本語 "], splitMultibyte: true, dropAfter: 2 }, message: /connection to fal was lost|ended before the answer was complete/, partial: "Grüße, 👋 und 日本語 ", requestId: true },
  { name: "a stall (the watchdog)", scenario: { stallAfter: 2 }, message: /No data from fal for 5 s/, partial: PARTIAL, requestId: true },
  { name: "a malformed SSE event", scenario: { garbageAt: 2 }, message: /./, partial: PARTIAL, requestId: true },
  { name: "valid JSON of the wrong shape", scenario: { wrongShapeAt: 2 }, message: /^$/, ok: true },
  { name: "an in-band error", scenario: { errorAfter: 2, errorMessage: "provider overloaded" }, message: /model reported an error: provider overloaded/, partial: PARTIAL, requestId: true },
  { name: "a slow first token", scenario: { firstDelayMs: 2500 }, message: /^$/, ok: true },
  { name: "a proxy that answers 200 with an empty body", scenario: { status: 200, rawBody: "", contentType: "text/event-stream" }, message: /ended before the answer was complete/ },
  { name: "a refused connection", settings: async () => ({ proxyUrl: `http://127.0.0.1:${await freePort()}` }), message: /Could not reach the proxy set in falRouter\.proxyUrl \(ECONNREFUSED\)\. It was retried 3 times\./ },
  { name: "an unreachable proxy", settings: async () => ({ proxyUrl: "https://proxy.invalid" }), message: /Could not reach the proxy set in falRouter\.proxyUrl \((ENOTFOUND|EAI_AGAIN)\)/ },
  { name: "a TLS failure (self-signed)", settings: async () => ({ proxyUrl: await selfSignedServer() }), message: /TLS certificate of the proxy set in falRouter\.proxyUrl is not trusted \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\)/ },
  { name: "a queue request cancelled on fal's side", settings: async () => ({ mode: "queue" }), scenario: { cancelledOnServer: true }, message: /\(400\).*Request .* was cancelled/, requestId: true },
];

describe("faults over every surface, in a real VS Code host (the real gateway against the fake fal server)", function () {
  this.timeout(600_000);
  let server: FakeFalServer;
  let ext: FalRouterApi;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);

  const SURFACES: Surface[] = [
    {
      name: "result panel",
      showsRequestId: true,
      send: async () => {
        await selectLines("src/math.ts", 1, 3);
        const r = await vscode.commands.executeCommand<RunResult | undefined>("falRouter.explainSelection");
        const snap = ext.panel.snapshot;
        return { ok: r?.outcome === "done", message: snap?.error?.message ?? "", output: snap?.output ?? "", requestId: snap?.error?.requestId, idle: !["streaming", "queued", "retrying"].includes(snap?.status ?? "") };
      },
    },
    {
      name: "chat",
      showsRequestId: true,
      send: async () => {
        await ext.chat.send("What does add do?");
        const m = ext.chat.conversation!.messages.at(-1)!;
        return { ok: m.status === "done", message: m.error ?? "", output: m.text, requestId: m.requestId, idle: !ext.chat.busy };
      },
    },
    {
      name: "comparison (the other column must finish)",
      showsRequestId: true,
      send: async (fault) => {
        await selectLines("src/math.ts", 1, 3);
        const outcome = await vscode.commands.executeCommand<ComparisonOutcome | undefined>("falRouter.compareModels", { models: [FLASH, HAIKU], prompt: "explain" });
        assert.equal(outcome?.status, "ran");
        await until(() => (ext.compare.view?.columns ?? []).every((c) => !["streaming", "queued", "retrying"].includes(c.status)), 60_000, "both columns to end");
        const [col, other] = ext.compare.view!.columns;
        // A fault of the model's own request leaves the other column alone (a bad proxy fails both).
        if (!fault?.settings) {
          assert.equal(other.status, "done", `the other column: ${other.error?.message}`);
          assert.equal(other.output, FULL);
        }
        return { ok: col.status === "done", message: col.error?.message ?? "", output: col.output, requestId: col.error?.requestId, idle: true };
      },
    },
    {
      name: "vscode.lm provider",
      showsRequestId: false,
      send: async () => {
        const [model] = await vscode.lm.selectChatModels({ vendor: "fal-router", id: FLASH });
        let output = "";
        try {
          const response = await model.sendRequest([vscode.LanguageModelChatMessage.User("What does add do?")], {});
          for await (const piece of response.text) output += piece;
          return { ok: true, message: "", output, idle: true };
        } catch (e) {
          return { ok: false, message: e instanceof Error ? e.message : String(e), output, idle: true };
        }
      },
    },
  ];

  before(async () => {
    server = await new FakeFalServer().start();
    ext = await api();
    await configure({ proxyUrl: server.url, mode: "stream", model: FLASH, reasoning: false, stallTimeoutSeconds: 5, dailyBudgetUsd: undefined, confirmAboveTokens: 0 });
    await vscode.commands.executeCommand("falRouter.setApiKey", SECRET_KEY);
    process.on("unhandledRejection", onRejection);
  });
  after(async () => {
    process.off("unhandledRejection", onRejection);
    server.unscriptModels();
    await configure({ proxyUrl: server.url, confirmAboveTokens: undefined });
    await server.stop();
    await new Promise((r) => (tlsServer ? tlsServer.close(r) : r(undefined)));
    tlsServer = undefined;
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  });

  for (const surface of SURFACES) {
    it(`${surface.name}: ${FAULTS.length} faults, each a clear message with nothing lost, then a request that works`, async () => {
      await vscode.commands.executeCommand("falRouter.newChat");
      const problems: string[] = [];
      for (const fault of FAULTS) {
        server.reset();
        // Every attempt (retries included) meets the fault: it is scripted for the model, not once.
        if (fault.scenario) server.scriptModel(FLASH, fault.scenario);
        if (fault.settings) await configure(await fault.settings());
        let seen: Seen;
        try {
          seen = await surface.send(fault);
        } finally {
          server.unscriptModels();
          if (fault.settings) await configure({ proxyUrl: server.url, mode: "stream" });
        }
        const where = `${fault.name}`;
        if (seen.ok !== Boolean(fault.ok)) problems.push(`${where}: ${seen.ok ? "succeeded" : `failed: ${seen.message}`}`);
        if (!fault.message.test(seen.message)) problems.push(`${where}: the message "${seen.message}" does not match ${fault.message}`);
        if (fault.partial !== undefined && !seen.output.startsWith(fault.partial)) problems.push(`${where}: the partial answer was not kept (${JSON.stringify(seen.output.slice(0, 60))})`);
        if (fault.ok && seen.output !== FULL) problems.push(`${where}: the answer is ${JSON.stringify(seen.output.slice(0, 60))}`);
        if (fault.requestId && surface.showsRequestId && !seen.requestId) problems.push(`${where}: no request id shown`);
        if (!seen.idle) problems.push(`${where}: the surface is not idle`);
        // The next request on the same surface works.
        server.reset();
        const next = await surface.send();
        if (!next.ok || next.output !== FULL) problems.push(`${where}: the next request did not work (${next.message})`);
      }
      assert.deepEqual(problems, []);
      assert.deepEqual(rejections.map(String), [], "no unhandled rejection in the extension host");
    });
  }
});
