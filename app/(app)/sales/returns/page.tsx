import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import type { Tx } from "../../../../core/db/client";
import { hasPermission, type SessionUser } from "../../../../core/governance";
import { getInvoiceOrThrow, listInvoices } from "../../../../core/sales/invoicing";
import { listReturns } from "../../../../core/sales/returns";
import { isDomainError } from "../../../../core/shared/errors";
import { read } from "../../../_lib/db";
import { hrefWith, parseQuery, queryFields, type SearchParams } from "../../../_lib/query";
import { loadSalesContext, loadSellingWarehouseOptions } from "../../../_lib/sales-data";
import { qtyOf, statusWords } from "../../../_lib/sales-format";
import { RequestReturnForm } from "../../../_lib/sales-forms";
import { EntitySelect, SalesStatus } from "../../../_lib/sales-ui";
import { requireUser } from "../../../_lib/session";
import { Empty, Forbidden, PageHeader } from "../../../_lib/ui";

export const metadata: Metadata = { title: "Returns" };

const PAGE_SIZE = 50;
const RECENT_INVOICES_MAX = 200;
const STATUSES = ["requested", "approved", "rejected", "received", "credited", "cancelled"] as const;
const ReturnsQuery = z.object({
  entity: queryFields.optionalId, page: queryFields.pageNumber, invoice: queryFields.optionalId, status: z.enum(STATUSES).optional().catch(undefined),
});

/** The invoice to request a return on, when one is chosen and the user may request returns. */
async function loadRequest(tx: Tx, user: SessionUser, invoiceId: number | undefined) {
  if (!invoiceId || !hasPermission(user, "sales:write")) return null;
  try {
    const invoice = await getInvoiceOrThrow(tx, user, invoiceId);
    if (invoice.kind !== "invoice") return null;
    return { invoice, warehouses: await loadSellingWarehouseOptions(tx, user, invoice.entityId) };
  } catch (error) {
    if (isDomainError(error) && error.kind === "not_found") return null;
    throw error;
  }
}

export default async function ReturnsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "sales:read")) return <Forbidden what="returns" />;
  const query = await parseQuery(ReturnsQuery, searchParams);
  const { context, returns, recent, request } = await read(async (tx) => {
    const request = await loadRequest(tx, user, query.invoice);
    const context = await loadSalesContext(tx, user, query.entity ?? request?.invoice.entityId);
    const returns = await listReturns(tx, user, { entityId: context.entity.id, status: query.status ? [query.status] : undefined, limit: PAGE_SIZE + 1, offset: (query.page - 1) * PAGE_SIZE });
    const recent = hasPermission(user, "sales:write") ? await listInvoices(tx, user, { entityId: context.entity.id, kind: "invoice", limit: RECENT_INVOICES_MAX }) : [];
    return { context, returns, recent, request };
  });
  const filters = { entity: context.entity.id, status: query.status };
  return (
    <>
      <PageHeader title="Returns" subtitle={`${context.entity.code}: return authorizations (RMAs), newest first`} />
      {hasPermission(user, "sales:write") ? (
        <section className="card" data-testid="request-return">
          <h2>Request a return</h2>
          <form className="toolbar" action="/sales/returns" method="get">
            <input type="hidden" name="entity" value={context.entity.id} />
            <select name="invoice" defaultValue={request?.invoice.id ?? ""} aria-label="Invoice">
              <option value="">Choose an invoice…</option>
              {recent.map((i) => <option key={i.id} value={i.id}>{i.invoiceNumber} · {i.customerCode} · {i.invoiceDate}</option>)}
            </select>
            <button type="submit">Choose</button>
          </form>
          {request ? (
            <RequestReturnForm invoiceId={request.invoice.id} invoiceNumber={request.invoice.invoiceNumber} warehouses={request.warehouses}
              lines={request.invoice.lines.map((l) => ({ invoiceLineId: l.id, lineNumber: l.lineNumber, description: l.description, invoiced: qtyOf(l.baseQty) }))} />
          ) : null}
        </section>
      ) : null}
      <form className="toolbar" action="/sales/returns" method="get">
        <EntitySelect entities={context.entities} current={context.entity.id} />
        <select name="status" defaultValue={query.status ?? ""} aria-label="Status">
          <option value="">Any status</option>
          {STATUSES.map((s) => <option key={s} value={s}>{statusWords(s)}</option>)}
        </select>
        <button type="submit">Filter</button>
      </form>
      {returns.length === 0 ? <Empty>No returns match.</Empty> : (
        <div className="table-wrap">
          <table className="data" data-testid="returns">
            <thead><tr><th>RMA</th><th>Customer</th><th>Invoice</th><th>Reason</th><th>Approval</th><th>Status</th></tr></thead>
            <tbody>
              {returns.slice(0, PAGE_SIZE).map((r) => (
                <tr key={r.id}>
                  <td><Link href={`/sales/returns/${r.id}`}>{r.rmaNumber}</Link></td>
                  <td>{r.customerCode} <span className="muted">{r.customerName}</span></td>
                  <td><Link href={`/sales/invoices/${r.invoiceId}`}>{r.invoiceNumber}</Link></td>
                  <td>{r.reason}</td>
                  <td>{r.approvalRequestId ? <Link href={`/approvals/${r.approvalRequestId}`}>#{r.approvalRequestId}</Link> : "—"}</td>
                  <td><SalesStatus status={r.status} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="pager" aria-label="Pages">
        <span className="pager-count">Page {query.page}</span>
        {query.page > 1 ? <Link href={hrefWith("/sales/returns", { ...filters, page: query.page - 1 })} rel="prev">‹ Previous</Link> : <span className="disabled">‹ Previous</span>}
        {returns.length > PAGE_SIZE ? <Link href={hrefWith("/sales/returns", { ...filters, page: query.page + 1 })} rel="next">Next ›</Link> : <span className="disabled">Next ›</span>}
      </nav>
    </>
  );
}
