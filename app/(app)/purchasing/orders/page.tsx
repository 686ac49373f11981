import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { hasPermission } from "../../../../core/governance";
import { listPurchaseOrders, type PurchaseOrderStatus } from "../../../../core/purchasing";
import { read } from "../../../_lib/db";
import { loadPurchasingContext } from "../../../_lib/purchasing-data";
import { PurchasingStatus } from "../../../_lib/purchasing-ui";
import { parseQuery, queryFields, type SearchParams } from "../../../_lib/query";
import { statusWords } from "../../../_lib/sales-format";
import { EntitySelect } from "../../../_lib/sales-ui";
import { requireUser } from "../../../_lib/session";
import { Empty, Forbidden, PageHeader } from "../../../_lib/ui";

export const metadata: Metadata = { title: "Purchase orders" };

const STATUSES = ["draft", "pending_approval", "approved", "partially_received", "received", "closed", "cancelled"] as const satisfies readonly PurchaseOrderStatus[];
const FILTERS = ["open", ...STATUSES] as const;
const OPEN: PurchaseOrderStatus[] = ["draft", "pending_approval", "approved", "partially_received"];
const ROWS = 200;

const OrdersQuery = z.object({
  entity: queryFields.optionalId,
  supplier: queryFields.optionalId,
  status: z.enum(FILTERS).optional().catch(undefined),
});

export default async function PurchaseOrdersPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "purchasing:read")) return <Forbidden what="purchase orders" />;
  const query = await parseQuery(OrdersQuery, searchParams);
  const statuses = query.status === "open" ? OPEN : query.status ? [query.status] : undefined;
  const { context, rows } = await read(async (tx) => {
    const context = await loadPurchasingContext(tx, user, query.entity);
    const rows = await listPurchaseOrders(tx, user, { entityId: context.entity.id, statuses, supplierId: query.supplier, limit: ROWS });
    return { context, rows };
  });
  return (
    <>
      <PageHeader title="Purchase orders" subtitle={`${context.entity.code}: newest first, at most ${ROWS}`}
        actions={hasPermission(user, "purchasing:write") ? <Link className="button primary" href="/purchasing/orders/new">New purchase order</Link> : null} />
      <form className="toolbar" action="/purchasing/orders" method="get">
        <EntitySelect entities={context.entities} current={context.entity.id} />
        <select name="status" defaultValue={query.status ?? ""} aria-label="Status">
          <option value="">Any status</option>
          {FILTERS.map((s) => <option key={s} value={s}>{statusWords(s)}</option>)}
        </select>
        <select name="supplier" defaultValue={query.supplier ? String(query.supplier) : ""} aria-label="Supplier">
          <option value="">Any supplier</option>
          {context.suppliers.map((s) => <option key={s.id} value={s.id}>{s.code} {s.name}</option>)}
        </select>
        <button type="submit">Filter</button>
      </form>
      {rows.length === 0 ? <Empty>No purchase orders match.</Empty> : (
        <div className="table-wrap">
          <table className="data" data-testid="purchase-orders">
            <thead><tr><th>PO</th><th>Order date</th><th>Expected</th><th>Supplier</th><th>Currency</th><th>Status</th></tr></thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td><Link href={`/purchasing/orders/${row.id}`}>{row.poNumber}</Link></td>
                  <td>{row.orderDate}</td>
                  <td>{row.expectedDate}</td>
                  <td>{row.supplierCode} <span className="muted">{row.supplierName}</span></td>
                  <td>{row.currency}</td>
                  <td><PurchasingStatus status={row.status} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
