// node bench/profile-summary.mjs <file.cpuprofile> [top]: where a CPU profile's samples went,
// by package (or the gateway's own module) and by function, self time. The profiles come from
// `PROFILE=1 bench/cpu-per-op.sh …` (bench/.profiles/); "idle" is the event loop waiting.
import { readFileSync } from "node:fs";
const [file, topArg] = process.argv.slice(2);
const top = Number(topArg ?? 40);
const p = JSON.parse(readFileSync(file, "utf8"));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const self = new Map();
for (const s of p.samples) self.set(s, (self.get(s) ?? 0) + 1);
const total = p.samples.length;
const cat = (url, name) => {
  if (name === "(idle)") return "idle";
  if (name === "(garbage collector)") return "gc";
  if (name === "(program)") return "program";
  if (!url) return "native:" + name;
  const m = url.match(/node_modules\/((@[^/]+\/)?[^/]+)/);
  if (m) return m[1];
  if (url.startsWith("node:")) return url.replace(/^node:internal\/deps\/([^/]+).*/, "undici(bundled)").replace(/^node:internal\/(webstreams|streams|http|url|abort|event)?.*/, (s, g) => "node:" + (g ?? "internal"));
  if (url.includes("/dist/")) return "gateway:" + url.split("/dist/")[1];
  if (url.includes("/bench/")) return "bench";
  return url;
};
const cats = new Map(), fns = new Map();
for (const [id, n] of self) {
  const node = byId.get(id); const cf = node.callFrame;
  const c = cat(cf.url, cf.functionName);
  cats.set(c, (cats.get(c) ?? 0) + n);
  const k = `${cf.functionName || "(anon)"} ${cf.url.split("/").slice(-2).join("/")}:${cf.lineNumber}`;
  fns.set(k, (fns.get(k) ?? 0) + n);
}
const pct = (n) => ((100 * n) / total).toFixed(1).padStart(5) + "%";
console.log("samples", total);
console.log("== categories");
for (const [k, v] of [...cats].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(pct(v), k);
console.log("== functions (self)");
for (const [k, v] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(pct(v), k);
