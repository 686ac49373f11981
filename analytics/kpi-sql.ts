// Building blocks of the KPI queries. Each KPI is ONE query text that runs unchanged on DuckDB
// (the mirror) and on PostgreSQL (the source tables): only portable SQL here. Filter values are
// inlined as literals after validation (integers, ISO dates, a grain from a fixed list), which
// keeps one text for two drivers with different parameter typing.
import { assert } from "../core/shared/assert";

export const GRAINS = ["day", "week", "month"] as const;
export type Grain = (typeof GRAINS)[number];

export type KpiFilters = {
  entityId: number;
  warehouseId: number | null;
  categoryId: number | null;
  customerId: number | null;
  /** Inclusive ISO dates. */
  from: string;
  to: string;
  grain: Grain;
  /** Only for KPIs grouped by a dimension (gross margin). */
  groupBy?: GroupDimension;
};

export const GROUP_DIMENSIONS = ["entity", "customer", "item", "category", "warehouse"] as const;
export type GroupDimension = (typeof GROUP_DIMENSIONS)[number];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Checks every value that will be inlined; a failure here is a programmer error (zod ran first). */
export function assertRenderable(f: KpiFilters): void {
  assert(Number.isSafeInteger(f.entityId) && f.entityId > 0, "entityId is a positive integer");
  for (const value of [f.warehouseId, f.categoryId, f.customerId]) assert(value === null || (Number.isSafeInteger(value) && value > 0), "ids are positive integers");
  assert(ISO_DATE.test(f.from) && ISO_DATE.test(f.to), "dates are ISO");
  assert(f.from <= f.to, "from <= to");
  assert((GRAINS as readonly string[]).includes(f.grain), "a known grain");
  assert(f.groupBy === undefined || (GROUP_DIMENSIONS as readonly string[]).includes(f.groupBy), "a known group dimension");
}

export const dateLiteral = (iso: string): string => `cast('${iso}' as date)`;

/** The first day of the grain's bucket (ISO weeks start on Monday in both engines). */
export const bucket = (f: KpiFilters, expression: string): string => `cast(date_trunc('${f.grain}', ${expression}) as date)`;

export const between = (f: KpiFilters, expression: string): string => `${expression} between ${dateLiteral(f.from)} and ${dateLiteral(f.to)}`;

export const toDouble = (expression: string): string => `cast(${expression} as double precision)`;

/** a / b as a double, null when b is zero. */
export const ratio = (a: string, b: string): string => `${toDouble(a)} / nullif(${toDouble(b)}, 0)`;

/** Optional filters on a row that carries the column; absent filters add nothing. */
export function warehouseFilter(f: KpiFilters, column: string): string {
  return f.warehouseId === null ? "" : ` and ${column} = ${f.warehouseId}`;
}

export function categoryFilter(f: KpiFilters, itemColumn: string): string {
  return f.categoryId === null ? "" : ` and ${itemColumn} in (select id from item where category_id = ${f.categoryId})`;
}

export function customerFilter(f: KpiFilters, column: string): string {
  return f.customerId === null ? "" : ` and ${column} = ${f.customerId}`;
}

/** Accounts the entity's account rules map to any of the posting roles. */
export function roleAccounts(f: KpiFilters, roles: readonly string[]): string {
  return `(select account_id from account_rule where entity_id = ${f.entityId} and role in (${roles.map((r) => `'${r}'`).join(", ")}))`;
}

/** Every day of the range, one row each. */
export function daysCte(f: KpiFilters): string {
  return `days as (select cast(d as date) as day from generate_series(cast('${f.from}' as timestamp), cast('${f.to}' as timestamp), interval '1 day') as g(d))`;
}

/**
 * Exchange rates into the entity's base currency with their validity (a rate holds until the next
 * one). `fx_factor(o)` is 1 for the base currency.
 */
export function fxCte(f: KpiFilters): string {
  return `fx as (select from_currency, rate_date, lead(rate_date) over (partition by from_currency order by rate_date) as next_date, rate_ppm
    from exchange_rate where to_currency = (select base_currency from legal_entity where id = ${f.entityId}))`;
}

/** Joins fx for a document dated `dateColumn` in `currencyColumn`. */
export function fxJoin(currencyColumn: string, dateColumn: string): string {
  return `left join fx on fx.from_currency = ${currencyColumn} and ${dateColumn} >= fx.rate_date and (fx.next_date is null or ${dateColumn} < fx.next_date)`;
}

/** Base-currency units per document unit (1 in the base currency; null when no rate is known). */
export function fxFactor(f: KpiFilters, currencyColumn: string): string {
  return `(case when ${currencyColumn} = (select base_currency from legal_entity where id = ${f.entityId}) then 1.0 else ${toDouble("fx.rate_ppm")} / 1000000.0 end)`;
}

/** Where a KPI query reads: the source tables (PostgreSQL, or the DuckDB mirror) or the DuckDB fact cubes. */
export type QuerySource = "sources" | "facts";

/**
 * Journal lines of the entity with their posting date, narrowed by the warehouse and category
 * filters (lines carry item_id and warehouse_id from the posting engine). On the facts: the same
 * amounts pre-summed per posting date and account (kc_ledger).
 */
export function journalCte(f: KpiFilters, accounts: string, source: QuerySource = "sources"): string {
  if (source === "facts") {
    return `jl as (select account_id, debit_minor, credit_minor, posting_date from kc_ledger
    where ${ledgerCubeWhere(f)} and posting_date <= ${dateLiteral(f.to)} and account_id in ${accounts})`;
  }
  return `jl as (select l.account_id, l.debit_minor, l.credit_minor, l.item_id, l.warehouse_id, l.customer_id, e.posting_date
    from journal_line l join journal_entry e on e.id = l.entry_id
    where l.entity_id = ${f.entityId} and e.posting_date <= ${dateLiteral(f.to)} and l.account_id in ${accounts}${warehouseFilter(f, "l.warehouse_id")}${categoryFilter(f, "l.item_id")})`;
}

/** Daily closing balances (debit - credit) of the accounts in `accountSet`, from the first day of the range. */
export function dailyBalanceCtes(f: KpiFilters, name: string, accountSet: string): string {
  return `${name}_open as (select coalesce(sum(debit_minor - credit_minor), 0) as v from jl where account_id in ${accountSet} and posting_date < ${dateLiteral(f.from)}),
  ${name}_daily as (select posting_date as day, sum(debit_minor - credit_minor) as v from jl where account_id in ${accountSet} and ${between(f, "posting_date")} group by posting_date),
  ${name}_balance as (select days.day, ${toDouble(`${name}_open.v`)} + ${toDouble(`sum(coalesce(${name}_daily.v, 0)) over (order by days.day rows between unbounded preceding and current row)`)} as closing
    from days cross join ${name}_open left join ${name}_daily on ${name}_daily.day = days.day)`;
}

/** Net amount (debit - credit) per bucket of the accounts in `accountSet` within the range. */
export function flowCte(f: KpiFilters, name: string, accountSet: string): string {
  return `${name} as (select ${bucket(f, "posting_date")} as period, sum(debit_minor - credit_minor) as v from jl
    where account_id in ${accountSet} and ${between(f, "posting_date")} group by 1)`;
}

/**
 * The fact cubes (analytics/facts.ts, DuckDB only) hold every combination of the optional filters;
 * `gset` is DuckDB's grouping() of these columns: a bit is set when the column was summed over.
 */
export const GROUPING_BITS = {
  line: "grouping(warehouse_id, category_id, customer_id)",
  ledger: "grouping(warehouse_id, category_id)",
  margin: "grouping(warehouse_id, category_id, customer_id, item_id)",
} as const;

/**
 * Conditions picking a line cube's rows for the filters: entity, the filters' combination and their
 * values; null when more than one filter is set (not precomputed: the caller runs the source query).
 */
export function lineCubeWhere(f: KpiFilters): string | null {
  if ([f.warehouseId, f.categoryId, f.customerId].filter((id) => id !== null).length > 1) return null;
  const mask = (f.warehouseId === null ? 4 : 0) | (f.categoryId === null ? 2 : 0) | (f.customerId === null ? 1 : 0);
  return `entity_id = ${f.entityId} and gset = ${mask}${warehouseFilter(f, "warehouse_id")}${f.categoryId === null ? "" : ` and category_id = ${f.categoryId}`}${customerFilter(f, "customer_id")}`;
}

/** The ledger dimensions a query keeps: its filters, and the dimension gross margin groups by. */
export type LedgerKeep = { warehouse: boolean; category: boolean; customer: boolean; item: boolean };

/** The entity, warehouse and category filters on rows that carry those columns themselves (fact rows, cube rows). */
export function ledgerDimensionsWhere(f: KpiFilters): string {
  return `entity_id = ${f.entityId}${warehouseFilter(f, "warehouse_id")}${f.categoryId === null ? "" : ` and category_id = ${f.categoryId}`}`;
}

/** Conditions picking the ledger cube's rows (kc_ledger: every warehouse and category combination). */
export function ledgerCubeWhere(f: KpiFilters): string {
  const mask = (f.warehouseId === null ? 2 : 0) | (f.categoryId === null ? 1 : 0);
  return `${ledgerDimensionsWhere(f)} and gset = ${mask}`;
}

/** The margin cube's combinations (analytics/facts.ts MARGIN_SETS), as kept-dimension keys "w c k i". */
const MARGIN_COMBINATIONS = ["", "w", "c", "k", "i", "w c", "w k"];

/**
 * Conditions picking the margin cube's rows (kc_margin), or null when that combination is not
 * precomputed: the caller then runs the source query on the mirror. With item kept, a category
 * filter goes through the item's category (the cube keeps item alone).
 */
export function marginCubeWhere(f: KpiFilters, keep: LedgerKeep): string | null {
  const category = keep.category && !keep.item;
  const key = [keep.warehouse && "w", category && "c", keep.customer && "k", keep.item && "i"].filter(Boolean).join(" ");
  if (!MARGIN_COMBINATIONS.includes(key)) return null;
  const mask = (keep.warehouse ? 0 : 8) | (category ? 0 : 4) | (keep.customer ? 0 : 2) | (keep.item ? 0 : 1);
  const categoryCondition = f.categoryId === null ? "" : category ? ` and category_id = ${f.categoryId}` : categoryFilter(f, "item_id");
  return `entity_id = ${f.entityId} and gset = ${mask}${warehouseFilter(f, "warehouse_id")}${categoryCondition}${customerFilter(f, "customer_id")}`;
}

/**
 * A group of receipt lines' lead-time figures, from their variances in days (`days`): the count,
 * the sum of days (mean = day_sum / total), the late count (days > 0) and the continuous 90th
 * percentile (interpolated between neighbours, as PostgreSQL's percentile_cont). The refresh's
 * per-bucket tables and a query's partial buckets both use it, so they cannot differ.
 */
export const LEAD_TIME_MEASURES = `count(*) as total, sum(days) as day_sum, count(*) filter (where days > 0) as late, quantile_cont(days, 0.9) as p90_days`;

/** The refresh's lead-time figures per bucket of a grain (analytics/facts.ts). */
export const receiptStatsTable = (grain: Grain): string => `kc_receipt_${grain}`;

const DAY_MS = 86_400_000;
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const msOf = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);

/** The first day of the grain's bucket holding `iso` (weeks start on Monday, like date_trunc). */
export function bucketStart(iso: string, grain: Grain): string {
  if (grain === "day") return iso;
  if (grain === "month") return `${iso.slice(0, 8)}01`;
  const ms = msOf(iso);
  return isoDay(ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY_MS);
}

/** The first day of the bucket after the one holding `iso`. */
export function nextBucketStart(iso: string, grain: Grain): string {
  const start = bucketStart(iso, grain);
  if (grain === "day") return isoDay(msOf(start) + DAY_MS);
  if (grain === "week") return isoDay(msOf(start) + 7 * DAY_MS);
  const [year, month] = [Number(start.slice(0, 4)), Number(start.slice(5, 7))];
  return isoDay(Date.UTC(year, month, 1));
}

/**
 * The range split at bucket boundaries: the buckets lying wholly inside [from, to] (`full`: the
 * first and last bucket starts, or null when none) and the days at either end outside them
 * (`edges`: inclusive day ranges).
 */
export function splitRange(f: KpiFilters): { full: { first: string; last: string } | null; edges: [string, string][] } {
  const first = bucketStart(f.from, f.grain) === f.from ? f.from : nextBucketStart(f.from, f.grain);
  const afterTo = isoDay(msOf(f.to) + DAY_MS);
  const endExclusive = bucketStart(afterTo, f.grain) === afterTo ? afterTo : bucketStart(f.to, f.grain);
  if (first >= endExclusive) return { full: null, edges: [[f.from, f.to]] };
  const lastEnd = isoDay(msOf(endExclusive) - DAY_MS);
  const edges: [string, string][] = [];
  if (first > f.from) edges.push([f.from, isoDay(msOf(first) - DAY_MS)]);
  if (lastEnd < f.to) edges.push([endExclusive, f.to]);
  return { full: { first, last: bucketStart(lastEnd, f.grain) }, edges };
}
