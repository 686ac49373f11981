import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { hasPermission } from "../../../../core/governance";
import { listTransferOrders } from "../../../../core/purchasing";
import { read } from "../../../_lib/db";
import { loadPurchasingContext } from "../../../_lib/purchasing-data";
import { NewTransferForm } from "../../../_lib/purchasing-forms";
import { PurchasingStatus } from "../../../_lib/purchasing-ui";
import { parseQuery, queryFields, type SearchParams } from "../../../_lib/query";
import { qtyOf } from "../../../_lib/sales-format";
import { EntitySelect } from "../../../_lib/sales-ui";
import { requireUser } from "../../../_lib/session";
import { Empty, Forbidden, PageHeader, Pager } from "../../../_lib/ui";

export const metadata: Metadata = { title: "Transfers" };

const STATUSES = ["draft", "shipped", "received", "cancelled"] as const;
const TransfersQuery = z.object({ entity: queryFields.optionalId, status: z.enum(STATUSES).optional().catch(undefined), q: queryFields.optionalText, page: queryFields.pageNumber });
const PAGE_SIZE = 50;

export default async function TransfersPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "inventory:read")) return <Forbidden what="transfers" />;
  const query = await parseQuery(TransfersQuery, searchParams);
  const { context, page } = await read(async (tx) => {
    const context = await loadPurchasingContext(tx, user, query.entity);
    const page = await listTransferOrders(tx, user, { entityId: context.entity.id, status: query.status ?? null, search: query.q ?? null, page: query.page, pageSize: PAGE_SIZE });
    return { context, page };
  });
  return (
    <>
      <PageHeader title="Transfers" subtitle={`${context.entity.code}: stock moved between warehouses through in-transit`} />
      <form className="toolbar" action="/inventory/transfers" method="get" role="search">
        <EntitySelect entities={context.entities} current={context.entity.id} />
        <input type="search" name="q" defaultValue={query.q ?? ""} placeholder="Transfer number" aria-label="Search" />
        <select name="status" defaultValue={query.status ?? ""} aria-label="Status"><option value="">Any status</option>{STATUSES.map((s) => <option key={s} value={s}>{s.replaceAll("_", " ")}</option>)}</select>
        <button type="submit">Search</button>
      </form>
      {hasPermission(user, "inventory:write") ? <section className="card"><h2>New transfer</h2><NewTransferForm entityId={context.entity.id} warehouses={context.warehouses} today={context.today} /></section> : null}
      {page.rows.length === 0 ? <Empty>No transfers match.</Empty> : (
        <table className="data" data-testid="transfers">
          <thead><tr><th>Transfer</th><th>From</th><th>To</th><th>Expected</th><th>Shipped</th><th>Received</th><th className="num">Lines</th><th className="num">Quantity</th><th className="num">Received</th><th>Status</th></tr></thead>
          <tbody>{page.rows.map((r) => (
            <tr key={r.id}><td><Link href={`/inventory/transfers/${r.id}`}>{r.transferNumber}</Link></td><td>{r.fromWarehouseCode}</td><td>{r.toWarehouseCode}</td><td>{r.expectedDate}</td>
              <td>{r.shippedDate ?? ""}</td><td>{r.receivedDate ?? ""}</td><td className="num">{r.lineCount}</td><td className="num">{qtyOf(r.baseQtyTotal)}</td><td className="num">{qtyOf(r.baseQtyReceived)}</td>
              <td><PurchasingStatus status={r.status} /></td></tr>
          ))}</tbody>
        </table>
      )}
      <Pager path="/inventory/transfers" params={{ entity: context.entity.id, status: query.status, q: query.q }} page={page.page} pageSize={page.pageSize} total={page.total} />
    </>
  );
}
