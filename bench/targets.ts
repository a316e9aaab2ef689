import type { Row } from "./results.js";

/** One of the targets, judged on this run's numbers. */
export interface TargetCheck {
  target: string;
  measured: string;
  /** `null` when a number it needs was not measured. */
  pass: boolean | null;
}

/** The throughput targets: gateway requests/s at least this many times plain's and bare's. */
export const RPS_TARGETS: { readonly [query: string]: { plain: number; bare?: number } } = {
  Q0: { plain: 1.5 },
  Q1: { plain: 1.25, bare: 0.8 },
  Q2: { plain: 1.5, bare: 0.6 },
};

/**
 * The targets for the gateway. They are goals for later work: this run reports them,
 * it does not fail on them.
 */
export function checkTargets(rows: readonly Row[]): TargetCheck[] {
  const row = (server: string, query: string) => rows.find((r) => r.server === server && r.query === query);
  const atLeast = (query: string, over: "plain" | "bare", minimum: number): TargetCheck => {
    // From the rows, not the rounded ratios: 1.246× must not pass as 1.25×.
    const gateway = row("gateway", query);
    const other = row(over, query);
    const value = gateway && other && other.rps > 0 ? gateway.rps / other.rps : undefined;
    return {
      target: `${query}: gateway ≥ ${minimum.toFixed(2)}× ${over} (requests/s)`,
      measured: value == null ? "n/a" : `${value.toFixed(2)}×`,
      pass: value == null ? null : value >= minimum,
    };
  };

  const q3 = row("gateway", "Q3");
  const checks: TargetCheck[] = Object.entries(RPS_TARGETS).flatMap(([query, { plain, bare }]) =>
    bare === undefined ? [atLeast(query, "plain", plain)] : [atLeast(query, "plain", plain), atLeast(query, "bare", bare)],
  );
  checks.push({
    target: "Q3: exactly 5 upstream calls per operation",
    measured: q3 ? `${q3.upstream_calls_per_op}` : "n/a",
    pass: q3 ? q3.upstream_calls_per_op === 5 : null,
  });

  for (const gateway of rows.filter((r) => r.server === "gateway")) {
    const plain = row("plain", gateway.query);
    checks.push({
      target: `${gateway.query}: gateway p99 ≤ plain p99 at the same connections`,
      measured: plain ? `${gateway.p99_ms} ms vs ${plain.p99_ms} ms` : "n/a",
      pass: plain ? gateway.p99_ms <= plain.p99_ms : null,
    });
  }

  const peak = (server: string) => Math.max(...rows.filter((r) => r.server === server).map((r) => r.rss_mb));
  const gatewayRss = peak("gateway");
  const plainRss = peak("plain");
  checks.push({
    target: "peak RSS: gateway ≤ 1.2× plain",
    measured: `${gatewayRss} MB vs ${plainRss} MB (${(gatewayRss / plainRss).toFixed(2)}×)`,
    pass: Number.isFinite(gatewayRss) && Number.isFinite(plainRss) ? gatewayRss <= 1.2 * plainRss : null,
  });

  const errors = rows.filter((r) => r.server === "gateway").reduce((total, r) => total + r.errors, 0);
  checks.push({ target: "zero errors (gateway, every query)", measured: `${errors}`, pass: errors === 0 });
  return checks;
}
