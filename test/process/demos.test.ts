import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/free-port.js";
import { redisResponds } from "../../scripts/lib/redis-responds.js";
import { type Job, runCommand, startJob, stopAndListLeftovers } from "./job.js";

/** `npm run <command>` as a user types it, ready once it prints its "Ctrl-C" line. */
const startDemo = (command: string, env: NodeJS.ProcessEnv = {}) =>
  startJob({ script: `npm run -s ${command}`, env: { ...process.env, ...env }, ready: (line) => line.includes("Ctrl-C stops all of it.") });

/** The curl commands a demo printed to try, continuation lines joined, in order. */
function printedCommands(output: string): string[] {
  const commands: string[] = [];
  let current: string | undefined;
  for (const line of output.split("\n")) {
    const text = line.trim();
    if (current !== undefined) current += ` ${text}`;
    else if (text.startsWith("curl ")) current = text;
    else continue;
    if (current.endsWith("\\")) current = current.slice(0, -1).trimEnd();
    else {
      commands.push(current);
      current = undefined;
    }
  }
  return commands;
}

/** Runs a printed command; its output, once it exited 0. */
async function runPrinted(command: string): Promise<string> {
  const { stdout, stderr, code } = await runCommand(command);
  if (code !== 0) throw new Error(`${command} exited ${code}: ${stderr}`);
  return stdout;
}

describe("npm run demo:replicas", () => {
  let demo: Job;
  let redisPort: number;
  let ports: [number, number];

  beforeAll(async () => {
    // A port where no Redis answers: the demo must start one of its own, and stop it.
    redisPort = await freePort();
    ports = [await freePort(), await freePort()];
    demo = await startDemo(`demo:replicas -- --ports ${ports.join(",")}`, { REDIS_URL: `redis://127.0.0.1:${redisPort}` });
  }, 120_000);
  afterAll(async () => {
    await demo?.stop();
  });

  it("starts a Redis when none answers, a bePaid stand-in and two gateways on the ports asked for, and prints three commands to try", async () => {
    expect(await redisResponds(redisPort)).toBe(true);
    expect(demo.output()).toMatch(new RegExp(`gateway A\\s+http://127\\.0\\.0\\.1:${ports[0]}/graphql`));
    expect(demo.output()).toMatch(new RegExp(`gateway B\\s+http://127\\.0\\.0\\.1:${ports[1]}/graphql`));
    expect(demo.output()).toContain("(started for this demo)");
    expect(printedCommands(demo.output())).toHaveLength(3);
  });

  it("replays on B a create made on A with the same Idempotency-Key, and lists it on B once", async () => {
    const [create, replay, list] = printedCommands(demo.output()) as [string, string, string];
    expect(create).toContain(demo.output().match(/gateway A\s+(\S+)/)![1]);
    expect(replay).toContain(demo.output().match(/gateway B\s+(\S+)/)![1]);
    const created = JSON.parse(await runPrinted(create)) as { data: { createCustomer: { id: string } } };
    const id = created.data.createCustomer.id;
    expect(id).toMatch(/^cst_/);
    const replayed = await runPrinted(replay);
    expect(replayed).toMatch(/^idempotent-replayed: true\r?$/im);
    expect(replayed).toContain(`"id":"${id}"`);
    const listed = JSON.parse(await runPrinted(list)) as { data: { customers: { id: string }[] } };
    expect(listed.data.customers.filter((customer) => customer.id === id)).toHaveLength(1);
  });

  it("stops its gateways, stand-in and Redis on Ctrl-C, leaving no process behind", async () => {
    expect(await stopAndListLeftovers(demo)).toEqual([]);
    expect(demo.output()).toMatch(/Stopped\.$/);
    expect(await redisResponds(redisPort)).toBe(false);
  });
});

describe("npm run demo:supergraph", () => {
  let demo: Job;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    demo = await startDemo(`demo:supergraph -- --port ${port}`);
  }, 120_000);
  afterAll(async () => {
    await demo?.stop();
  });

  it("answers the printed query, on the router's port asked for, with orders from one subgraph and their customers from the gateway", async () => {
    const [query] = printedCommands(demo.output()) as [string];
    expect(query).toContain(`http://127.0.0.1:${port}/`);
    expect(printedCommands(demo.output())).toHaveLength(1);
    expect(JSON.parse(await runPrinted(query))).toEqual({
      data: {
        orders: [
          { id: "ord_1", total: 1250, customer: { id: "cst_5ca4fab9dfc7fcbf", firstName: "John", email: "customer@example.com" } },
          { id: "ord_2", total: 990, customer: { id: "cst_9f65045c1f4c3676", firstName: "Mark", email: "customer.mark@example.com" } },
          { id: "ord_3", total: 4200, customer: { id: "cst_5ca4fab9dfc7fcbf", firstName: "John", email: "customer@example.com" } },
        ],
      },
    });
  });

  it("stops the gateway and the router on Ctrl-C, leaving no process behind", async () => {
    expect(await stopAndListLeftovers(demo)).toEqual([]);
    expect(demo.output()).toMatch(/Stopped\.$/);
  });
});
