import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { hasPermission } from "../../../../core/governance";
import { listSalesOrders, ORDER_STATUSES } from "../../../../core/sales";
import { read } from "../../../_lib/db";
import { parseQuery, queryFields, type SearchParams } from "../../../_lib/query";
import { loadSalesContext } from "../../../_lib/sales-data";
import { amountOf, statusWords } from "../../../_lib/sales-format";
import { EntitySelect, SalesStatus } from "../../../_lib/sales-ui";
import { requireUser } from "../../../_lib/session";
import { Empty, Forbidden, PageHeader, Pager, SearchForm } from "../../../_lib/ui";

export const metadata: Metadata = { title: "Sales orders" };

const PAGE_SIZE = 50;
/** "open" is every status that still expects something: entered, held, released, partly shipped. */
const STATUS_FILTERS = ["open", ...ORDER_STATUSES] as const;
const OPEN_STATUSES = ["entered", "credit_hold", "released", "partially_shipped"] as const;

const OrdersQuery = z.object({
  q: queryFields.optionalText,
  page: queryFields.pageNumber,
  entity: queryFields.optionalId,
  status: z.enum(STATUS_FILTERS).optional().catch(undefined),
});

export default async function OrdersPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "sales:read")) return <Forbidden what="sales orders" />;
  const query = await parseQuery(OrdersQuery, searchParams);
  const statuses = query.status === "open" ? [...OPEN_STATUSES] : query.status ? [query.status] : null;
  const { context, page } = await read(async (tx) => {
    const context = await loadSalesContext(tx, user, query.entity);
    const page = await listSalesOrders(tx, user, { entityId: context.entity.id, statuses, search: query.q ?? null, page: query.page, pageSize: PAGE_SIZE });
    return { context, page };
  });
  return (
    <>
      <PageHeader title="Sales orders" subtitle={`${context.entity.code}: newest first`}
        actions={hasPermission(user, "sales:write") ? <Link className="button primary" href="/sales/orders/new">New order</Link> : null} />
      <SearchForm action="/sales/orders" q={query.q} placeholder="Order number or customer PO">
        <EntitySelect entities={context.entities} current={context.entity.id} />
        <select name="status" defaultValue={query.status ?? ""} aria-label="Status">
          <option value="">Any status</option>
          {STATUS_FILTERS.map((s) => <option key={s} value={s}>{s === "open" ? "open (not shipped or cancelled)" : statusWords(s)}</option>)}
        </select>
      </SearchForm>
      {page.rows.length === 0 ? <Empty>No orders match.</Empty> : (
        <div className="table-wrap">
          <table className="data" data-testid="orders">
            <thead>
              <tr><th>Order</th><th>Date</th><th>Customer</th><th>Customer PO</th><th>Channel</th><th className="num">Priority</th><th className="num">Lines</th><th className="num">Backordered</th><th className="num">Held</th><th className="num">Total</th><th>Currency</th><th>Status</th></tr>
            </thead>
            <tbody>
              {page.rows.map((row) => (
                <tr key={row.orderId}>
                  <td><Link href={`/sales/orders/${row.orderId}`}>{row.orderNumber}</Link></td>
                  <td>{row.orderDate}</td>
                  <td>{row.customerCode} <span className="muted">{row.customerName}</span></td>
                  <td>{row.customerPoNumber ?? ""}</td>
                  <td>{row.channel}</td>
                  <td className="num">{row.priority}</td>
                  <td className="num">{row.lineCount}</td>
                  <td className="num">{row.backorderedLineCount}</td>
                  <td className="num">{row.heldLineCount}</td>
                  <td className="num">{amountOf(row.totalMinor, row.currency, context.digits)}</td>
                  <td>{row.currency}</td>
                  <td><SalesStatus status={row.status} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager path="/sales/orders" params={{ q: query.q, status: query.status, entity: context.entity.id }} page={page.page} pageSize={page.pageSize} total={page.total} />
    </>
  );
}
