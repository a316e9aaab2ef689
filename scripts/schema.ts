/**
 * `npm run schema` writes, from the code, schema.graphql (the plain schema) and
 * schema.subgraph.graphql (the Federation 2 subgraph's SDL as `_service { sdl }` answers it,
 * what `rover subgraph publish` takes); `npm run schema:check` fails when a committed file
 * differs (CI runs it, and the tests assert the same).
 */
import { readFile, writeFile } from "node:fs/promises";
import { graphql, printSchema } from "graphql";
import { buildGatewaySchema } from "../src/schema.js";

// Exactly what a router reads from the running subgraph.
const subgraph = await graphql({ schema: await buildGatewaySchema({ federation: true }), source: "{ _service { sdl } }" });
const files = [
  { name: "schema.graphql", printed: `${printSchema(await buildGatewaySchema())}\n` },
  { name: "schema.subgraph.graphql", printed: `${(subgraph.data as { _service: { sdl: string } })._service.sdl.trim()}\n` },
];

if (process.argv.includes("--check")) {
  let stale = false;
  for (const { name, printed } of files) {
    const committed = await readFile(new URL(`../${name}`, import.meta.url), "utf8").catch(() => "");
    if (committed === printed) continue;
    console.error(`${name} is stale: run \`npm run schema\` and commit it.`);
    stale = true;
  }
  if (stale) process.exit(1);
  console.log(`${files.map(({ name }) => name).join(" and ")} are up to date.`);
} else {
  for (const { name, printed } of files) await writeFile(new URL(`../${name}`, import.meta.url), printed);
  console.log(`Wrote ${files.map(({ name }) => name).join(" and ")}.`);
}
