// Drill-down from a KPI figure to the documents behind it, read from PostgreSQL (the system of
// record), never from the mirror: the orders, order lines, receipt lines, journal lines or period
// closes of one bucket (and one group) of the series.
import type { Db } from "../core/db/client";
import { requirePermission, type Actor } from "../core/governance/permissions";
import { assert } from "../core/shared/assert";
import { BACKLOG_STATUS, KPI_DEFINITIONS, type KpiName } from "./kpi-definitions";
import { categoryFilter, customerFilter, dateLiteral, warehouseFilter, type KpiFilters } from "./kpi-sql";

export const DRILL_ROWS_MAX = 500;

export type DrillRequest = { filters: KpiFilters; period: string | null; group: string | null };
export type DrillResult = { kind: string; columns: string[]; rows: Record<string, string | null>[]; truncated: boolean };

/** The bucket [start, end] of `period` at the filters' grain, clipped to the range; the whole range without a period. */
export function bucketRange(filters: KpiFilters, period: string | null): { from: string; to: string } {
  if (period === null) return { from: filters.from, to: filters.to };
  assert(/^\d{4}-\d{2}-\d{2}$/.test(period), "a period is an ISO date");
  const start = new Date(`${period}T00:00:00Z`);
  const end = new Date(start);
  if (filters.grain === "week") end.setUTCDate(end.getUTCDate() + 6);
  if (filters.grain === "month") end.setUTCMonth(end.getUTCMonth() + 1, 0);
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  return { from: iso(start) < filters.from ? filters.from : iso(start), to: iso(end) > filters.to ? filters.to : iso(end) };
}

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

function orderLinesSql(name: KpiName, f: KpiFilters, range: { from: string; to: string }, group: string | null): string {
  const dateColumn = name === "otif" ? "l.promised_date" : "o.order_date";
  const dateCondition = name === "fill_rate"
    ? `exists (select 1 from shipment_line sl join shipment s on s.id = sl.shipment_id where sl.order_line_id = l.id and s.status = 'shipped' and s.ship_date between ${dateLiteral(range.from)} and ${dateLiteral(range.to)})`
    : `${dateColumn} between ${dateLiteral(range.from)} and ${dateLiteral(range.to)}`;
  const open = "(l.base_qty_ordered - l.base_qty_shipped - l.base_qty_cancelled)";
  const narrowing = name === "backorder_exposure" ? ` and ${open} - l.base_qty_allocated > 0 and o.status in ('entered', 'credit_hold', 'released', 'partially_shipped')`
    : name === "order_backlog" ? ` and ${open} > 0 and o.status in ('entered', 'credit_hold', 'released', 'partially_shipped')` : "";
  const groupExpression = name === "order_backlog" ? BACKLOG_STATUS
    : name === "backorder_exposure" ? `case when ${dateLiteral(f.to)} - o.order_date <= 7 then '0-7' when ${dateLiteral(f.to)} - o.order_date <= 30 then '8-30' else '31+' end` : null;
  const groupCondition = groupExpression !== null && group ? ` and ${groupExpression} = ${quote(group)}` : "";
  return `select o.id::text as order_id, o.order_number, o.order_date::text, c.code as customer, l.line_number::text, i.sku as item, w.code as warehouse,
      l.base_qty_ordered::text as ordered, l.base_qty_shipped::text as shipped, l.base_qty_allocated::text as allocated, ${open}::text as open,
      l.promised_date::text, l.status, o.currency, l.unit_price_minor::text as unit_price_minor
    from sales_order_line l join sales_order o on o.id = l.order_id join customer c on c.id = o.customer_id join item i on i.id = l.item_id join warehouse w on w.id = l.warehouse_id
    where l.entity_id = ${f.entityId} and ${dateCondition}${narrowing}${groupCondition}${warehouseFilter(f, "l.warehouse_id")}${categoryFilter(f, "l.item_id")}${customerFilter(f, "o.customer_id")}
    order by o.order_date, o.order_number, l.line_number limit ${DRILL_ROWS_MAX + 1}`;
}

function ordersSql(f: KpiFilters, range: { from: string; to: string }, group: string | null): string {
  return `select o.id::text as order_id, o.order_number, o.order_date::text, c.code as customer, o.status, o.currency,
      (select count(*) from sales_order_line l where l.order_id = o.id)::text as lines
    from sales_order o join customer c on c.id = o.customer_id
    where o.entity_id = ${f.entityId} and o.order_date between ${dateLiteral(range.from)} and ${dateLiteral(range.to)}${group ? ` and o.status = ${quote(group)}` : ""}${customerFilter(f, "o.customer_id")}
    order by o.order_date, o.order_number limit ${DRILL_ROWS_MAX + 1}`;
}

function receiptLinesSql(f: KpiFilters, range: { from: string; to: string }, group: string | null): string {
  return `select r.receipt_number, r.receipt_date::text, s.code as supplier, po.po_number, i.sku as item, rl.base_qty::text as qty,
      pl.expected_date::text, (r.receipt_date - pl.expected_date)::text as variance_days
    from purchase_receipt_line rl join purchase_receipt r on r.id = rl.receipt_id join purchase_order_line pl on pl.id = rl.purchase_order_line_id
      join purchase_order po on po.id = pl.purchase_order_id join supplier s on s.id = r.supplier_id join item i on i.id = rl.item_id
    where r.entity_id = ${f.entityId} and r.receipt_date between ${dateLiteral(range.from)} and ${dateLiteral(range.to)}${group ? ` and s.code = ${quote(group)}` : ""}
      ${warehouseFilter(f, "r.warehouse_id")}${categoryFilter(f, "rl.item_id")}
    order by r.receipt_date, r.receipt_number limit ${DRILL_ROWS_MAX + 1}`;
}

const JOURNAL_ROLES: Partial<Record<KpiName, string[]>> = {
  inventory_turns: ["cogs", "inventory", "in_transit"], gmroi: ["cogs", "revenue", "sales_returns", "sales_rebates"],
  gross_margin: ["cogs", "revenue", "sales_returns", "sales_rebates"], working_capital: ["ar", "ap", "inventory", "in_transit"],
};

function journalLinesSql(name: KpiName, f: KpiFilters, range: { from: string; to: string }): string {
  const roles = (JOURNAL_ROLES[name] ?? ["cogs"]).map(quote).join(", ");
  return `select e.entry_number, e.posting_date::text, e.event_type, a.code as account, a.name as account_name, l.debit_minor::text, l.credit_minor::text,
      (select sku from item where id = l.item_id) as item, (select code from customer where id = l.customer_id) as customer, e.source_type, e.source_id::text
    from journal_line l join journal_entry e on e.id = l.entry_id join account a on a.id = l.account_id
    where l.entity_id = ${f.entityId} and e.posting_date between ${dateLiteral(range.from)} and ${dateLiteral(range.to)}
      and l.account_id in (select account_id from account_rule where entity_id = ${f.entityId} and role in (${roles}))
      ${warehouseFilter(f, "l.warehouse_id")}${categoryFilter(f, "l.item_id")}${customerFilter(f, "l.customer_id")}
    order by e.posting_date, e.entry_number, l.line_number limit ${DRILL_ROWS_MAX + 1}`;
}

function periodClosesSql(f: KpiFilters, range: { from: string; to: string }): string {
  return `select p.code as period, p.end_date::text, c.status, c.started_at::text, c.hard_closed_at::text
    from period_close c join fiscal_period p on p.id = c.fiscal_period_id
    where c.entity_id = ${f.entityId} and p.end_date between ${dateLiteral(range.from)} and ${dateLiteral(range.to)} order by p.end_date limit ${DRILL_ROWS_MAX + 1}`;
}

export async function drillDown(db: Db, actor: Actor, name: KpiName, request: DrillRequest): Promise<DrillResult> {
  requirePermission(actor, "analytics:read");
  const definition = KPI_DEFINITIONS[name];
  const range = bucketRange(request.filters, request.period);
  const text = definition.drill === "orders" ? ordersSql(request.filters, range, request.group)
    : definition.drill === "order_lines" ? orderLinesSql(name, request.filters, range, request.group)
    : definition.drill === "receipt_lines" ? receiptLinesSql(request.filters, range, request.group)
    : definition.drill === "journal_lines" ? journalLinesSql(name, request.filters, range)
    : periodClosesSql(request.filters, range);
  const rows = await db.$client.begin("isolation level repeatable read read only", (sql) => sql.unsafe(text)) as unknown as Record<string, string | null>[];
  const kept = rows.slice(0, DRILL_ROWS_MAX);
  return { kind: definition.drill, columns: kept[0] ? Object.keys(kept[0]) : [], rows: kept.map((r) => ({ ...r })), truncated: rows.length > DRILL_ROWS_MAX };
}
