import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { hasPermission } from "../../../../core/governance";
import { listPickQueue, listShipments, type PickQueueLine } from "../../../../core/sales/fulfilment";
import { read } from "../../../_lib/db";
import { parseQuery, queryFields, type SearchParams } from "../../../_lib/query";
import { loadSalesContext, loadSellingWarehouseOptions } from "../../../_lib/sales-data";
import { qtyOf } from "../../../_lib/sales-format";
import { PickListForm } from "../../../_lib/sales-forms";
import { EntitySelect, SalesStatus } from "../../../_lib/sales-ui";
import { requireUser } from "../../../_lib/session";
import { Empty, Forbidden, PageHeader } from "../../../_lib/ui";

export const metadata: Metadata = { title: "Shipping" };

const OPEN_SHIPMENTS_MAX = 200;
const ShippingQuery = z.object({ entity: queryFields.optionalId, warehouse: queryFields.optionalId });

type OrderGroup = { orderId: number; orderNumber: string; warehouseId: number; warehouseCode: string; first: PickQueueLine; lines: PickQueueLine[] };

/** The queue per order and warehouse: one pick list covers one order in one warehouse. */
function groupsOf(lines: PickQueueLine[]): OrderGroup[] {
  const groups = new Map<string, OrderGroup>();
  for (const line of lines) {
    const key = `${line.orderId}|${line.warehouseId}`;
    const group = groups.get(key) ?? { orderId: line.orderId, orderNumber: line.orderNumber, warehouseId: line.warehouseId, warehouseCode: line.warehouseCode, first: line, lines: [] };
    group.lines.push(line);
    groups.set(key, group);
  }
  return [...groups.values()];
}

export default async function ShippingPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "sales:read")) return <Forbidden what="shipping" />;
  const query = await parseQuery(ShippingQuery, searchParams);
  const { context, queue, open, warehouses } = await read(async (tx) => {
    const context = await loadSalesContext(tx, user, query.entity);
    const queue = await listPickQueue(tx, user, { entityId: context.entity.id, warehouseId: query.warehouse ?? null });
    const open = await listShipments(tx, user, { entityId: context.entity.id, warehouseId: query.warehouse, status: ["picking", "packed"], limit: OPEN_SHIPMENTS_MAX });
    return { context, queue, open, warehouses: await loadSellingWarehouseOptions(tx, user, context.entity.id) };
  });
  const mayPick = hasPermission(user, "inventory:write");
  const groups = groupsOf(queue);
  return (
    <>
      <PageHeader title="Shipping" subtitle={`${context.entity.code}: allocated lines ready to pick, per warehouse, in priority order`} />
      <form className="toolbar" action="/sales/shipping" method="get">
        <EntitySelect entities={context.entities} current={context.entity.id} />
        <select name="warehouse" defaultValue={query.warehouse ?? ""} aria-label="Warehouse">
          <option value="">All warehouses</option>
          {warehouses.map((w) => <option key={w.id} value={w.id}>{w.code}</option>)}
        </select>
        <button type="submit">Show</button>
      </form>
      <section className="card">
        <h2>Open pick lists</h2>
        {open.length === 0 ? <Empty>No pick list is waiting to be packed or shipped.</Empty> : (
          <table className="data compact" data-testid="open-pick-lists">
            <thead><tr><th>Shipment</th><th>Order</th><th>Status</th><th>Carrier</th><th className="num">Packages</th></tr></thead>
            <tbody>
              {open.map((s) => (
                <tr key={s.id}>
                  <td><Link href={`/sales/shipments/${s.id}`}>{s.shipmentNumber}</Link></td>
                  <td><Link href={`/sales/orders/${s.orderId}`}>{s.orderNumber}</Link></td>
                  <td><SalesStatus status={s.status} /></td><td>{s.carrier ?? ""}</td><td className="num">{s.packageCount ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <h2>Ready to pick</h2>
      {groups.length === 0 ? <Empty>Nothing allocated is waiting for a pick list.</Empty> : groups.map((group) => (
        <section className="card" key={`${group.orderId}-${group.warehouseId}`} data-testid={`pick-${group.orderNumber}-${group.warehouseCode}`}>
          <div className="page-header">
            <h2><Link href={`/sales/orders/${group.orderId}`}>{group.orderNumber}</Link> from {group.warehouseCode}</h2>
            <span className="muted">{group.first.customerCode} {group.first.customerName} · priority {group.first.priority} · ordered {group.first.orderDate}</span>
          </div>
          {mayPick ? (
            <PickListForm orderId={group.orderId} orderNumber={group.orderNumber} warehouseId={group.warehouseId}
              lines={group.lines.map((l) => ({ orderLineId: l.orderLineId, lineNumber: l.lineNumber, sku: l.sku, pickable: qtyOf(l.pickableBaseQty) }))} />
          ) : (
            <table className="data compact">
              <thead><tr><th>Line</th><th>Item</th><th className="num">Allocated</th><th className="num">On pick lists</th><th className="num">Pickable</th></tr></thead>
              <tbody>
                {group.lines.map((l) => (
                  <tr key={l.orderLineId}><td>{l.lineNumber}</td><td>{l.sku}</td><td className="num">{qtyOf(l.allocatedBaseQty)}</td><td className="num">{qtyOf(l.onPickListsBaseQty)}</td><td className="num">{qtyOf(l.pickableBaseQty)}</td></tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </>
  );
}
