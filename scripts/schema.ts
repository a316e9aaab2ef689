/**
 * `npm run schema` writes schema.graphql (the plain schema) and schema.subgraph.graphql (the
 * Federation 2 subgraph SDL, what `rover subgraph publish` takes) from the code;
 * `npm run schema:check` fails when a committed file differs (CI runs it, and a test asserts the same).
 */
import { readFile, writeFile } from "node:fs/promises";
import { printSubgraphSchema } from "@apollo/subgraph";
import { printSchema } from "graphql";
import { buildGatewaySchema } from "../src/schema.js";

const files = [
  { name: "schema.graphql", printed: `${printSchema(await buildGatewaySchema())}\n` },
  { name: "schema.subgraph.graphql", printed: `${printSubgraphSchema(await buildGatewaySchema({ federation: true }))}\n` },
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
