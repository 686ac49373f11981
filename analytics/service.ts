// The KPI query behind GET /api/v1/kpi/<name> and the dashboard: permission, validated filters
// with defaults, a refresh when the mirror is stale, the series from DuckDB, and its freshness.
import { z } from "zod";
import type { Db } from "../core/db/client";
import { requirePermission, type Actor } from "../core/governance/permissions";
import { DomainError, parseInput } from "../core/shared/errors";
import { AnalyticsError } from "./errors";
import { readRefreshState, refreshAnalytics } from "./extract";
import { KPI_DEFINITIONS, KPI_NAMES, type KpiDefinition, type KpiName } from "./kpi-definitions";
import { GRAINS, GROUP_DIMENSIONS, type KpiFilters } from "./kpi-sql";
import { runKpi, type KpiPoint } from "./kpi-query";
import type { AnalyticsStore } from "./store";

/** A request older than this triggers an incremental refresh before answering. */
export const ANALYTICS_STALE_MS = 60_000;
export const RANGE_DAYS_MAX = 3 * 366;
const DEFAULT_RANGE_DAYS = 365;

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD").refine((text) => !Number.isNaN(Date.parse(`${text}T00:00:00Z`)), "a real calendar date");
const Id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const KpiQuery = z.object({
  entity: Id.optional(),
  warehouse: Id.optional(),
  category: Id.optional(),
  customer: Id.optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  grain: z.enum(GRAINS).default("month"),
  groupBy: z.enum(GROUP_DIMENSIONS).optional(),
}).strict();
export type KpiQuery = z.input<typeof KpiQuery>;

export type Freshness = { asOf: string; refreshedAt: string; mode: string };

export type KpiResponse = {
  kpi: KpiName;
  title: string;
  definitionVersion: number;
  formula: string;
  unit: KpiDefinition["unit"];
  measures: readonly string[];
  currency: string;
  filters: KpiFilters;
  freshness: Freshness;
  series: KpiPoint[];
};

export function kpiDefinitionOrThrow(name: string): KpiDefinition {
  if (!(KPI_NAMES as readonly string[]).includes(name)) {
    throw new DomainError(AnalyticsError.KPI_NOT_FOUND, "not_found", `There is no KPI named ${name}; known: ${KPI_NAMES.join(", ")}`, { name });
  }
  return KPI_DEFINITIONS[name as KpiName];
}

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

function invalid(field: string, rule: string, message: string): DomainError {
  return new DomainError("VALIDATION_FAILED", "invalid", `${field}: ${message}`, {}, { issues: [{ field, rule, message }] });
}

/** Validated filters with defaults: the first active entity, the last 365 days to today. */
export async function resolveFilters(db: Db, definition: KpiDefinition, raw: Record<string, string | undefined>): Promise<{ filters: KpiFilters; currency: string }> {
  const query = parseInput(KpiQuery, Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== "")));
  for (const filter of ["warehouse", "category", "customer"] as const) {
    if (query[filter] !== undefined && !definition.filters.includes(filter)) {
      throw new DomainError(AnalyticsError.FILTER_NOT_APPLICABLE, "invalid", `${filter}: ${definition.name} cannot be filtered by ${filter}`, {}, { issues: [{ field: filter, rule: "not_applicable", message: `${definition.name} cannot be filtered by ${filter}` }] });
    }
  }
  if (query.groupBy !== undefined && !definition.groupable) throw invalid("groupBy", "not_applicable", `${definition.name} has no grouping`);
  const entities = await db.$client.unsafe<{ id: string; base_currency: string }[]>(
    "select id::text, base_currency from legal_entity where active order by id limit 100");
  const entity = query.entity === undefined ? entities[0] : entities.find((e) => Number(e.id) === query.entity);
  if (!entity) throw new DomainError(AnalyticsError.ENTITY_NOT_FOUND, "invalid", `entity: ${query.entity ?? "(none)"} is not an active legal entity`, {}, { issues: [{ field: "entity", rule: "exists", message: "not an active legal entity" }] });
  const to = query.to ?? new Date().toISOString().slice(0, 10);
  const from = query.from ?? addDays(to, -DEFAULT_RANGE_DAYS + 1);
  if (from > to) throw invalid("from", "before_to", "must not be after to");
  if (Date.parse(to) - Date.parse(from) > RANGE_DAYS_MAX * 86_400_000) throw invalid("from", "range_max", `the range is at most ${RANGE_DAYS_MAX} days`);
  return {
    currency: entity.base_currency,
    filters: { entityId: Number(entity.id), warehouseId: query.warehouse ?? null, categoryId: query.category ?? null, customerId: query.customer ?? null, from, to, grain: query.grain, groupBy: query.groupBy },
  };
}

/** Refreshes first when the mirror was never filled or is older than ANALYTICS_STALE_MS. */
export async function ensureFresh(db: Db, store: AnalyticsStore, staleMs = ANALYTICS_STALE_MS): Promise<Freshness> {
  let state = await readRefreshState(store);
  if (!state || Date.now() - state.refreshedAt.getTime() > staleMs) {
    await refreshAnalytics(db, store);
    state = await readRefreshState(store);
  }
  if (!state) throw new Error("the analytics store has no refresh state after a refresh");
  return { asOf: state.freshAsOf.toISOString(), refreshedAt: state.refreshedAt.toISOString(), mode: state.mode };
}

export async function queryKpi(db: Db, store: AnalyticsStore, actor: Actor, name: string, raw: Record<string, string | undefined>): Promise<KpiResponse> {
  requirePermission(actor, "analytics:read");
  const definition = kpiDefinitionOrThrow(name);
  const { filters, currency } = await resolveFilters(db, definition, raw);
  const freshness = await ensureFresh(db, store);
  const series = await runKpi({ kind: "duckdb", store }, definition.name, filters);
  return {
    kpi: definition.name, title: definition.title, definitionVersion: definition.version, formula: definition.formula, unit: definition.unit,
    measures: definition.measures, currency, filters, freshness, series,
  };
}
