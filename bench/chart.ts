import { type BenchQuery, type ServerName, targetFor } from "./queries.js";
import type { Row } from "./results.js";
import { RPS_TARGETS } from "./targets.js";

/**
 * The servers drawn as bars, each where it runs the query (gateway-redis: Q4k only, gateway-otel: Q1 only); the
 * stand-in's own rate is context, written in each group's heading.
 */
const BARS = ["bare", "plain", "gateway", "gateway-redis", "gateway-list", "gateway-list-cache", "gateway-otel"] as const satisfies readonly ServerName[];
const COLOURS: Record<(typeof BARS)[number], string> = {
  bare: "#4e79a7",
  plain: "#f28e2b",
  gateway: "#59a14f",
  "gateway-redis": "#b07aa1",
  "gateway-list": "#76b7b2",
  "gateway-list-cache": "#9c755f",
  "gateway-otel": "#edc948",
};
const WIDTH = 920;
const LABEL_X = 16;
const BAR_X = 150; // room for "gateway-list-cache"
const BAR_MAX = 404;
const BAR_HEIGHT = 18;
const ROW_GAP = 5;

/**
 * Requests/s as grouped horizontal bars: one group per query, one bar per server, labelled with
 * the value, the p99 and, on the gateway's bar, its ratios to plain and bare. Bars are scaled per
 * query (Q0 runs many times faster than Q3, so one scale would flatten the rest). Where the
 * gateway misses its throughput target, a dashed box runs from its bar to the target.
 * Hand-written SVG, no dependencies.
 */
export function renderChart(rows: readonly Row[], queries: readonly BenchQuery[], subtitle: string): string {
  const parts: string[] = [];
  let y = 66;
  for (const query of queries) {
    const find = (server: ServerName) => rows.find((row) => row.server === server && row.query === query.name);
    const [bare, plain, gateway, upstream] = [find("bare"), find("plain"), find("gateway"), find("upstream")];
    const target = targetRps(query.name, plain);
    const bars = BARS.filter((server) => targetFor(server, query));
    const scale = Math.max(target ?? 0, ...bars.map((server) => find(server)?.rps ?? 0));
    const x = (rps: number) => BAR_X + (scale > 0 ? (rps / scale) * BAR_MAX : 0);

    parts.push(text(LABEL_X, y + 12, `${query.name}  ${query.title}`, 'font-weight="bold"'));
    // After the heading, however long it is (bold 12 px text: about 7.5 px a character).
    const headingEnd = Math.max(330, Math.ceil(`${query.name}  ${query.title}`.length * 7.5) + 16);
    parts.push(text(LABEL_X + headingEnd, y + 12, upstream ? `the stand-in alone: ${format(upstream.rps)} req/s` : "", 'fill="#777"'));
    y += 20;
    for (const server of bars) {
      const row = find(server);
      parts.push(text(LABEL_X, y + 13, server, `fill="${COLOURS[server]}" font-weight="bold"`));
      if (!row) {
        parts.push(text(BAR_X, y + 13, "n/a", 'fill="#888"'));
        y += BAR_HEIGHT + ROW_GAP;
        continue;
      }
      const end = Math.max(BAR_X + 1, x(row.rps));
      parts.push(`<rect x="${BAR_X}" y="${y}" width="${(end - BAR_X).toFixed(1)}" height="${BAR_HEIGHT}" fill="${COLOURS[server]}" rx="2"/>`);
      let labelX = end + 6;
      let label = `${format(row.rps)} req/s · p99 ${row.p99_ms} ms${row.errors ? ` · ${row.errors} errors` : ""}`;
      if (server === "gateway") {
        const ratios = [plain && `${(row.rps / plain.rps).toFixed(2)}× plain`, bare && `${(row.rps / bare.rps).toFixed(2)}× bare`].filter(Boolean);
        if (ratios.length > 0) label += ` · ${ratios.join(", ")}`;
        if (target !== undefined && target > row.rps) {
          parts.push(`<rect x="${end.toFixed(1)}" y="${y + 0.5}" width="${(x(target) - end).toFixed(1)}" height="${BAR_HEIGHT - 1}" fill="none" stroke="#000" stroke-dasharray="3 2"/>`);
          labelX = x(target) + 6;
        }
        if (target !== undefined) label += ` · target ${format(Math.round(target))}`;
      }
      if (server === "gateway-redis" && gateway) label += ` · ${(row.rps / gateway.rps).toFixed(2)}× gateway (memory store)`;
      if (server === "gateway-otel" && gateway) label += ` · ${(row.rps / gateway.rps).toFixed(2)}× gateway (traces off)`;
      const uncached = find("gateway-list");
      if (server === "gateway-list-cache" && uncached) label += ` · ${(row.rps / uncached.rps).toFixed(2)}× cache off`;
      parts.push(text(labelX, y + 13, label));
      y += BAR_HEIGHT + ROW_GAP;
    }
    y += 14;
  }
  // The servers drawn, each item as wide as its name (12 px text: about 7 px a character).
  const legend: string[] = [];
  let legendX = LABEL_X;
  for (const server of BARS.filter((name) => queries.some((query) => targetFor(name, query)))) {
    legend.push(`<rect x="${legendX}" y="${y}" width="12" height="12" fill="${COLOURS[server]}"/>${text(legendX + 16, y + 11, server)}`);
    legendX += 16 + server.length * 7 + 18;
  }
  legend.push(`<rect x="${legendX}" y="${y}" width="24" height="12" fill="none" stroke="#000" stroke-dasharray="3 2"/>${text(legendX + 30, y + 11, "how far the gateway is from its target")}`);
  const height = y + 30;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    text(LABEL_X, 24, "Requests per second, median of the rounds (longer is better; bars scaled per query)", 'font-size="15" font-weight="bold"'),
    text(LABEL_X, 44, subtitle, 'fill="#555"'),
    ...parts,
    ...legend,
    "</svg>",
    "",
  ].join("\n");
}

/** The gateway's throughput target for a query (its minimum against plain, not the aim). */
function targetRps(query: string, plain: Row | undefined): number | undefined {
  const goal = RPS_TARGETS[query];
  return goal && plain ? goal.plain * plain.rps : undefined;
}

const format = (value: number) => value.toLocaleString("en-US");

function text(x: number, y: number, content: string, attributes = ""): string {
  const escaped = content.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return `<text x="${x}" y="${y}" ${attributes}>${escaped}</text>`;
}
