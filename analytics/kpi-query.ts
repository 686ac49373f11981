// Runs a KPI definition on DuckDB (the dashboard's engine) or on PostgreSQL (the same figure
// from the source tables: the agreement test and the benchmark baseline), in one result shape.
import type { Db } from "../core/db/client";
import { assert } from "../core/shared/assert";
import { KPI_DEFINITIONS, type KpiName } from "./kpi-definitions";
import { assertRenderable, type KpiFilters, type QuerySource } from "./kpi-sql";
import { ANALYTICS_ROWS_MAX, ANALYTICS_TIMEOUT_MS, duckQuery, type AnalyticsStore } from "./store";

export type KpiPoint = {
  /** First day of the bucket (ISO date). */
  period: string;
  /** The breakdown (status, supplier, customer, ...); "" when the KPI has none. */
  group: string;
  values: Record<string, number | null>;
};

/**
 * DuckDB reads the fact cubes (`source: "facts"`, the default) or, like PostgreSQL, the
 * mirrored source tables (`"sources"`: the fallback when the cubes lack a filter combination).
 */
export type KpiEngine = { kind: "duckdb"; store: AnalyticsStore; source?: QuerySource } | { kind: "postgres"; db: Db };

export function kpiSql(name: KpiName, filters: KpiFilters, source: QuerySource = "sources"): string {
  assertRenderable(filters);
  const definition = KPI_DEFINITIONS[name];
  assert(definition !== undefined, `a known KPI: ${name}`);
  return (source === "facts" ? definition.factSql(filters) : null) ?? definition.sql(filters);
}

/** The KPI's series, sorted by period then group. */
export async function runKpi(engine: KpiEngine, name: KpiName, filters: KpiFilters, timeoutMs = ANALYTICS_TIMEOUT_MS): Promise<KpiPoint[]> {
  const text = kpiSql(name, filters, engine.kind === "duckdb" ? engine.source ?? "facts" : "sources");
  const rows = engine.kind === "duckdb" ? await duckQuery(engine.store, text, timeoutMs) : await postgresQuery(engine.db, text, timeoutMs);
  return toPoints(name, rows);
}

async function postgresQuery(db: Db, text: string, timeoutMs: number): Promise<Record<string, unknown>[]> {
  return db.$client.begin("isolation level repeatable read read only", async (sql) => {
    await sql.unsafe(`set local statement_timeout = ${Math.round(timeoutMs)}`);
    const rows = await sql.unsafe(text);
    assert(rows.length <= ANALYTICS_ROWS_MAX, "a KPI query returns a bounded number of rows");
    return [...rows] as Record<string, unknown>[];
  }) as Promise<Record<string, unknown>[]>;
}

function toNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const number = typeof value === "number" ? value : Number(value);
  assert(!Number.isNaN(number), `a KPI measure is numeric: ${String(value)}`);
  return number;
}

function toPoints(name: KpiName, rows: Record<string, unknown>[]): KpiPoint[] {
  const measures = KPI_DEFINITIONS[name].measures;
  const points = rows.map((row) => ({
    period: String(row.period),
    group: row.grp === null || row.grp === undefined ? "" : String(row.grp),
    values: Object.fromEntries(measures.map((m) => [m, toNumber(row[m])])),
  }));
  return points.sort((a, b) => (a.period === b.period ? (a.group < b.group ? -1 : a.group > b.group ? 1 : 0) : a.period < b.period ? -1 : 1));
}
