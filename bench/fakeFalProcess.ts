/**
 * The fake fal server in its own process, so that what a benchmark measures in its own heap is the
 * client side only (the server's queued snapshot strings would otherwise count). Prints its URL as
 * the first line; every JSON line on stdin sets the scenario for all later requests.
 */
import { createInterface } from "node:readline";
import { FakeFalServer } from "../test/support/fakeFal";

async function main(): Promise<void> {
  const server = await new FakeFalServer().start();
  process.stdout.write(`${server.url}\n`);
  createInterface({ input: process.stdin }).on("line", (line) => {
    server.setDefault(JSON.parse(line));
    process.stdout.write("ok\n");
  });
  process.stdin.on("end", () => void server.stop().then(() => process.exit(0)));
}

void main();
