/** The fake fal server in a child process (bench/fakeFalProcess.ts): its URL, a way to set its scenario, and a stop. */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Scenario } from "../test/support/fakeFal";

export interface BenchServer {
  readonly url: string;
  script(scenario: Scenario): Promise<void>;
  stop(): void;
}

export async function startServer(): Promise<BenchServer> {
  const child = spawn(process.execPath, [join(__dirname, "fakeFalProcess.js")], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const url = String((await lines.next()).value);
  return {
    url,
    async script(scenario) {
      child.stdin!.write(`${JSON.stringify(scenario)}\n`);
      await lines.next();
    },
    stop: () => child.stdin!.end(),
  };
}
