import type { Row } from "./results.js";

/** One of the issue's targets, judged on this run's numbers. */
export interface TargetCheck {
  target: string;
  measured: string;
  /** `null` when a number it needs was not measured. */
  pass: boolean | null;
}

/**
 * The throughput targets on published dependencies (issue 18): gateway requests/s at least
 * `plain` times plain's (the bar the target checks), and `aim` times, what the issue hopes for
 * (shown, not judged).
 */
export const RPS_TARGETS: { readonly [query: string]: { plain: number; aim?: number } } = {
  Q0: { plain: 0.8 },
  Q1: { plain: 1.1, aim: 1.2 },
  Q2: { plain: 1.7 },
  Q3: { plain: 1.0, aim: 1.2 },
};

/** Gateway p99 at most this many times plain's on these queries. */
const P99_TARGET = { queries: ["Q1", "Q3"], plain: 1.1 };

/**
 * The gateway's targets (default settings, every protection on, on the Node production runs).
 * This run reports them with pass or fail; it does not fail on them.
 */
export function checkTargets(rows: readonly Row[]): TargetCheck[] {
  const row = (server: string, query: string) => rows.find((r) => r.server === server && r.query === query);

  const checks: TargetCheck[] = Object.entries(RPS_TARGETS).map(([query, { plain: minimum, aim }]) => {
    // From the rows, not the rounded ratios: 0.996× must not pass as 1.00×.
    const gateway = row("gateway", query);
    const plain = row("plain", query);
    const value = gateway && plain && plain.rps > 0 ? gateway.rps / plain.rps : undefined;
    return {
      target: `${query}: gateway ≥ ${minimum.toFixed(2)}× plain (requests/s${aim === undefined ? "" : `; aim ${aim.toFixed(2)}×`})`,
      measured: value == null ? "n/a" : `${value.toFixed(2)}×`,
      pass: value == null ? null : value >= minimum,
    };
  });

  for (const query of P99_TARGET.queries) {
    const gateway = row("gateway", query);
    const plain = row("plain", query);
    checks.push({
      target: `${query}: gateway p99 ≤ ${P99_TARGET.plain.toFixed(1)}× plain p99 at the same connections`,
      measured: gateway && plain ? `${gateway.p99_ms} ms vs ${plain.p99_ms} ms (${(gateway.p99_ms / plain.p99_ms).toFixed(2)}×)` : "n/a",
      pass: gateway && plain ? gateway.p99_ms <= P99_TARGET.plain * plain.p99_ms : null,
    });
  }

  // Over the queries both ran: Q4k (gateway only) fills an idempotency store plain does not have.
  const sharedQueries = new Set(rows.filter((r) => r.server === "plain").map((r) => r.query));
  const peak = (server: string) => Math.max(...rows.filter((r) => r.server === server && sharedQueries.has(r.query)).map((r) => r.rss_mb));
  const gatewayRss = peak("gateway");
  const plainRss = peak("plain");
  const measuredRss = Number.isFinite(gatewayRss) && Number.isFinite(plainRss);
  checks.push({
    target: "peak RSS: gateway ≤ 1.2× plain (queries both ran)",
    measured: measuredRss ? `${gatewayRss} MB vs ${plainRss} MB (${(gatewayRss / plainRss).toFixed(2)}×)` : "n/a",
    pass: measuredRss ? gatewayRss <= 1.2 * plainRss : null,
  });

  const errors = rows.filter((r) => r.server === "gateway").reduce((total, r) => total + r.errors, 0);
  checks.push({ target: "zero errors (gateway, every query)", measured: `${errors}`, pass: errors === 0 });

  const q3 = row("gateway", "Q3");
  checks.push({
    target: "Q3: exactly 5 upstream calls per operation",
    measured: q3 ? `${q3.upstream_calls_per_op}` : "n/a",
    pass: q3 ? q3.upstream_calls_per_op === 5 : null,
  });
  return checks;
}
