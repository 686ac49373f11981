// THE KPI definitions: each with its formula beside it, the measures it returns, the filters it
// honours and its two queries: `sql` computes the figure from the source tables (PostgreSQL; the
// same text also runs on the DuckDB mirror, see kpi-sql.ts) and `factSql` computes the same figure
// on DuckDB from the per-day fact cubes built at refresh time (analytics/facts.ts).
// tests/analytics/agreement.test.ts checks both agree. Change a formula: change both, and bump that
// KPI's version (the API returns it, so a consumer can tell figures apart).
import {
  between, bucket, categoryFilter, dateLiteral, customerFilter, dailyBalanceCtes, daysCte, flowCte, fxCte, fxFactor, fxJoin,
  journalCte, LEAD_TIME_MEASURES, ledgerCubeWhere, ledgerDimensionsWhere, lineCubeWhere, marginCubeWhere, ratio, receiptStatsTable, roleAccounts, splitRange, toDouble, warehouseFilter, type KpiFilters, type QuerySource,
} from "./kpi-sql";

/** Version of this module as a whole; each KPI carries its own too. */
export const KPI_DEFINITIONS_VERSION = 1;

export const KPI_NAMES = [
  "order_status_counts", "order_backlog", "fill_rate", "otif", "inventory_turns", "backorder_exposure",
  "lead_time_variance", "gross_margin", "gmroi", "working_capital", "close_cycle_time",
] as const;
export type KpiName = (typeof KPI_NAMES)[number];

export type FilterName = "warehouse" | "category" | "customer";
/** What a drill-down from the KPI lists (served from PostgreSQL). */
export type DrillKind = "orders" | "order_lines" | "receipt_lines" | "journal_lines" | "period_closes";

export type KpiDefinition = {
  name: KpiName;
  title: string;
  version: number;
  /** The formula, in words a controller can check. */
  formula: string;
  /** Measures in the order the query returns them; the first is the headline figure. */
  measures: readonly string[];
  /** money (base-currency minor units), ratio (0..1), count, days, times. */
  unit: "money" | "ratio" | "count" | "days" | "times";
  filters: readonly FilterName[];
  groupable: boolean;
  drill: DrillKind;
  /** The figure from the source tables: PostgreSQL's query (and the DuckDB mirror's fallback). */
  sql(f: KpiFilters): string;
  /** The same figure on DuckDB from the fact cubes; null when the filter combination is not precomputed. */
  factSql(f: KpiFilters): string | null;
};

const ALL_FILTERS: readonly FilterName[] = ["warehouse", "category", "customer"];

/** Open base quantity of an order line. */
const OPEN_QTY = "(l.base_qty_ordered - l.base_qty_shipped - l.base_qty_cancelled)";
/** Sales price per base unit in the order currency. */
const PRICE_PER_BASE = `${toDouble("l.unit_price_minor")} * ${toDouble("l.qty")} / ${toDouble("l.base_qty_ordered")}`;
const OPEN_ORDER_STATUSES = "('entered', 'credit_hold', 'released', 'partially_shipped')";

/** A query over a line cube, or null when the cube lacks the filters' combination. */
function lineCube(f: KpiFilters, build: (where: string) => string): string | null {
  const where = lineCubeWhere(f);
  return where === null ? null : build(where);
}

function orderLineFilters(f: KpiFilters): string {
  return `l.entity_id = ${f.entityId}${warehouseFilter(f, "l.warehouse_id")}${categoryFilter(f, "l.item_id")}${customerFilter(f, "o.customer_id")}`;
}

const orderStatusCounts: KpiDefinition = {
  name: "order_status_counts", title: "Orders by status", version: 1, unit: "count", filters: ALL_FILTERS, groupable: false, drill: "orders",
  formula: "count of sales orders by current status, bucketed by order date; warehouse and category keep orders with at least one matching line",
  measures: ["orders"],
  sql: (f) => `select cast(${bucket(f, "o.order_date")} as varchar) as period, o.status as grp, ${toDouble("count(*)")} as orders
    from sales_order o where o.entity_id = ${f.entityId} and ${between(f, "o.order_date")}${customerFilter(f, "o.customer_id")}
    ${f.warehouseId === null && f.categoryId === null ? "" : `and exists (select 1 from sales_order_line l where l.order_id = o.id${warehouseFilter(f, "l.warehouse_id")}${categoryFilter(f, "l.item_id")})`}
    group by 1, 2`,
  factSql: (f) => lineCube(f, (where) => `select cast(${bucket(f, "day")} as varchar) as period, status as grp, ${toDouble("sum(orders)")} as orders
    from kc_order_status where ${where} and ${between(f, "day")} group by 1, 2`),
};

/** The backlog status of an open line, in the order DOMAIN.md lists them (column expressions given, for sources and facts). */
export function backlogStatusSql(orderStatus: string, lineStatus: string, shipped: string, allocated: string, open: string): string {
  return `case when ${orderStatus} = 'credit_hold' then 'credit_hold' when ${lineStatus} = 'pricing_hold' then 'pricing_hold'
  when ${orderStatus} = 'entered' then 'entered' when ${shipped} > 0 then 'partially_shipped'
  when ${allocated} >= ${open} then 'allocated' else 'backordered' end`;
}
export const BACKLOG_STATUS = backlogStatusSql("o.status", "l.status", "l.base_qty_shipped", "l.base_qty_allocated", OPEN_QTY);

const orderBacklog: KpiDefinition = {
  name: "order_backlog", title: "Order backlog", version: 1, unit: "money", filters: ALL_FILTERS, groupable: false, drill: "order_lines",
  formula: "open lines (ordered - shipped - cancelled > 0) of open orders dated in the range, by backlog status (entered, credit_hold, pricing_hold, allocated, backordered, partially_shipped); value = open base qty x price per base unit x rate to base at the order date",
  measures: ["value", "lines", "orders"],
  sql: (f) => `with ${fxCte(f)}
    select cast(${bucket(f, "o.order_date")} as varchar) as period, ${BACKLOG_STATUS} as grp,
      sum(${toDouble(OPEN_QTY)} * ${PRICE_PER_BASE} * ${fxFactor(f, "o.currency")}) as value,
      ${toDouble("count(*)")} as lines, ${toDouble("count(distinct o.id)")} as orders
    from sales_order_line l join sales_order o on o.id = l.order_id ${fxJoin("o.currency", "o.order_date")}
    where ${orderLineFilters(f)} and ${between(f, "o.order_date")} and o.status in ${OPEN_ORDER_STATUSES} and l.status <> 'cancelled' and ${OPEN_QTY} > 0
    group by 1, 2`,
  factSql: (f) => lineCube(f, (where) => `select cast(${bucket(f, "day")} as varchar) as period, status as grp, sum(value) as value,
      ${toDouble("sum(lines)")} as lines, ${toDouble("sum(orders)")} as orders
    from kc_backlog where ${where} and ${between(f, "day")} group by 1, 2`),
};

/** Shipped quantities per order line with the line's first ship date (all shipments of that day are the first shipment). */
function firstShipmentCtes(f: KpiFilters): string {
  return `ship as (select sl.order_line_id, s.ship_date, sl.base_qty from shipment_line sl join shipment s on s.id = sl.shipment_id
      where s.entity_id = ${f.entityId} and s.status = 'shipped'),
    first_ship as (select order_line_id, min(ship_date) as first_date from ship group by order_line_id),
    line_first as (select sh.order_line_id, fs.first_date, sum(case when sh.ship_date = fs.first_date then sh.base_qty else 0 end) as first_qty
      from ship sh join first_ship fs on fs.order_line_id = sh.order_line_id group by sh.order_line_id, fs.first_date)`;
}

const fillRate: KpiDefinition = {
  name: "fill_rate", title: "Fill rate", version: 1, unit: "ratio", filters: ALL_FILTERS, groupable: false, drill: "order_lines",
  formula: "lines shipped at least once, bucketed by first ship date; line fill = share of lines whose first shipment (all shipments of the first ship day) carried the whole ordered qty; unit fill = sum(min(first-shipment qty, ordered)) / sum(ordered); order fill = share of orders (bucketed by their first ship date) whose every matching line was line-filled on the order's first ship date",
  measures: ["line_fill_rate", "unit_fill_rate", "order_fill_rate", "lines", "orders"],
  sql: (f) => `with ${firstShipmentCtes(f)},
    lines as (select l.id, l.order_id, l.base_qty_ordered as ordered, lf.first_date, coalesce(lf.first_qty, 0) as first_qty,
        case when lf.first_qty >= l.base_qty_ordered then 1 else 0 end as filled
      from sales_order_line l join sales_order o on o.id = l.order_id left join line_first lf on lf.order_line_id = l.id
      where ${orderLineFilters(f)}),
    orders as (select order_id, min(first_date) as first_date, min(case when filled = 1 then 1 else 0 end) as all_filled,
        max(first_date) as last_first_date from lines group by order_id having min(first_date) is not null),
    by_line as (select ${bucket(f, "first_date")} as period, ${toDouble("count(*)")} as lines, ${ratio("sum(filled)", "count(*)")} as line_fill_rate,
        ${ratio("sum(least(first_qty, ordered))", "sum(ordered)")} as unit_fill_rate
      from lines where first_date is not null and ${between(f, "first_date")} group by 1),
    by_order as (select ${bucket(f, "first_date")} as period, ${toDouble("count(*)")} as orders,
        ${ratio("sum(case when all_filled = 1 and last_first_date = first_date then 1 else 0 end)", "count(*)")} as order_fill_rate
      from orders where ${between(f, "first_date")} group by 1)
    select cast(b.period as varchar) as period, '' as grp, b.line_fill_rate, b.unit_fill_rate, o.order_fill_rate, b.lines, o.orders
    from by_line b left join by_order o on o.period = b.period`,
  factSql: (f) => lineCube(f, (where) => `with by_line as (select ${bucket(f, "day")} as period, ${toDouble("sum(lines)")} as lines, ${ratio("sum(filled)", "sum(lines)")} as line_fill_rate,
        ${ratio("sum(first_units)", "sum(ordered)")} as unit_fill_rate
      from kc_fill_line where ${where} and ${between(f, "day")} group by 1),
    by_order as (select ${bucket(f, "day")} as period, ${toDouble("sum(orders)")} as orders, ${ratio("sum(filled_orders)", "sum(orders)")} as order_fill_rate
      from kc_fill_order where ${where} and ${between(f, "day")} group by 1)
    select cast(b.period as varchar) as period, '' as grp, b.line_fill_rate, b.unit_fill_rate, o.order_fill_rate, b.lines, o.orders
    from by_line b left join by_order o on o.period = b.period`),
};

const otif: KpiDefinition = {
  name: "otif", title: "On time in full", version: 1, unit: "ratio", filters: ALL_FILTERS, groupable: false, drill: "order_lines",
  formula: "order lines with a promised date in the range (bucketed by it) and something left to deliver; OTIF line = qty shipped on or before the promised date >= ordered - cancelled; rate = OTIF lines / lines",
  measures: ["otif_rate", "lines", "otif_lines"],
  sql: (f) => `with on_time as (select sl.order_line_id, sum(sl.base_qty) as qty from shipment_line sl join shipment s on s.id = sl.shipment_id
        join sales_order_line l on l.id = sl.order_line_id where s.entity_id = ${f.entityId} and s.status = 'shipped' and s.ship_date <= l.promised_date
        group by sl.order_line_id),
      lines as (select l.promised_date, case when coalesce(t.qty, 0) >= l.base_qty_ordered - l.base_qty_cancelled then 1 else 0 end as ok
        from sales_order_line l join sales_order o on o.id = l.order_id left join on_time t on t.order_line_id = l.id
        where ${orderLineFilters(f)} and l.promised_date is not null and ${between(f, "l.promised_date")} and l.base_qty_ordered > l.base_qty_cancelled)
    select cast(${bucket(f, "promised_date")} as varchar) as period, '' as grp, ${ratio("sum(ok)", "count(*)")} as otif_rate,
      ${toDouble("count(*)")} as lines, ${toDouble("sum(ok)")} as otif_lines
    from lines group by 1`,
  factSql: (f) => lineCube(f, (where) => `select cast(${bucket(f, "day")} as varchar) as period, '' as grp, ${ratio("sum(ok)", "sum(lines)")} as otif_rate,
      ${toDouble("sum(lines)")} as lines, ${toDouble("sum(ok)")} as otif_lines
    from kc_otif where ${where} and ${between(f, "day")} group by 1`),
};

const INVENTORY_ROLES = ["inventory", "in_transit"];
export const COGS_ROLES = ["cogs"];
export const REVENUE_ROLES = ["revenue", "sales_returns", "sales_rebates"];
const MARGIN_ROLES = [...COGS_ROLES, ...REVENUE_ROLES];

/** Average daily inventory (ledger inventory accounts) and COGS per bucket, with the days of the bucket inside the range. */
function inventoryAndCogsCtes(f: KpiFilters, source: QuerySource): string {
  const inventory = roleAccounts(f, INVENTORY_ROLES);
  const cogs = roleAccounts(f, COGS_ROLES);
  const revenue = roleAccounts(f, REVENUE_ROLES);
  return `${daysCte(f)}, ${journalCte(f, `(select account_id from account_rule where entity_id = ${f.entityId} and role in ('inventory', 'in_transit', 'cogs', 'revenue', 'sales_returns', 'sales_rebates'))`, source)},
    ${dailyBalanceCtes(f, "inv", inventory)},
    ${flowCte(f, "cogs", cogs)}, ${flowCte(f, "revenue", revenue)},
    buckets as (select ${bucket(f, "day")} as period, ${toDouble("count(*)")} as days, avg(closing) as average_inventory from inv_balance group by 1)`;
}

const inventoryTurns: KpiDefinition = {
  name: "inventory_turns", title: "Inventory turns and days of inventory", version: 1, unit: "times", filters: ["warehouse", "category"], groupable: false, drill: "journal_lines",
  formula: "average inventory = mean of the daily closing balances of the inventory and in-transit accounts over the bucket's days in the range; COGS = net debits to COGS accounts in the bucket; turns = COGS / average inventory x 365 / days (annualized); days of inventory = average inventory / (COGS / days)",
  measures: ["turns", "days_of_inventory", "cogs", "average_inventory"],
  sql: (f) => inventoryTurnsSql(f, "sources"),
  factSql: (f) => inventoryTurnsSql(f, "facts"),
};

function inventoryTurnsSql(f: KpiFilters, source: QuerySource): string {
  return `with ${inventoryAndCogsCtes(f, source)}
    select cast(b.period as varchar) as period, '' as grp,
      ${ratio("coalesce(c.v, 0)", "b.average_inventory")} * 365.0 / b.days as turns,
      ${ratio("b.average_inventory", `${toDouble("coalesce(c.v, 0)")} / b.days`)} as days_of_inventory,
      ${toDouble("coalesce(c.v, 0)")} as cogs, b.average_inventory
    from buckets b left join cogs c on c.period = b.period`;
}

const gmroi: KpiDefinition = {
  name: "gmroi", title: "GMROI", version: 1, unit: "times", filters: ["warehouse", "category"], groupable: false, drill: "journal_lines",
  formula: "gross margin of the bucket (revenue accounts incl. returns and customer rebates, credit - debit, minus COGS net debits) / average inventory at cost (mean daily closing balance of inventory and in-transit accounts)",
  measures: ["gmroi", "gross_margin", "average_inventory"],
  sql: (f) => gmroiSql(f, "sources"),
  factSql: (f) => gmroiSql(f, "facts"),
};

function gmroiSql(f: KpiFilters, source: QuerySource): string {
  return `with ${inventoryAndCogsCtes(f, source)}
    select cast(b.period as varchar) as period, '' as grp,
      ${ratio("-coalesce(r.v, 0) - coalesce(c.v, 0)", "b.average_inventory")} as gmroi,
      ${toDouble("-coalesce(r.v, 0) - coalesce(c.v, 0)")} as gross_margin, b.average_inventory
    from buckets b left join cogs c on c.period = b.period left join revenue r on r.period = b.period`;
}

const backorderExposure: KpiDefinition = {
  name: "backorder_exposure", title: "Backorder exposure", version: 1, unit: "money", filters: ALL_FILTERS, groupable: false, drill: "order_lines",
  formula: "current backordered units (open - allocated) of open orders dated in the range, by age at the end of the range (0-7, 8-30, 31+ days since the order date); value at sales price x rate to base; one point dated at the end of the range",
  measures: ["value", "units", "lines"],
  sql: (f) => `with ${fxCte(f)},
    backordered as (select o.order_date, ${toDouble(`${OPEN_QTY} - l.base_qty_allocated`)} as units,
        ${toDouble(`${OPEN_QTY} - l.base_qty_allocated`)} * ${PRICE_PER_BASE} * ${fxFactor(f, "o.currency")} as value
      from sales_order_line l join sales_order o on o.id = l.order_id ${fxJoin("o.currency", "o.order_date")}
      where ${orderLineFilters(f)} and ${between(f, "o.order_date")} and o.status in ${OPEN_ORDER_STATUSES} and l.status <> 'cancelled'
        and ${OPEN_QTY} - l.base_qty_allocated > 0)
    select '${f.to}' as period, ${ageBucket(f, "order_date")} as grp,
      sum(value) as value, sum(units) as units, ${toDouble("count(*)")} as lines
    from backordered group by 1, 2`,
  factSql: (f) => lineCube(f, (where) => `select '${f.to}' as period, ${ageBucket(f, "day")} as grp, sum(value) as value, sum(units) as units, ${toDouble("sum(lines)")} as lines
    from kc_backorder where ${where} and ${between(f, "day")} group by 1, 2`),
};

/** The age bucket of an order dated `column` at the end of the range. */
function ageBucket(f: KpiFilters, column: string): string {
  const age = `(cast('${f.to}' as date) - ${column})`;
  return `case when ${age} <= 7 then '0-7' when ${age} <= 30 then '8-30' else '31+' end`;
}

const leadTimeVariance: KpiDefinition = {
  name: "lead_time_variance", title: "Procurement lead-time variance", version: 1, unit: "days", filters: ["warehouse", "category"], groupable: false, drill: "receipt_lines",
  formula: "per supplier, receipt lines dated in the range (bucketed by receipt date): variance = receipt date - PO line expected date in days; mean, p90 (continuous percentile) and share late (variance > 0)",
  measures: ["mean_days", "p90_days", "late_share", "receipt_lines"],
  sql: (f) => `with v as (select r.receipt_date, s.code as supplier_code, ${toDouble("r.receipt_date - pl.expected_date")} as days
      from purchase_receipt_line rl join purchase_receipt r on r.id = rl.receipt_id join purchase_order_line pl on pl.id = rl.purchase_order_line_id
      join supplier s on s.id = r.supplier_id
      where r.entity_id = ${f.entityId} and ${between(f, "r.receipt_date")}${warehouseFilter(f, "r.warehouse_id")}${categoryFilter(f, "rl.item_id")})
    select cast(${bucket(f, "receipt_date")} as varchar) as period, supplier_code as grp, avg(days) as mean_days,
      percentile_cont(0.9) within group (order by days) as p90_days, avg(case when days > 0 then 1.0 else 0.0 end) as late_share,
      ${toDouble("count(*)")} as receipt_lines
    from v group by 1, 2`,
  // Whole buckets from kc_receipt_<grain> (computed at refresh), the partial buckets at the range's
  // ends from the receipt lines (kf_receipt, stored in receipt-date order); both by LEAD_TIME_MEASURES.
  factSql: (f) => {
    const { full, edges } = splitRange(f);
    const parts: string[] = [];
    if (full) {
      parts.push(`select bucket as period, supplier_id, total, day_sum, late, p90_days from ${receiptStatsTable(f.grain)}
        where ${ledgerCubeWhere(f)} and bucket between ${dateLiteral(full.first)} and ${dateLiteral(full.last)}`);
    }
    if (edges.length > 0) {
      const days = edges.map(([from, to]) => `receipt_date between ${dateLiteral(from)} and ${dateLiteral(to)}`).join(" or ");
      parts.push(`select ${bucket(f, "receipt_date")} as period, supplier_id, ${LEAD_TIME_MEASURES} from kf_receipt
        where ${ledgerDimensionsWhere(f)} and (${days}) group by 1, 2`);
    }
    return `select cast(q.period as varchar) as period, s.code as grp,
        q.day_sum / ${toDouble("q.total")} as mean_days, q.p90_days, ${toDouble("q.late")} / ${toDouble("q.total")} as late_share, ${toDouble("q.total")} as receipt_lines
      from (${parts.join(" union all ")}) q left join supplier s on s.id = q.supplier_id`;
  },
};

/** The label a journal line groups under for gross margin (the ledger cube carries the line's item category itself). */
function marginGroupKey(f: KpiFilters, source: QuerySource): string {
  switch (f.groupBy ?? "entity") {
    case "entity": return "(select code from legal_entity where id = " + f.entityId + ")";
    case "customer": return "coalesce((select c.code from customer c where c.id = m.customer_id), '(unassigned)')";
    case "item": return "coalesce((select i.sku from item i where i.id = m.item_id), '(unassigned)')";
    case "category": return source === "facts" ? "coalesce((select c.code from item_category c where c.id = m.category_id), '(unassigned)')"
      : "coalesce((select c.code from item i join item_category c on c.id = i.category_id where i.id = m.item_id), '(unassigned)')";
    case "warehouse": return "coalesce((select w.code from warehouse w where w.id = m.warehouse_id), '(unassigned)')";
  }
}

export const GROUPS_MAX = 20;

const grossMargin: KpiDefinition = {
  name: "gross_margin", title: "Gross margin", version: 1, unit: "money", filters: ALL_FILTERS, groupable: true, drill: "journal_lines",
  formula: "revenue = credit - debit on revenue, sales-returns and customer-rebate accounts; COGS = debit - credit on COGS accounts (shipments, landed cost on goods sold, supplier rebates, restocked returns); margin = revenue - COGS; margin % = margin / revenue; grouped by entity, customer (a shipment's COGS goes to its order's customer), item, category or warehouse; the 20 groups with most revenue",
  measures: ["margin", "revenue", "cogs", "margin_pct"],
  sql: (f) => grossMarginSql(f, `select e.posting_date, l.account_id, l.debit_minor, l.credit_minor, l.item_id, l.warehouse_id, coalesce(l.customer_id, so.customer_id) as customer_id
        from journal_line l join journal_entry e on e.id = l.entry_id
        left join inventory_document d on e.source_type = 'inventory_document' and d.id = e.source_id and d.upstream_type = 'shipment'
        left join shipment s on s.id = d.upstream_id left join sales_order so on so.id = s.order_id
        where l.entity_id = ${f.entityId} and ${between(f, "e.posting_date")} and l.account_id in ${roleAccounts(f, MARGIN_ROLES)}
          ${warehouseFilter(f, "l.warehouse_id")}${categoryFilter(f, "l.item_id")}`),
  factSql: (f) => {
    const groupBy = f.groupBy ?? "entity";
    const where = marginCubeWhere(f, { warehouse: f.warehouseId !== null || groupBy === "warehouse", category: f.categoryId !== null || groupBy === "category",
      customer: f.customerId !== null || groupBy === "customer", item: groupBy === "item" });
    if (where === null) return null;
    // Summed per bucket and group id first: the labels are then looked up for a few rows.
    return `with g as (select ${bucket(f, "posting_date")} as period, ${marginGroupKey(f, "facts")} as grp, sum(revenue) as revenue, sum(cogs) as cogs
        from (select ${bucket(f, "posting_date")} as posting_date, item_id, warehouse_id, customer_id, category_id, sum(revenue) as revenue, sum(cogs) as cogs
          from kc_margin where ${where} and ${between(f, "posting_date")} group by 1, 2, 3, 4, 5) m
        group by 1, 2),
      ${marginTail(f)}`;
  },
};

/** Gross margin over `lines` (posting_date, account_id, debit_minor, credit_minor and the group columns). */
function grossMarginSql(f: KpiFilters, lines: string): string {
  const revenue = roleAccounts(f, REVENUE_ROLES);
  const cogs = roleAccounts(f, COGS_ROLES);
  return `with m as (${lines}),
      g as (select ${bucket(f, "posting_date")} as period, ${marginGroupKey(f, "sources")} as grp,
          sum(case when account_id in ${revenue} then credit_minor - debit_minor else 0 end) as revenue,
          sum(case when account_id in ${cogs} then debit_minor - credit_minor else 0 end) as cogs
        from m where 1 = 1${customerFilter(f, "m.customer_id")} group by 1, 2),
      ${marginTail(f)}`;
}

/** The 20 groups with most revenue, and the measures. */
function marginTail(f: KpiFilters): string {
  return `top_groups as (select grp from g group by grp order by sum(revenue) desc, grp limit ${GROUPS_MAX})
    select cast(period as varchar) as period, grp, ${toDouble("revenue - cogs")} as margin, ${toDouble("revenue")} as revenue, ${toDouble("cogs")} as cogs,
      ${ratio("revenue - cogs", "revenue")} as margin_pct
    from g where grp in (select grp from top_groups)`;
}

const workingCapital: KpiDefinition = {
  name: "working_capital", title: "Working capital and cash conversion", version: 1, unit: "days", filters: [], groupable: false, drill: "journal_lines",
  formula: "daily closing balances of AR (ar accounts, debit - credit), AP (ap accounts, credit - debit) and inventory (inventory and in-transit accounts); per bucket: DSO = average AR / (revenue / days); DIO = average inventory / (COGS / days); DPO = average AP / (COGS / days); cash conversion cycle = DSO + DIO - DPO; working capital = AR + inventory - AP at the bucket's last day",
  measures: ["cash_conversion_cycle", "dso", "dio", "dpo", "working_capital"],
  sql: (f) => workingCapitalSql(f, "sources"),
  factSql: (f) => workingCapitalSql(f, "facts"),
};

function workingCapitalSql(f: KpiFilters, source: QuerySource): string {
    const ar = roleAccounts(f, ["ar"]);
    const ap = roleAccounts(f, ["ap"]);
    const inventory = roleAccounts(f, INVENTORY_ROLES);
    return `with ${daysCte(f)}, ${journalCte(f, `(select account_id from account_rule where entity_id = ${f.entityId} and role in ('ar', 'ap', 'inventory', 'in_transit', 'cogs', 'revenue', 'sales_returns', 'sales_rebates'))`, source)},
      ${dailyBalanceCtes(f, "ar", ar)}, ${dailyBalanceCtes(f, "ap", ap)}, ${dailyBalanceCtes(f, "inv", inventory)},
      ${flowCte(f, "cogs", roleAccounts(f, COGS_ROLES))}, ${flowCte(f, "revenue", roleAccounts(f, REVENUE_ROLES))},
      daily as (select a.day, a.closing as ar, -p.closing as ap, i.closing as inventory from ar_balance a join ap_balance p on p.day = a.day join inv_balance i on i.day = a.day),
      buckets as (select ${bucket(f, "day")} as period, ${toDouble("count(*)")} as days, avg(ar) as ar, avg(ap) as ap, avg(inventory) as inventory, max(day) as last_day from daily group by 1),
      measured as (select b.period, ${ratio("b.ar", `${toDouble("-coalesce(r.v, 0)")} / b.days`)} as dso,
          ${ratio("b.inventory", `${toDouble("coalesce(c.v, 0)")} / b.days`)} as dio, ${ratio("b.ap", `${toDouble("coalesce(c.v, 0)")} / b.days`)} as dpo,
          d.ar + d.inventory - d.ap as working_capital
        from buckets b join daily d on d.day = b.last_day left join cogs c on c.period = b.period left join revenue r on r.period = b.period)
    select cast(period as varchar) as period, '' as grp, dso + dio - dpo as cash_conversion_cycle, dso, dio, dpo, working_capital from measured`;
}

const closeCycleTime: KpiDefinition = {
  name: "close_cycle_time", title: "Close-cycle time", version: 1, unit: "days", filters: [], groupable: false, drill: "period_closes",
  formula: "per hard-closed fiscal period ending in the range (bucketed by period end): (hard_closed_at - started_at) in days",
  measures: ["days"],
  sql: (f) => `select cast(${bucket(f, "p.end_date")} as varchar) as period, p.code as grp,
      avg((date_part('epoch', c.hard_closed_at) - date_part('epoch', c.started_at)) / 86400.0) as days
    from period_close c join fiscal_period p on p.id = c.fiscal_period_id
    where c.entity_id = ${f.entityId} and c.hard_closed_at is not null and c.started_at is not null and ${between(f, "p.end_date")}
    group by 1, 2`,
  // A few rows per period: the source query on the mirror is already instant.
  factSql: () => null,
};

export const KPI_DEFINITIONS: Readonly<Record<KpiName, KpiDefinition>> = {
  order_status_counts: orderStatusCounts, order_backlog: orderBacklog, fill_rate: fillRate, otif, inventory_turns: inventoryTurns,
  backorder_exposure: backorderExposure, lead_time_variance: leadTimeVariance, gross_margin: grossMargin, gmroi,
  working_capital: workingCapital, close_cycle_time: closeCycleTime,
};
