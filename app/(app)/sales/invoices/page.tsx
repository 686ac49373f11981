import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { hasPermission } from "../../../../core/governance";
import { listShipments, type ShipmentListRow } from "../../../../core/sales/fulfilment";
import { listInvoices } from "../../../../core/sales/invoicing";
import { read } from "../../../_lib/db";
import { hrefWith, parseQuery, queryFields, type SearchParams } from "../../../_lib/query";
import { loadSalesContext } from "../../../_lib/sales-data";
import { amountOf, statusWords } from "../../../_lib/sales-format";
import { InvoiceBatchForm, InvoiceShipmentForm } from "../../../_lib/sales-forms";
import { EntitySelect, SalesStatus } from "../../../_lib/sales-ui";
import { requireUser } from "../../../_lib/session";
import { Empty, Forbidden, PageHeader } from "../../../_lib/ui";

export const metadata: Metadata = { title: "Invoices" };

const PAGE_SIZE = 50;
const UNINVOICED_MAX = 100;
const STATUSES = ["open", "partially_paid", "paid", "void"] as const;
const InvoicesQuery = z.object({
  entity: queryFields.optionalId, page: queryFields.pageNumber,
  status: z.enum(STATUSES).optional().catch(undefined), kind: z.enum(["invoice", "credit_memo"]).optional().catch(undefined),
});

export default async function InvoicesPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "sales:read")) return <Forbidden what="invoices" />;
  const query = await parseQuery(InvoicesQuery, searchParams);
  const { context, invoices, uninvoiced } = await read(async (tx) => {
    const context = await loadSalesContext(tx, user, query.entity);
    // One row more than the page tells whether a next page exists (the list has no total).
    const invoices = await listInvoices(tx, user, {
      entityId: context.entity.id, status: query.status ? [query.status] : undefined, kind: query.kind, limit: PAGE_SIZE + 1, offset: (query.page - 1) * PAGE_SIZE,
    });
    const uninvoiced = await listShipments(tx, user, { entityId: context.entity.id, uninvoicedOnly: true, limit: UNINVOICED_MAX });
    return { context, invoices, uninvoiced };
  });
  const bills = hasPermission(user, "sales.receivables:write");
  const filters = { entity: context.entity.id, status: query.status, kind: query.kind };
  return (
    <>
      <PageHeader title="Invoices" subtitle={`${context.entity.code}: invoices and credit memos, newest first`} />
      <UninvoicedCard shipments={uninvoiced} bills={bills} entityId={context.entity.id} today={context.today} />
      <form className="toolbar" action="/sales/invoices" method="get">
        <EntitySelect entities={context.entities} current={context.entity.id} />
        <select name="kind" defaultValue={query.kind ?? ""} aria-label="Kind">
          <option value="">Invoices and credit memos</option><option value="invoice">Invoices</option><option value="credit_memo">Credit memos</option>
        </select>
        <select name="status" defaultValue={query.status ?? ""} aria-label="Status">
          <option value="">Any status</option>
          {STATUSES.map((s) => <option key={s} value={s}>{statusWords(s)}</option>)}
        </select>
        <button type="submit">Filter</button>
      </form>
      {invoices.length === 0 ? <Empty>No invoices match.</Empty> : (
        <div className="table-wrap">
          <table className="data" data-testid="invoices">
            <thead><tr><th>Number</th><th>Kind</th><th>Date</th><th>Due</th><th>Customer</th><th className="num">Total</th><th className="num">Open</th><th>Currency</th><th>Status</th></tr></thead>
            <tbody>
              {invoices.slice(0, PAGE_SIZE).map((i) => (
                <tr key={i.id}>
                  <td><Link href={`/sales/invoices/${i.id}`}>{i.invoiceNumber}</Link></td>
                  <td>{statusWords(i.kind)}</td><td>{i.invoiceDate}</td><td>{i.dueDate}</td>
                  <td>{i.customerCode} <span className="muted">{i.customerName}</span></td>
                  <td className="num">{amountOf(i.totalMinor, i.currency, context.digits)}</td>
                  <td className="num">{amountOf(i.openMinor, i.currency, context.digits)}</td>
                  <td>{i.currency}</td>
                  <td><SalesStatus status={i.status} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="pager" aria-label="Pages">
        <span className="pager-count">Page {query.page}</span>
        {query.page > 1 ? <Link href={hrefWith("/sales/invoices", { ...filters, page: query.page - 1 })} rel="prev">‹ Previous</Link> : <span className="disabled">‹ Previous</span>}
        {invoices.length > PAGE_SIZE ? <Link href={hrefWith("/sales/invoices", { ...filters, page: query.page + 1 })} rel="next">Next ›</Link> : <span className="disabled">Next ›</span>}
      </nav>
    </>
  );
}

function UninvoicedCard({ shipments, bills, entityId, today }: { shipments: ShipmentListRow[]; bills: boolean; entityId: number; today: string }) {
  return (
    <section className="card">
      <h2>Shipped, not yet invoiced</h2>
      {shipments.length === 0 ? <Empty>Every shipped shipment is invoiced.</Empty> : (
        <>
          <table className="data compact" data-testid="uninvoiced-shipments">
            <thead><tr><th>Shipment</th><th>Order</th><th>Ship date</th><th>{bills ? "Invoice it" : ""}</th></tr></thead>
            <tbody>
              {shipments.map((s) => (
                <tr key={s.id}>
                  <td><Link href={`/sales/shipments/${s.id}`}>{s.shipmentNumber}</Link></td>
                  <td><Link href={`/sales/orders/${s.orderId}`}>{s.orderNumber}</Link></td>
                  <td>{s.shipDate ?? ""}</td>
                  <td>{bills ? <InvoiceShipmentForm shipmentId={s.id} shipmentNumber={s.shipmentNumber} today={today} /> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {bills ? <InvoiceBatchForm entityId={entityId} today={today} /> : null}
    </section>
  );
}
