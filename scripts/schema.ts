/**
 * `npm run schema` writes schema.graphql from the code; `npm run schema:check` fails when the
 * committed file differs (CI runs it, and a test asserts the same).
 */
import { readFile, writeFile } from "node:fs/promises";
import { printSchema } from "graphql";
import { buildGatewaySchema } from "../src/schema.js";

const file = new URL("../schema.graphql", import.meta.url);
const printed = `${printSchema(await buildGatewaySchema())}\n`;

if (process.argv.includes("--check")) {
  const committed = await readFile(file, "utf8").catch(() => "");
  if (committed !== printed) {
    console.error("schema.graphql is stale: run `npm run schema` and commit it.");
    process.exit(1);
  }
  console.log("schema.graphql is up to date.");
} else {
  await writeFile(file, printed);
  console.log("Wrote schema.graphql.");
}
