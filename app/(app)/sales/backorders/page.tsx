import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { hasPermission } from "../../../../core/governance";
import { listBackorders, type BackorderRow } from "../../../../core/sales";
import { read } from "../../../_lib/db";
import { parseQuery, queryFields, type SearchParams } from "../../../_lib/query";
import { loadSalesContext, loadSellingWarehouseOptions } from "../../../_lib/sales-data";
import { amountOf, qtyOf } from "../../../_lib/sales-format";
import { ReallocateForm } from "../../../_lib/sales-forms";
import { EntitySelect } from "../../../_lib/sales-ui";
import { requireUser } from "../../../_lib/session";
import { Empty, Forbidden, PageHeader } from "../../../_lib/ui";

export const metadata: Metadata = { title: "Backorders" };

const QUEUE_MAX = 500;
const BackordersQuery = z.object({ entity: queryFields.optionalId, warehouse: queryFields.optionalId });

type Group = { itemId: number; warehouseId: number; sku: string; warehouseCode: string; rows: BackorderRow[] };

/** The queue grouped by item and warehouse (the unit reallocation works on), in queue order. */
function groupsOf(rows: BackorderRow[]): Group[] {
  const groups = new Map<string, Group>();
  for (const row of rows) {
    const key = `${row.itemId}|${row.warehouseId}`;
    const group = groups.get(key) ?? { itemId: row.itemId, warehouseId: row.warehouseId, sku: row.sku, warehouseCode: row.warehouseCode, rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => a.sku.localeCompare(b.sku) || a.warehouseCode.localeCompare(b.warehouseCode));
}

export default async function BackordersPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "sales:read")) return <Forbidden what="the backorder queue" />;
  const query = await parseQuery(BackordersQuery, searchParams);
  const { context, rows, warehouses } = await read(async (tx) => {
    const context = await loadSalesContext(tx, user, query.entity);
    const rows = await listBackorders(tx, user, { entityId: context.entity.id, warehouseId: query.warehouse ?? null, limit: QUEUE_MAX });
    return { context, rows, warehouses: await loadSellingWarehouseOptions(tx, user, context.entity.id) };
  });
  const mayReallocate = hasPermission(user, "sales:write") || hasPermission(user, "inventory:write");
  const groups = groupsOf(rows);
  return (
    <>
      <PageHeader title="Backorders" subtitle={`${context.entity.code}: lines waiting for stock, highest priority first, then the oldest order`} />
      <form className="toolbar" action="/sales/backorders" method="get">
        <EntitySelect entities={context.entities} current={context.entity.id} />
        <select name="warehouse" defaultValue={query.warehouse ?? ""} aria-label="Warehouse">
          <option value="">All warehouses</option>
          {warehouses.map((w) => <option key={w.id} value={w.id}>{w.code}</option>)}
        </select>
        <button type="submit">Filter</button>
      </form>
      {groups.length === 0 ? <Empty>Nothing is backordered.</Empty> : groups.map((group) => (
        <section className="card" key={`${group.itemId}-${group.warehouseId}`} data-testid={`backorders-${group.sku}-${group.warehouseCode}`}>
          <div className="page-header">
            <h2>{group.sku} in {group.warehouseCode}</h2>
            {mayReallocate ? <ReallocateForm itemId={group.itemId} warehouseId={group.warehouseId} label={`${group.sku} in ${group.warehouseCode}`} /> : null}
          </div>
          <table className="data compact">
            <thead><tr><th className="num">Priority</th><th>Order date</th><th>Order</th><th>Customer</th><th className="num">Open</th><th className="num">Allocated</th><th className="num">Backordered</th><th className="num">Value</th><th>Promised</th></tr></thead>
            <tbody>
              {group.rows.map((row) => (
                <tr key={row.orderLineId}>
                  <td className="num">{row.priority}</td><td>{row.orderDate}</td>
                  <td><Link href={`/sales/orders/${row.orderId}`}>{row.orderNumber}</Link> line {row.lineNumber}</td>
                  <td>{row.customerCode} <span className="muted">{row.customerName} ({row.customerTier})</span></td>
                  <td className="num">{qtyOf(row.openBaseQty)}</td><td className="num">{qtyOf(row.allocatedBaseQty)}</td><td className="num">{qtyOf(row.backorderedBaseQty)}</td>
                  <td className="num">{amountOf(row.backorderedValueMinor, row.currency, context.digits)} {row.currency}</td>
                  <td>{row.promisedDate ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      {rows.length === QUEUE_MAX ? <p className="muted">Showing the first {QUEUE_MAX} lines of the queue.</p> : null}
    </>
  );
}
