// Per-day KPI fact tables inside DuckDB, built at refresh time in the same DuckDB transaction as
// the mirror load, so the dashboard aggregates a few hundred pre-summed rows per KPI instead of
// joining millions of mirrored rows. The KPI queries over these tables sit next to each formula in
// kpi-definitions.ts; PostgreSQL keeps computing the same figures from the source tables.
//
// Cubes (kc_*) are keyed by entity, day and every combination of the optional filters: the DuckDB
// `grouping()` mask in column `gset` says which of warehouse / category / customer (and item, for
// the ledger) were summed over, so a query picks the rows of its filter combination. Incremental
// refreshes recompute only the affected orders (kf_line), receipt lines (kf_receipt) and days (cubes).
import { backlogStatusSql, COGS_ROLES, REVENUE_ROLES } from "./kpi-definitions";
import { GROUPING_BITS } from "./kpi-sql";

type Run = (sqlText: string) => Promise<unknown>;

export type FactsRefresh = "rebuilt" | "updated";

/** Bump when a fact table's shape or meaning changes: the next refresh rebuilds every fact from the mirror. */
export const FACTS_VERSION = 1;
export const FACTS_VERSION_TABLE = "analytics_facts_version";

/** Dimension tables whose change re-keys facts (item category, base currency, rates, account roles): any delta rebuilds all facts. */
const REBUILD_ON_CHANGE = ["item", "legal_entity", "exchange_rate", "account_rule"];

const OPEN_ORDER = "('entered', 'credit_hold', 'released', 'partially_shipped')";

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

/**
 * One row per sales order line: what the order-line KPIs need, pre-joined (order, item category,
 * rate to the line entity's base currency) with the first-shipment and on-time quantities.
 * `orders`: a SQL set of order ids to (re)compute, or null for all.
 */
function lineFactSelect(orders: string | null): string {
  // `shipped` is materialized so the planner cannot pair shipments with order lines on the entity
  // alone (a near cross product it picks when the touched lines are a temp table estimated at 0 rows).
  const scope = orders === null ? "" : ` where l.order_id in ${orders}`;
  return `with lines as (select * from sales_order_line l${scope}),
    shipped as materialized (select sl.order_line_id, s.entity_id, s.ship_date, sl.base_qty from shipment_line sl join shipment s on s.id = sl.shipment_id
      where s.status = 'shipped' and sl.order_line_id in (select id from lines)),
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
      lf.first_date, coalesce(lf.first_qty, 0) as first_qty, case when lf.first_qty >= l.base_qty_ordered then 1 else 0 end as filled,
      coalesce(lf.on_time_qty, 0) as on_time_qty
    from lines l join sales_order o on o.id = l.order_id left join item i on i.id = l.item_id left join legal_entity e on e.id = l.entity_id
    left join line_first lf on lf.order_line_id = l.id
    left join fx on fx.from_currency = o.currency and fx.to_currency = e.base_currency and o.order_date >= fx.rate_date and (fx.next_date is null or o.order_date < fx.next_date)`;
}

const OPEN = "(ordered - shipped - cancelled)";

type Cube = { name: string; dayColumn: string; select: (days: string | null) => string };

const dayScope = (column: string, days: string | null) => (days === null ? "" : ` and ${column} in ${days}`);

/** The cubes built from kf_line (and sales_order); `days` narrows the recomputation to a SQL set of dates. */
const LINE_CUBES: readonly Cube[] = [
  {
    name: "kc_order_status", dayColumn: "day",
    select: (days) => `select entity_id, day, status, ${GROUPING_BITS.line} as gset, warehouse_id, category_id, customer_id, count(distinct order_id) as orders
      from (select o.entity_id, o.order_date as day, o.status, o.customer_id, o.id as order_id, x.warehouse_id, x.category_id
        from sales_order o left join (select distinct order_id, warehouse_id, category_id from kf_line where true${dayScope("order_date", days)}) x on x.order_id = o.id
        where true${dayScope("o.order_date", days)})
      group by ${groupingSets("entity_id, day, status", LINE_SETS)}`,
  },
  {
    name: "kc_backlog", dayColumn: "day",
    select: (days) => `select entity_id, day, status, ${GROUPING_BITS.line} as gset, warehouse_id, category_id, customer_id,
        sum(value) as value, count(*) as lines, count(distinct order_id) as orders
      from (select entity_id, order_date as day, ${backlogStatusSql("order_status", "line_status", "shipped", "allocated", OPEN)} as status,
          warehouse_id, category_id, customer_id, order_id, cast(${OPEN} as double precision) * unit_value as value
        from kf_line where order_status in ${OPEN_ORDER} and line_status <> 'cancelled' and ${OPEN} > 0${dayScope("order_date", days)})
      group by ${groupingSets("entity_id, day, status", LINE_SETS)}`,
  },
  {
    name: "kc_backorder", dayColumn: "day",
    select: (days) => `select entity_id, order_date as day, ${GROUPING_BITS.line} as gset, warehouse_id, category_id, customer_id,
        sum(cast(${OPEN} - allocated as double precision)) as units, sum(cast(${OPEN} - allocated as double precision) * unit_value) as value, count(*) as lines
      from kf_line where order_status in ${OPEN_ORDER} and line_status <> 'cancelled' and ${OPEN} - allocated > 0${dayScope("order_date", days)}
      group by ${groupingSets("entity_id, order_date", LINE_SETS)}`,
  },
  {
    name: "kc_fill_line", dayColumn: "day",
    select: (days) => `select entity_id, first_date as day, ${GROUPING_BITS.line} as gset, warehouse_id, category_id, customer_id,
        count(*) as lines, sum(filled) as filled, sum(least(first_qty, ordered)) as first_units, sum(ordered) as ordered
      from kf_line where first_date is not null${dayScope("first_date", days)}
      group by ${groupingSets("entity_id, first_date", LINE_SETS)}`,
  },
  {
    // Order level: per order and filter combination, the first ship date of its matching lines and whether all were filled that day.
    name: "kc_fill_order", dayColumn: "day",
    select: (days) => `select entity_id, first_date as day, gset, warehouse_id, category_id, customer_id, count(*) as orders,
        sum(case when all_filled = 1 and last_first_date = first_date then 1 else 0 end) as filled_orders
      from (select entity_id, order_id, ${GROUPING_BITS.line} as gset, warehouse_id, category_id, customer_id, min(first_date) as first_date,
          max(first_date) as last_first_date, min(filled) as all_filled
        from kf_line${days === null ? "" : ` where order_id in (select order_id from kf_line where first_date in ${days})`}
        group by ${groupingSets("entity_id, order_id", LINE_SETS)})
      where first_date is not null${dayScope("first_date", days)}
      group by entity_id, first_date, gset, warehouse_id, category_id, customer_id`,
  },
  {
    name: "kc_otif", dayColumn: "day",
    select: (days) => `select entity_id, promised_date as day, ${GROUPING_BITS.line} as gset, warehouse_id, category_id, customer_id,
        count(*) as lines, sum(case when on_time_qty >= ordered - cancelled then 1 else 0 end) as ok
      from kf_line where promised_date is not null and ordered > cancelled${dayScope("promised_date", days)}
      group by ${groupingSets("entity_id, promised_date", LINE_SETS)}`,
  },
];

/** Journal lines with their posting date, item category and the customer gross margin attributes them to. */
function journalLinesSelect(days: string | null): string {
  return `select l.entity_id, e.posting_date, l.account_id, l.warehouse_id, i.category_id, coalesce(l.customer_id, so.customer_id) as customer_id, l.item_id,
        l.debit_minor, l.credit_minor
      from journal_line l join journal_entry e on e.id = l.entry_id left join item i on i.id = l.item_id
      left join inventory_document d on e.source_type = 'inventory_document' and d.id = e.source_id and d.upstream_type = 'shipment'
      left join shipment s on s.id = d.upstream_id left join sales_order so on so.id = s.order_id
      where true${dayScope("e.posting_date", days)}`;
}

/** Journal lines summed per entity, posting date and account, for every warehouse/category combination. */
function ledgerCubeSelect(days: string | null): string {
  return `select entity_id, posting_date, account_id, ${GROUPING_BITS.ledger} as gset, warehouse_id, category_id,
      cast(sum(debit_minor) as bigint) as debit_minor, cast(sum(credit_minor) as bigint) as credit_minor
    from (${journalLinesSelect(days)})
    group by ${groupingSets("entity_id, posting_date, account_id", LEDGER_SETS)}`;
}

const roleOf = (roles: readonly string[]) => `account_id in (select r.account_id from account_rule r where r.entity_id = j.entity_id and r.role in (${roles.map((role) => `'${role}'`).join(", ")}))`;

/** Revenue (credit - debit on revenue roles) and COGS (debit - credit on cogs) per posting date, for gross margin's groupings and filters. */
function marginCubeSelect(days: string | null): string {
  return `select entity_id, posting_date, ${GROUPING_BITS.margin} as gset, warehouse_id, category_id, customer_id, item_id,
      cast(sum(case when is_revenue then credit_minor - debit_minor else 0 end) as bigint) as revenue,
      cast(sum(case when is_cogs then debit_minor - credit_minor else 0 end) as bigint) as cogs
    from (select *, ${roleOf(REVENUE_ROLES)} as is_revenue, ${roleOf(COGS_ROLES)} as is_cogs from (${journalLinesSelect(days)}) j)
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

/** Rebuilds every fact table from the mirror (first refresh, full refresh, a dimension change, a new FACTS_VERSION). */
export async function buildAllFacts(run: Run): Promise<FactsRefresh> {
  await run(`create or replace table kf_line as select * from (${lineFactSelect(null)}) order by order_id, line_id`);
  for (const cube of LINE_CUBES) await run(`create or replace table ${cube.name} as select * from (${cube.select(null)}) order by gset, day`);
  await run(`create or replace table kc_ledger as select * from (${ledgerCubeSelect(null)}) order by gset, posting_date`);
  await run(`create or replace table kc_margin as select * from (${marginCubeSelect(null)}) order by gset, posting_date`);
  await run(`create or replace table kf_receipt as ${receiptFactSelect(null)}`);
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
 * (`old_sales_order` the replaced order rows). Recomputes the facts they touch.
 */
export async function updateFacts(run: Run, deltaCount: (table: string) => number): Promise<FactsRefresh> {
  if (REBUILD_ON_CHANGE.some((table) => deltaCount(table) > 0)) return buildAllFacts(run);
  const touched = (tables: readonly string[]) => tables.some((table) => deltaCount(table) > 0);
  if (touched(["sales_order", "sales_order_line", "shipment", "shipment_line"])) await updateLineFacts(run);
  if (touched(["journal_entry", "journal_line", "inventory_document", "shipment", "sales_order"])) await updateLedgerFacts(run);
  if (!touched(["purchase_receipt", "purchase_receipt_line", "purchase_order_line"])) return "updated";
  await run(`create or replace temp table fact_receipt_lines as select id from delta_purchase_receipt_line
    union select id from purchase_receipt_line where receipt_id in (select id from delta_purchase_receipt)
    union select id from purchase_receipt_line where purchase_order_line_id in (select id from delta_purchase_order_line)`);
  await run("delete from kf_receipt where receipt_line_id in (select id from fact_receipt_lines)");
  await run(`insert into kf_receipt select * from (${receiptFactSelect("(select id from fact_receipt_lines)")})`);
  return "updated";
}

/** Orders touched by the delta: recompute their kf_line rows, then the cube days their lines were or are now dated on. */
async function updateLineFacts(run: Run): Promise<void> {
  await run(`create or replace temp table fact_orders as select id from delta_sales_order
    union select order_id from delta_sales_order_line
    union select order_id from delta_shipment
    union select l.order_id from sales_order_line l where l.id in (select order_line_id from delta_shipment_line)`);
  const days = `create or replace temp table fact_days as select distinct day from (
      select order_date as day from kf_line where order_id in (select id from fact_orders)
      union all select first_date from kf_line where order_id in (select id from fact_orders)
      union all select promised_date from kf_line where order_id in (select id from fact_orders)
      union all select order_date from old_sales_order union all select order_date from delta_sales_order) where day is not null`;
  await run(days);
  await run("delete from kf_line where order_id in (select id from fact_orders)");
  await run(`insert into kf_line select * from (${lineFactSelect("(select id from fact_orders)")})`);
  await run(`insert into fact_days select distinct day from (select first_date as day from kf_line where order_id in (select id from fact_orders)
    union all select promised_date from kf_line where order_id in (select id from fact_orders)) where day is not null and day not in (select day from fact_days)`);
  for (const cube of LINE_CUBES) {
    await run(`delete from ${cube.name} where ${cube.dayColumn} in (select day from fact_days)`);
    await run(`insert into ${cube.name} select * from (${cube.select("(select day from fact_days)")})`);
  }
}

/** Posting days touched: new journal entries or lines, and entries whose customer comes through a changed shipment or order. */
async function updateLedgerFacts(run: Run): Promise<void> {
  await run(`create or replace temp table fact_posting_days as select distinct posting_date as day from (
      select posting_date from delta_journal_entry
      union all select e.posting_date from journal_entry e where e.id in (select entry_id from delta_journal_line)
      union all select e.posting_date from journal_entry e join inventory_document d on e.source_type = 'inventory_document' and d.id = e.source_id
        and d.upstream_type = 'shipment'
        where d.id in (select id from delta_inventory_document) or d.upstream_id in (select id from delta_shipment)
          or d.upstream_id in (select s.id from shipment s where s.order_id in (select id from delta_sales_order)))`);
  await run("delete from kc_ledger where posting_date in (select day from fact_posting_days)");
  await run(`insert into kc_ledger select * from (${ledgerCubeSelect("(select day from fact_posting_days)")})`);
  await run("delete from kc_margin where posting_date in (select day from fact_posting_days)");
  await run(`insert into kc_margin select * from (${marginCubeSelect("(select day from fact_posting_days)")})`);
}

export const FACT_TEMP_TABLES = ["fact_orders", "fact_days", "fact_posting_days", "fact_receipt_lines"];
