// Per-day KPI fact tables inside DuckDB, built at refresh time in the same DuckDB transaction as
// the mirror load, so the dashboard aggregates a few hundred pre-summed rows per KPI instead of
// joining millions of mirrored rows. The KPI queries over these tables sit next to each formula in
// kpi-definitions.ts; PostgreSQL keeps computing the same figures from the source tables.
//
// Cubes (kc_*) are keyed by entity, day and every combination of the optional filters: the DuckDB
// `grouping()` mask in column `gset` says which of warehouse / category / customer (and item, for
// the ledger) were summed over, so a query picks the rows of its filter combination. Incremental
// refreshes recompute only the affected orders (kf_line), receipt lines (kf_receipt) and days (cubes).
import { assert } from "../core/shared/assert";
import { backlogStatusSql, COGS_ROLES, REVENUE_ROLES } from "./kpi-definitions";
import { dateLiteral, GRAINS, GROUPING_BITS, LEAD_TIME_MEASURES, nextBucketStart, receiptStatsTable, type Grain } from "./kpi-sql";

type Run = (sqlText: string) => Promise<unknown>;
/** Runs a query and returns its rows (the fact update asks how many rows a temp table holds). */
type Query = (sqlText: string) => Promise<Record<string, unknown>[]>;

export type FactsRefresh = "rebuilt" | "updated";

/** Bump when a fact table's shape or meaning changes: the next refresh rebuilds every fact from the mirror. */
export const FACTS_VERSION = 6;
export const FACTS_VERSION_TABLE = "analytics_facts_version";

/** Fact tables of earlier FACTS_VERSIONs, dropped by the rebuild a version change causes (6: the receipt histogram). */
const RETIRED_FACT_TABLES = ["kc_receipt"];

/** Dimension tables whose change re-keys facts (item category, base currency, rates, account roles): any delta rebuilds all facts. */
const REBUILD_ON_CHANGE = ["item", "legal_entity", "exchange_rate", "account_rule"];

const OPEN_ORDER = "('entered', 'credit_hold', 'released', 'partially_shipped')";

// Stored sums are cast to BIGINT / DECIMAL(18,4): DuckDB widens sum() to HUGEINT / DECIMAL(38,_),
// and reading a bit-packed HUGEINT column cost about 10 ms per column at 10 million lines.

/**
 * The filter combinations precomputed (see lineCubeWhere and ledgerCubeWhere in kpi-sql.ts): none
 * or one filter; the ledger also item (gross margin by item) and warehouse with category or customer.
 * Larger combinations multiply the rows (customer x category x day) and fall back to the source query.
 */
const LINE_SETS = ["()", "(warehouse_id)", "(category_id)", "(customer_id)"];
/** Balances and flows (inventory turns, GMROI, working capital): filtered by warehouse and category only. */
const LEDGER_SETS = ["()", "(warehouse_id)", "(category_id)", "(warehouse_id, category_id)"];
/** Gross margin: also grouped by customer or item. */
const MARGIN_SETS = [...LINE_SETS, "(item_id)", "(warehouse_id, category_id)", "(warehouse_id, customer_id)"];

function groupingSets(keys: string, sets: readonly string[]): string {
  return `grouping sets (${sets.map((set) => (set === "()" ? `(${keys})` : `(${keys}, ${set.slice(1, -1)})`)).join(", ")})`;
}

/** The tables kf_line is computed from: the whole mirror, or temp tables holding the touched orders' rows. */
type LineFactSource = { orders: string; lines: string; shipmentLines: string; shipments: string };
const WHOLE_MIRROR: LineFactSource = { orders: "sales_order", lines: "sales_order_line", shipmentLines: "shipment_line", shipments: "shipment" };

/**
 * One row per sales order line: what the order-line KPIs need, pre-joined (order, item category,
 * rate to the line entity's base currency) with the first-shipment and on-time quantities.
 */
function lineFactSelect(source: LineFactSource): string {
  // `shipped` is materialized so the planner cannot pair shipments with order lines on the entity
  // alone (a near cross product it picks when the touched lines are a temp table estimated at 0 rows).
  return `with lines as (select * from ${source.lines}),
    line_shipments as materialized (select sl.shipment_id, sl.order_line_id, sl.base_qty from ${source.shipmentLines} sl where sl.order_line_id in (select id from lines)),
    shipped as materialized (select sl.order_line_id, s.entity_id, s.ship_date, sl.base_qty from line_shipments sl join ${source.shipments} s on s.id = sl.shipment_id
      where s.status = 'shipped'),
    ship as (select sh.order_line_id, sh.ship_date, sh.base_qty, l.promised_date from shipped sh join lines l on l.id = sh.order_line_id and l.entity_id = sh.entity_id),
    first_ship as (select order_line_id, min(ship_date) as first_date from ship group by order_line_id),
    line_first as (select sh.order_line_id, fs.first_date, sum(case when sh.ship_date = fs.first_date then sh.base_qty else 0 end) as first_qty,
        sum(case when sh.ship_date <= sh.promised_date then sh.base_qty else 0 end) as on_time_qty
      from ship sh join first_ship fs on fs.order_line_id = sh.order_line_id group by sh.order_line_id, fs.first_date),
    fx as (select r.from_currency, r.to_currency, r.rate_date, lead(r.rate_date) over (partition by r.from_currency, r.to_currency order by r.rate_date) as next_date, r.rate_ppm
      from exchange_rate r)
    select l.entity_id, l.order_id, l.id as line_id, o.entity_id as order_entity_id, o.customer_id, l.warehouse_id, i.category_id, o.order_date,
      o.status as order_status, l.status as line_status, l.promised_date, l.base_qty_ordered as ordered, l.base_qty_cancelled as cancelled,
      l.base_qty_shipped as shipped, l.base_qty_allocated as allocated,
      cast(l.unit_price_minor as double precision) * cast(l.qty as double precision) / cast(l.base_qty_ordered as double precision)
        * (case when o.currency = e.base_currency then 1.0 else cast(fx.rate_ppm as double precision) / 1000000.0 end) as unit_value,
      lf.first_date, cast(coalesce(lf.first_qty, 0) as decimal(18,4)) as first_qty, case when lf.first_qty >= l.base_qty_ordered then 1 else 0 end as filled,
      cast(coalesce(lf.on_time_qty, 0) as decimal(18,4)) as on_time_qty
    from lines l join ${source.orders} o on o.id = l.order_id left join item i on i.id = l.item_id left join legal_entity e on e.id = l.entity_id
    left join line_first lf on lf.order_line_id = l.id
    left join fx on fx.from_currency = o.currency and fx.to_currency = e.base_currency and o.order_date >= fx.rate_date and (fx.next_date is null or o.order_date < fx.next_date)`;
}

const OPEN = "(ordered - shipped - cancelled)";

/** Where a line cube reads: the order line facts and the orders (the whole tables, or the touched orders' old or new rows). */
type LineSource = { lines: string; orders: string };
const WHOLE: LineSource = { lines: "kf_line", orders: "sales_order" };

/**
 * A cube over order lines. Every measure is a sum over orders, and a touched order's rows are all
 * recomputed, so a cube row is additive over disjoint sets of orders (even `count(distinct order_id)`:
 * an order counts in its own rows only). `count`: the measure that is zero exactly when a full build
 * would have no row.
 */
type LineCube = { name: string; keys: string; measures: readonly string[]; count: string; select: (source: LineSource) => string };

const dayScope = (column: string, days: string | null) => (days === null ? "" : ` and ${column} in ${days}`);
const CUBE_KEYS = "entity_id, day, gset, warehouse_id, category_id, customer_id";

/** The cubes built from kf_line (and sales_order). */
const LINE_CUBES: readonly LineCube[] = [
  {
    name: "kc_order_status", keys: `${CUBE_KEYS}, status`, measures: ["orders"], count: "orders",
    select: ({ lines, orders }) => `select entity_id, day, status, ${GROUPING_BITS.line} as gset, warehouse_id, category_id, customer_id, count(distinct order_id) as orders
      from (select o.entity_id, o.order_date as day, o.status, o.customer_id, o.id as order_id, x.warehouse_id, x.category_id
        from ${orders} o left join (select distinct order_id, warehouse_id, category_id from ${lines}) x on x.order_id = o.id)
      group by ${groupingSets("entity_id, day, status", LINE_SETS)}`,
  },
  {
    name: "kc_backlog", keys: `${CUBE_KEYS}, status`, measures: ["value", "lines", "orders"], count: "lines",
    select: ({ lines }) => `select entity_id, day, status, ${GROUPING_BITS.line} as gset, warehouse_id, category_id, customer_id,
        sum(value) as value, count(*) as lines, count(distinct order_id) as orders
      from (select entity_id, order_date as day, ${backlogStatusSql("order_status", "line_status", "shipped", "allocated", OPEN)} as status,
          warehouse_id, category_id, customer_id, order_id, cast(${OPEN} as double precision) * unit_value as value
        from ${lines} where order_status in ${OPEN_ORDER} and line_status <> 'cancelled' and ${OPEN} > 0)
      group by ${groupingSets("entity_id, day, status", LINE_SETS)}`,
  },
  {
    name: "kc_backorder", keys: CUBE_KEYS, measures: ["units", "value", "lines"], count: "lines",
    select: ({ lines }) => `select entity_id, order_date as day, ${GROUPING_BITS.line} as gset, warehouse_id, category_id, customer_id,
        sum(cast(${OPEN} - allocated as double precision)) as units, sum(cast(${OPEN} - allocated as double precision) * unit_value) as value, count(*) as lines
      from ${lines} where order_status in ${OPEN_ORDER} and line_status <> 'cancelled' and ${OPEN} - allocated > 0
      group by ${groupingSets("entity_id, order_date", LINE_SETS)}`,
  },
  {
    name: "kc_fill_line", keys: CUBE_KEYS, measures: ["lines", "filled", "first_units", "ordered"], count: "lines",
    select: ({ lines }) => `select entity_id, first_date as day, ${GROUPING_BITS.line} as gset, warehouse_id, category_id, customer_id,
        count(*) as lines, cast(sum(filled) as bigint) as filled, cast(sum(least(first_qty, ordered)) as decimal(18,4)) as first_units,
        cast(sum(ordered) as decimal(18,4)) as ordered
      from ${lines} where first_date is not null
      group by ${groupingSets("entity_id, first_date", LINE_SETS)}`,
  },
  {
    // Order level: per order and filter combination, the first ship date of its matching lines and whether all were filled that day.
    name: "kc_fill_order", keys: CUBE_KEYS, measures: ["orders", "filled_orders"], count: "orders",
    select: ({ lines }) => `select entity_id, first_date as day, gset, warehouse_id, category_id, customer_id, count(*) as orders,
        cast(sum(case when all_filled = 1 and last_first_date = first_date then 1 else 0 end) as bigint) as filled_orders
      from (select entity_id, order_id, ${GROUPING_BITS.line} as gset, warehouse_id, category_id, customer_id, min(first_date) as first_date,
          max(first_date) as last_first_date, min(filled) as all_filled
        from ${lines} group by ${groupingSets("entity_id, order_id", LINE_SETS)})
      where first_date is not null
      group by entity_id, first_date, gset, warehouse_id, category_id, customer_id`,
  },
  {
    name: "kc_otif", keys: CUBE_KEYS, measures: ["lines", "ok"], count: "lines",
    select: ({ lines }) => `select entity_id, promised_date as day, ${GROUPING_BITS.line} as gset, warehouse_id, category_id, customer_id,
        count(*) as lines, cast(sum(case when on_time_qty >= ordered - cancelled then 1 else 0 end) as bigint) as ok
      from ${lines} where promised_date is not null and ordered > cancelled
      group by ${groupingSets("entity_id, promised_date", LINE_SETS)}`,
  },
];

/** The tables journal lines are read with: the whole mirror, or the arrived lines with their entries and the documents, shipments and orders they point to. */
type JournalSource = { lines: string; entries: string; documents: string; shipments: string; orders: string };
const WHOLE_JOURNAL: JournalSource = { lines: "journal_line", entries: "journal_entry", documents: "inventory_document", shipments: "shipment", orders: "sales_order" };
/** A line arrives with its entry (both are written in one transaction and never updated). */
const ARRIVED_JOURNAL: JournalSource = { lines: "delta_journal_line", entries: "delta_journal_entry", documents: "fact_journal_documents",
  shipments: "fact_journal_shipments", orders: "fact_journal_orders" };

/**
 * Journal lines with their posting date, item category and the customer gross margin attributes
 * them to; `days`: a SQL set of posting dates to narrow to, or null.
 */
function journalLinesSelect(days: string | null, source: JournalSource = WHOLE_JOURNAL): string {
  return `select l.entity_id, e.posting_date, l.account_id, l.warehouse_id, i.category_id, coalesce(l.customer_id, so.customer_id) as customer_id, l.item_id,
        l.debit_minor, l.credit_minor
      from ${source.lines} l join ${source.entries} e on e.id = l.entry_id left join item i on i.id = l.item_id
      left join ${source.documents} d on e.source_type = 'inventory_document' and d.id = e.source_id and d.upstream_type = 'shipment'
      left join ${source.shipments} s on s.id = d.upstream_id left join ${source.orders} so on so.id = s.order_id
      where true${dayScope("e.posting_date", days)}`;
}

/** Journal lines summed per entity, posting date and account, for every warehouse/category combination. */
function ledgerCubeSelect(days: string | null, source?: JournalSource): string {
  return `select entity_id, posting_date, account_id, ${GROUPING_BITS.ledger} as gset, warehouse_id, category_id,
      cast(sum(debit_minor) as bigint) as debit_minor, cast(sum(credit_minor) as bigint) as credit_minor
    from (${journalLinesSelect(days, source)})
    group by ${groupingSets("entity_id, posting_date, account_id", LEDGER_SETS)}`;
}

const roleOf = (roles: readonly string[]) => `account_id in (select r.account_id from account_rule r where r.entity_id = j.entity_id and r.role in (${roles.map((role) => `'${role}'`).join(", ")}))`;

/** Revenue (credit - debit on revenue roles) and COGS (debit - credit on cogs) per posting date, for gross margin's groupings and filters. */
function marginCubeSelect(days: string | null, source?: JournalSource): string {
  return `select entity_id, posting_date, ${GROUPING_BITS.margin} as gset, warehouse_id, category_id, customer_id, item_id,
      cast(sum(case when is_revenue then credit_minor - debit_minor else 0 end) as bigint) as revenue,
      cast(sum(case when is_cogs then debit_minor - credit_minor else 0 end) as bigint) as cogs
    from (select *, ${roleOf(REVENUE_ROLES)} as is_revenue, ${roleOf(COGS_ROLES)} as is_cogs from (${journalLinesSelect(days, source)}) j)
    where is_revenue or is_cogs
    group by ${groupingSets("entity_id, posting_date", MARGIN_SETS)}`;
}

/** One row per purchase receipt line with its variance to the PO line's expected date. */
function receiptFactSelect(lines: string | null): string {
  return `select r.entity_id, rl.id as receipt_line_id, r.receipt_date, r.supplier_id, r.warehouse_id, i.category_id,
      cast(r.receipt_date - pl.expected_date as double precision) as days
    from purchase_receipt_line rl join purchase_receipt r on r.id = rl.receipt_id join purchase_order_line pl on pl.id = rl.purchase_order_line_id
    left join item i on i.id = rl.item_id${lines === null ? "" : ` where rl.id in ${lines}`}`;
}

/**
 * Lead-time figures per bucket of each grain (day, week, month: one table each), per supplier and
 * filter combination (none, warehouse, category, both), from the receipt lines: a KPI query reads
 * the buckets wholly inside its range from here and computes only the partial buckets at its ends
 * from kf_receipt. `buckets`: the bucket starts (ISO dates) of `grain` to narrow to, or null for all.
 */
function receiptStatsSelect(grain: Grain, buckets: readonly string[] | null): string {
  return `select entity_id, bucket, supplier_id, ${GROUPING_BITS.ledger} as gset, warehouse_id, category_id, ${LEAD_TIME_MEASURES}
    from (select *, cast(date_trunc('${grain}', receipt_date) as date) as bucket from kf_receipt
      where true${buckets === null ? "" : ` and ${bucketScope(grain, "receipt_date", buckets)}`}) r
    group by ${groupingSets("entity_id, bucket, supplier_id", LEDGER_SETS)}`;
}

/**
 * `column` (a date) falls in one of the buckets: a range on the column itself, so DuckDB skips the
 * row groups outside it by their min/max, then the exact bucket test.
 */
function bucketScope(grain: Grain, column: string, buckets: readonly string[]): string {
  assert(buckets.length > 0, "at least one bucket");
  const sorted = [...buckets].sort();
  return `${column} >= ${dateLiteral(sorted[0]!)} and ${column} < ${dateLiteral(nextBucketStart(sorted.at(-1)!, grain))}
    and cast(date_trunc('${grain}', ${column}) as date) in ${dateList(sorted)}`;
}

/** ISO dates as a SQL list of date literals: `(cast('2026-11-01' as date), ...)`. */
function dateList(isoDates: readonly string[]): string {
  return `(${isoDates.map(dateLiteral).join(", ")})`;
}

/** Rebuilds every fact table from the mirror (first refresh, full refresh, a dimension change, a new FACTS_VERSION). */
export async function buildAllFacts(run: Run): Promise<FactsRefresh> {
  // Cubes are stored in date order: a refresh changes recent days, so its deletes and appends stay
  // in the last row groups and the checkpoint after it rewrites few of them.
  await run(`create or replace table kf_line as select * from (${lineFactSelect(WHOLE_MIRROR)}) order by order_id, line_id`);
  for (const cube of LINE_CUBES) await run(`create or replace table ${cube.name} as select * from (${cube.select(WHOLE)}) order by day, gset`);
  await run(`create or replace table kc_ledger as select * from (${ledgerCubeSelect(null)}) order by posting_date, gset`);
  await run(`create or replace table kc_margin as select * from (${marginCubeSelect(null)}) order by posting_date, gset`);
  await run(`create or replace table kf_receipt as select * from (${receiptFactSelect(null)}) order by receipt_date, receipt_line_id`);
  for (const grain of GRAINS) await run(`create or replace table ${receiptStatsTable(grain)} as select * from (${receiptStatsSelect(grain, null)}) order by bucket, gset`);
  for (const table of RETIRED_FACT_TABLES) await run(`drop table if exists ${table}`);
  await run(`create or replace table ${FACTS_VERSION_TABLE} as select ${FACTS_VERSION} as version`);
  return "rebuilt";
}

/** True when the fact tables exist at this FACTS_VERSION. */
export async function factsAreCurrent(query: (sqlText: string) => Promise<Record<string, unknown>[]>): Promise<boolean> {
  const exists = await query(`select count(*) as n from information_schema.tables where table_name = '${FACTS_VERSION_TABLE}'`);
  if (Number(exists[0]?.n ?? 0) === 0) return false;
  const rows = await query(`select version from ${FACTS_VERSION_TABLE}`);
  return Number(rows[0]?.version) === FACTS_VERSION;
}

/**
 * After an incremental mirror load: `delta_<table>` temp tables hold the row versions that arrived
 * (`old_<table>` the replaced rows of orders, shipments and inventory documents). Updates the facts they touch.
 */
export async function updateFacts(run: Run, query: Query, deltaCount: (table: string) => number): Promise<FactsRefresh> {
  if (REBUILD_ON_CHANGE.some((table) => deltaCount(table) > 0)) return buildAllFacts(run);
  const touched = (tables: readonly string[]) => tables.some((table) => deltaCount(table) > 0);
  if (touched(["sales_order", "sales_order_line", "shipment", "shipment_line"])) await updateLineFacts(run);
  if (touched(["journal_line", "inventory_document", "shipment", "sales_order"])) await updateLedgerFacts(run, query);
  if (!touched(["purchase_receipt", "purchase_receipt_line", "purchase_order_line"])) return "updated";
  await run(`create or replace temp table fact_receipt_lines as select id from delta_purchase_receipt_line
    union select id from purchase_receipt_line where receipt_id in (select id from delta_purchase_receipt)
    union select id from purchase_receipt_line where purchase_order_line_id in (select id from delta_purchase_order_line)`);
  // The receipt dates those lines were and are now on: their buckets are recomputed.
  await run("create or replace temp table fact_receipt_days as select distinct receipt_date as day from kf_receipt where receipt_line_id in (select id from fact_receipt_lines)");
  await run("delete from kf_receipt where receipt_line_id in (select id from fact_receipt_lines)");
  await run(`insert into kf_receipt select * from (${receiptFactSelect("(select id from fact_receipt_lines)")}) order by receipt_date, receipt_line_id`);
  await run(`insert into fact_receipt_days select distinct receipt_date from kf_receipt where receipt_line_id in (select id from fact_receipt_lines)
    and receipt_date not in (select day from fact_receipt_days)`);
  for (const grain of GRAINS) {
    const rows = await query(`select distinct cast(cast(date_trunc('${grain}', day) as date) as varchar) as bucket from fact_receipt_days`);
    const buckets = rows.map((row) => String(row.bucket));
    if (buckets.length === 0) continue;
    await run(`delete from ${receiptStatsTable(grain)} where bucket in ${dateList(buckets)}`);
    await run(`insert into ${receiptStatsTable(grain)} select * from (${receiptStatsSelect(grain, buckets)})`);
  }
  return "updated";
}

/**
 * Orders touched by the delta: their kf_line rows are recomputed, and each line cube takes off the
 * touched orders' old contribution and adds their new one (the cubes are additive over orders), so
 * only the touched orders' lines and the cube rows of their days are read, never all of kf_line.
 */
async function updateLineFacts(run: Run): Promise<void> {
  await run(`create or replace temp table fact_orders as select id from delta_sales_order
    union select order_id from delta_sales_order_line
    union select order_id from delta_shipment
    union select l.order_id from sales_order_line l where l.id in (select order_line_id from delta_shipment_line)`);
  // Old rows: the order versions replaced by this load, else the unchanged mirrored row; their kf_line rows before the update.
  await run(`create or replace temp table fact_orders_old as select * from old_sales_order
    union all select * from sales_order where id in (select id from fact_orders) and id not in (select id from old_sales_order)
      and id not in (select id from delta_sales_order)`);
  await run("create or replace temp table fact_orders_new as select * from sales_order where id in (select id from fact_orders)");
  await run("create or replace temp table fact_lines_old as select * from kf_line where order_id in (select id from fact_orders)");
  // The touched orders' rows, step by step into temp tables: each semi-join then builds on the few
  // touched ids and probes the large table once (as one query, DuckDB built hash tables of every order and shipment).
  await run("create or replace temp table fact_order_lines as select * from sales_order_line where order_id in (select id from fact_orders)");
  await run("create or replace temp table fact_shipment_lines as select * from shipment_line where order_line_id in (select id from fact_order_lines)");
  await run("create or replace temp table fact_shipments as select * from shipment where id in (select shipment_id from fact_shipment_lines)");
  await run(`create or replace temp table fact_lines_new as select * from (${lineFactSelect({ orders: "fact_orders_new", lines: "fact_order_lines",
    shipmentLines: "fact_shipment_lines", shipments: "fact_shipments" })})`);
  await run("delete from kf_line where order_id in (select id from fact_orders)");
  await run("insert into kf_line select * from fact_lines_new");
  for (const cube of LINE_CUBES) await applyContributions(run, cube);
}

/**
 * A cube the refresh adds contributions to: rows keyed by `keys`, dated by `day`, with additive
 * `measures`; `count`, when given, is the measure that is zero exactly when a full build has no row.
 */
type MergeTarget = { name: string; day: string; keys: string; measures: readonly string[]; count?: string };

/**
 * cube := cube + the contribution rows of `parts` (each a select of the cube's keys and measures,
 * negated to take a contribution off), on the days they touch: only those days' cube rows are read.
 */
async function mergeIntoCube(run: Run, cube: MergeTarget, parts: readonly string[]): Promise<void> {
  const measures = cube.measures.join(", ");
  await run(`create or replace temp table fact_cube_delta as ${parts.map((part) => `select ${cube.keys}, ${measures} from (${part})`).join(" union all ")}`);
  await run(`create or replace temp table fact_days as select distinct ${cube.day} as day from fact_cube_delta`);
  await run(`create or replace temp table fact_cube_merged as select ${cube.keys}, ${cube.measures.map((m) => `sum(${m}) as ${m}`).join(", ")} from (
      select ${cube.keys}, ${measures} from ${cube.name} where ${cube.day} in (select day from fact_days) union all select * from fact_cube_delta)
    group by ${cube.keys}${cube.count === undefined ? "" : ` having sum(${cube.count}) <> 0`}`);
  await run(`delete from ${cube.name} where ${cube.day} in (select day from fact_days)`);
  await run(`insert into ${cube.name} by name select * from fact_cube_merged`);
}

/** cube := cube - the touched orders' old contribution + their new one; rows whose count falls to zero go. */
function applyContributions(run: Run, cube: LineCube): Promise<void> {
  const negated = cube.measures.map((m) => `-${m} as ${m}`).join(", ");
  return mergeIntoCube(run, { name: cube.name, day: "day", keys: cube.keys, measures: cube.measures, count: cube.count }, [
    cube.select({ lines: "fact_lines_new", orders: "fact_orders_new" }),
    `select ${cube.keys}, ${negated} from (${cube.select({ lines: "fact_lines_old", orders: "fact_orders_old" })})`,
  ]);
}

/**
 * The ledger cubes after a delta: arrived journal lines are added to their posting days. Gross
 * margin also attributes a shipment's COGS to its order's customer, so the days of entries whose
 * attribution changed (an order's customer, a shipment's order, an inventory document's upstream:
 * e.g. a customer merge) are recomputed from the journal instead.
 */
async function updateLedgerFacts(run: Run, query: Query): Promise<void> {
  await run(`create or replace temp table fact_posting_days as select distinct e.posting_date as day from journal_entry e
    where e.source_type = 'inventory_document' and e.source_id in (
      select d.id from delta_inventory_document d join old_inventory_document o on o.id = d.id
        where o.upstream_type is distinct from d.upstream_type or o.upstream_id is distinct from d.upstream_id
      union select d.id from inventory_document d where d.upstream_type = 'shipment' and d.upstream_id in (
        select n.id from delta_shipment n join old_shipment o on o.id = n.id where o.order_id is distinct from n.order_id
        union select s.id from shipment s where s.order_id in (
          select n.id from delta_sales_order n join old_sales_order o on o.id = n.id where o.customer_id is distinct from n.customer_id)))`);
  // Recomputing days reads the whole journal (lines are not ordered by posting date): only when attribution changed.
  const [redo] = await query("select count(*) as n from fact_posting_days");
  if (Number(redo?.n ?? 0) > 0) {
    await run("delete from kc_margin where posting_date in (select day from fact_posting_days)");
    await run(`insert into kc_margin select * from (${marginCubeSelect("(select day from fact_posting_days)")})`);
  }
  // What the arrived entries point to, narrowed first (semi-joins building on the arrived ids).
  await run(`create or replace temp table fact_journal_documents as select * from inventory_document
    where id in (select source_id from delta_journal_entry where source_type = 'inventory_document')`);
  await run(`create or replace temp table fact_journal_shipments as select * from shipment
    where id in (select upstream_id from fact_journal_documents where upstream_type = 'shipment')`);
  await run("create or replace temp table fact_journal_orders as select * from sales_order where id in (select order_id from fact_journal_shipments)");
  // The ledger is append-only (a trigger refuses updates and deletes), so every arrived line is new:
  // its amounts are added to its posting day. Margin days recomputed above already count theirs.
  await mergeIntoCube(run, { name: "kc_ledger", day: "posting_date", keys: "entity_id, posting_date, account_id, gset, warehouse_id, category_id",
    measures: ["debit_minor", "credit_minor"] }, [ledgerCubeSelect(null, ARRIVED_JOURNAL)]);
  await mergeIntoCube(run, { name: "kc_margin", day: "posting_date", keys: "entity_id, posting_date, gset, warehouse_id, category_id, customer_id, item_id",
    measures: ["revenue", "cogs"] }, [`select * from (${marginCubeSelect(null, ARRIVED_JOURNAL)}) where posting_date not in (select day from fact_posting_days)`]);
}

export const FACT_TEMP_TABLES = ["fact_orders", "fact_orders_old", "fact_orders_new", "fact_order_lines", "fact_shipment_lines", "fact_shipments", "fact_lines_old", "fact_lines_new", "fact_cube_delta", "fact_days", "fact_posting_days", "fact_receipt_lines", "fact_receipt_days", "fact_cube_merged",
  "fact_journal_documents", "fact_journal_shipments", "fact_journal_orders"];
