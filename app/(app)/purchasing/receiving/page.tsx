import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { hasPermission } from "../../../../core/governance";
import { listOpenReceiptLines, type OpenReceiptLine } from "../../../../core/purchasing";
import { read } from "../../../_lib/db";
import { loadPurchasingContext } from "../../../_lib/purchasing-data";
import { ReceiveForm } from "../../../_lib/purchasing-forms";
import { parseQuery, queryFields, type SearchParams } from "../../../_lib/query";
import { qtyOf } from "../../../_lib/sales-format";
import { EntitySelect } from "../../../_lib/sales-ui";
import { requireUser } from "../../../_lib/session";
import { Empty, Forbidden, PageHeader } from "../../../_lib/ui";

export const metadata: Metadata = { title: "Receiving" };

const ReceivingQuery = z.object({ entity: queryFields.optionalId, warehouse: queryFields.optionalId, q: queryFields.optionalText });
const LINES_SHOWN = 300;

function byOrder(lines: OpenReceiptLine[]): OpenReceiptLine[][] {
  const groups = new Map<number, OpenReceiptLine[]>();
  for (const line of lines) groups.set(line.purchaseOrderId, [...(groups.get(line.purchaseOrderId) ?? []), line]);
  return [...groups.values()];
}

/** The receiving dock: open lines of approved orders due into a warehouse, received order by order. */
export default async function ReceivingPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "purchasing:read")) return <Forbidden what="receiving" />;
  const query = await parseQuery(ReceivingQuery, searchParams);
  const { context, lines } = await read(async (tx) => {
    const context = await loadPurchasingContext(tx, user, query.entity);
    const warehouse = context.warehouses.find((w) => w.id === query.warehouse) ?? context.warehouses[0];
    const lines = warehouse ? await listOpenReceiptLines(tx, user, { entityId: context.entity.id, warehouseId: warehouse.id, search: query.q ?? null, limit: LINES_SHOWN }) : [];
    return { context, lines };
  });
  const warehouse = context.warehouses.find((w) => w.id === query.warehouse) ?? context.warehouses[0];
  const canReceive = hasPermission(user, "inventory:write");
  return (
    <>
      <PageHeader title="Receiving" subtitle={warehouse ? `${warehouse.code}: open purchase order lines, earliest due first` : "no warehouse"} />
      <form className="toolbar" action="/purchasing/receiving" method="get" role="search">
        <EntitySelect entities={context.entities} current={context.entity.id} />
        <select name="warehouse" defaultValue={warehouse ? String(warehouse.id) : ""} aria-label="Warehouse">
          {context.warehouses.map((w) => <option key={w.id} value={w.id}>{w.code} {w.name}</option>)}
        </select>
        <input type="search" name="q" defaultValue={query.q ?? ""} placeholder="PO number or SKU" aria-label="Search" />
        <button type="submit">Show</button>
      </form>
      {lines.length === 0 || !warehouse ? <Empty>No open purchase order lines for this warehouse.</Empty> : byOrder(lines).map((group) => {
        const first = group[0]!;
        return (
          <section key={first.purchaseOrderId} className="card" data-testid={`receive-${first.poNumber}`}>
            <h2><Link href={`/purchasing/orders/${first.purchaseOrderId}`}>{first.poNumber}</Link> <span className="muted">{first.supplierCode} {first.supplierName}</span></h2>
            {canReceive ? (
              <ReceiveForm purchaseOrderId={first.purchaseOrderId} poNumber={first.poNumber} warehouseId={warehouse.id} today={context.today}
                lines={group.map((l) => ({ lineId: l.purchaseOrderLineId, itemId: l.itemId, lineNumber: l.lineNumber, sku: l.sku, description: l.description, uom: l.uom, openQty: qtyOf(l.openQty).replaceAll(",", ""), dueDate: l.dueDate }))} />
            ) : (
              <table className="data compact">
                <thead><tr><th>Line</th><th>Item</th><th>Due</th><th className="num">Open</th><th>Unit</th></tr></thead>
                <tbody>{group.map((l) => <tr key={l.purchaseOrderLineId}><td>{l.lineNumber}</td><td>{l.sku}</td><td>{l.dueDate}</td><td className="num">{qtyOf(l.openQty)}</td><td>{l.uom}</td></tr>)}</tbody>
              </table>
            )}
          </section>
        );
      })}
    </>
  );
}
