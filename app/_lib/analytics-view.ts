// Pure helpers of the executive dashboard: one headline number per bucket of a KPI series (the
// series may carry groups), and formatting by unit.
import type { KpiName } from "../../analytics/kpi-definitions";
import type { KpiPoint } from "../../analytics/kpi-query";

export type Headline = { period: string; value: number | null };

/** KPIs whose buckets add up across groups (money and counts). */
const SUMMED: Partial<Record<KpiName, string>> = { order_status_counts: "orders", order_backlog: "value", backorder_exposure: "value" };

const HEADLINE_MEASURE: Record<KpiName, string> = {
  order_status_counts: "orders", order_backlog: "value", fill_rate: "line_fill_rate", otif: "otif_rate", inventory_turns: "turns",
  backorder_exposure: "value", lead_time_variance: "mean_days", gross_margin: "margin_pct", gmroi: "gmroi",
  working_capital: "cash_conversion_cycle", close_cycle_time: "days",
};

export function headlineMeasure(name: KpiName): string {
  return HEADLINE_MEASURE[name];
}

function byPeriod(series: KpiPoint[]): Map<string, KpiPoint[]> {
  const periods = new Map<string, KpiPoint[]>();
  for (const point of series) periods.set(point.period, [...(periods.get(point.period) ?? []), point]);
  return periods;
}

const sum = (points: KpiPoint[], measure: string) => points.reduce((total, p) => total + (p.values[measure] ?? 0), 0);

/** One number per bucket: summed, revenue-weighted (margin %), receipt-weighted (lead time), averaged (close) or the single value. */
export function headlineSeries(name: KpiName, series: KpiPoint[]): Headline[] {
  const summed = SUMMED[name];
  return [...byPeriod(series)].map(([period, points]) => {
    if (summed) return { period, value: sum(points, summed) };
    if (name === "gross_margin") return { period, value: sum(points, "revenue") === 0 ? null : sum(points, "margin") / sum(points, "revenue") };
    if (name === "lead_time_variance") {
      const lines = sum(points, "receipt_lines");
      return { period, value: lines === 0 ? null : points.reduce((t, p) => t + (p.values.mean_days ?? 0) * (p.values.receipt_lines ?? 0), 0) / lines };
    }
    if (name === "close_cycle_time") return { period, value: sum(points, "days") / points.length };
    return { period, value: points[0]?.values[HEADLINE_MEASURE[name]] ?? null };
  });
}

export function formatKpiValue(unit: string, value: number | null | undefined, currency: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  if (unit === "ratio") return `${(value * 100).toFixed(1)}%`;
  if (unit === "money") return `${(value / 100).toLocaleString("en-US", { maximumFractionDigits: 0 })} ${currency}`;
  if (unit === "count") return value.toLocaleString("en-US", { maximumFractionDigits: 0 });
  if (unit === "days") return `${value.toFixed(1)} d`;
  return value.toFixed(2);
}

/** Display unit of the headline measure (gross margin's headline is a percentage). */
export function headlineUnit(name: KpiName, unit: string): string {
  return name === "gross_margin" ? "ratio" : unit;
}
