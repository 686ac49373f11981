// Shared pieces of the /api/v1/kpi routes and the dashboard: the query string as a record, CSV
// text for a series or a drill-down, and the process's analytics store.
import { getDb } from "../../core/db/client";
import { getAnalyticsStore } from "../../analytics/store";
import type { KpiPoint } from "../../analytics/kpi-query";

/** The query string as a record, without the parameters the route itself reads (`excluded`); zod names any unknown one. */
export function searchRecord(url: URL, excluded: readonly string[]): Record<string, string | undefined> {
  const record: Record<string, string | undefined> = {};
  for (const [key, value] of url.searchParams) if (!excluded.includes(key)) record[key] = value;
  return record;
}

export async function analyticsContext() {
  return { db: getDb(), store: await getAnalyticsStore() };
}

function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function seriesCsv(measures: readonly string[], series: KpiPoint[]): string {
  const header = ["period", "group", ...measures].join(",");
  return [header, ...series.map((p) => [p.period, p.group, ...measures.map((m) => p.values[m])].map(csvField).join(","))].join("\n") + "\n";
}

export function rowsCsv(columns: string[], rows: Record<string, string | null>[]): string {
  return [columns.join(","), ...rows.map((r) => columns.map((c) => csvField(r[c])).join(","))].join("\n") + "\n";
}

export function csvResponse(text: string, filename: string): Response {
  return new Response(text, { status: 200, headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"` } });
}
