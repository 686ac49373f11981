import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { hasPermission } from "../../../../../core/governance";
import { getSalesOrderOrThrow, type SalesOrderDetail } from "../../../../../core/sales";
import { listShipments, type ShipmentListRow } from "../../../../../core/sales/fulfilment";
import { listInvoices, type InvoiceListRow } from "../../../../../core/sales/invoicing";
import { read } from "../../../../_lib/db";
import type { CurrencyDigits } from "../../../../_lib/format";
import { loadOrNotFound } from "../../../../_lib/page-data";
import { parseId, parseQuery, type SearchParams } from "../../../../_lib/query";
import { loadSalesContext } from "../../../../_lib/sales-data";
import { loadOrderView } from "../../../../_lib/sales-entry";
import { amountOf, qtyOf, statusWords } from "../../../../_lib/sales-format";
import { CancelLineForm, CancelOrderForm } from "../../../../_lib/sales-forms";
import { OrderResult } from "../../../../_lib/sales-order-result";
import { ApprovalLink, Notice, SalesStatus } from "../../../../_lib/sales-ui";
import { requireUser } from "../../../../_lib/session";
import { Empty, Field, Forbidden, PageHeader } from "../../../../_lib/ui";

export const metadata: Metadata = { title: "Sales order" };

const DetailQuery = z.object({ from: z.enum(["quote"]).optional().catch(undefined) });
const INVOICES_SCAN_MAX = 200;
const CLOSED = ["shipped", "closed", "cancelled"];

export default async function OrderPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "sales:read")) return <Forbidden what="sales orders" />;
  const orderId = parseId((await params).id);
  if (orderId === null) notFound();
  const query = await parseQuery(DetailQuery, searchParams);
  const data = await loadOrNotFound(() => read(async (tx) => {
    const order = await getSalesOrderOrThrow(tx, user, orderId);
    const context = await loadSalesContext(tx, user, order.entityId);
    const view = await loadOrderView(tx, user, orderId);
    const shipments = await listShipments(tx, user, { entityId: order.entityId, orderId, limit: 200 });
    const invoices = (await listInvoices(tx, user, { entityId: order.entityId, customerId: order.customerId, limit: INVOICES_SCAN_MAX })).filter((i) => i.orderId === orderId);
    return { order, context, view, shipments, invoices };
  }));
  const { order, context, view, shipments, invoices } = data;
  const writes = hasPermission(user, "sales:write");
  const open = !CLOSED.includes(order.status);
  return (
    <>
      <PageHeader title={`Sales order ${order.orderNumber}`} subtitle={<><SalesStatus status={order.status} testId="order-status-header" /> · <Link href="/sales/orders">All orders</Link></>} />
      {query.from === "quote" ? <Notice testId="converted">Converted from quote {order.quoteId ? <Link href={`/sales/quotes/${order.quoteId}`}>#{order.quoteId}</Link> : null}.</Notice> : null}
      <dl className="kv-grid card" data-testid="order-facts">
        <Field label="Customer"><Link href={`/masters/customer/${order.customerId}`}>{order.customerCode}</Link> {order.customerName} ({order.customerTier})</Field>
        <Field label="Order date">{order.orderDate}</Field>
        <Field label="Requested">{order.requestedDate ?? "—"}</Field>
        <Field label="Channel">{order.channel}</Field>
        <Field label="Customer PO">{order.customerPoNumber ?? "—"}</Field>
        <Field label="Priority">{order.priority}</Field>
        <Field label="Total">{amountOf(order.totalMinor, order.currency, context.digits)} {order.currency}</Field>
        <Field label="Open value">{amountOf(order.openValueMinor, order.currency, context.digits)} {order.currency}</Field>
        <Field label="Credit release"><ApprovalLink requestId={order.creditRequestId} label="Request" /></Field>
        {order.creditHoldReason ? <Field label="Hold reason">{order.creditHoldReason}</Field> : null}
        {order.quoteId ? <Field label="Quote"><Link href={`/sales/quotes/${order.quoteId}`}>#{order.quoteId}</Link></Field> : null}
      </dl>
      <section className="card"><OrderResult initial={view} entered={false} /></section>
      <ShipmentsCard shipments={shipments} />
      <InvoicesCard invoices={invoices} digits={context.digits} />
      {writes && open ? <CancelCard order={order} /> : null}
    </>
  );
}

function ShipmentsCard({ shipments }: { shipments: ShipmentListRow[] }) {
  return (
    <section className="card">
      <h2>Shipments</h2>
      {shipments.length === 0 ? <Empty>No shipments yet.</Empty> : (
        <table className="data compact" data-testid="order-shipments">
          <thead><tr><th>Shipment</th><th>Status</th><th>Ship date</th><th>Carrier</th><th>Tracking</th></tr></thead>
          <tbody>
            {shipments.map((s) => (
              <tr key={s.id}><td><Link href={`/sales/shipments/${s.id}`}>{s.shipmentNumber}</Link></td><td><SalesStatus status={s.status} /></td><td>{s.shipDate ?? "—"}</td><td>{s.carrier ?? ""}</td><td>{s.trackingNumber ?? ""}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function InvoicesCard({ invoices, digits }: { invoices: InvoiceListRow[]; digits: CurrencyDigits }) {
  return (
    <section className="card">
      <h2>Invoices</h2>
      {invoices.length === 0 ? <Empty>No invoices yet.</Empty> : (
        <table className="data compact" data-testid="order-invoices">
          <thead><tr><th>Invoice</th><th>Date</th><th>Due</th><th className="num">Total</th><th className="num">Open</th><th>Status</th></tr></thead>
          <tbody>
            {invoices.map((i) => (
              <tr key={i.id}>
                <td><Link href={`/sales/invoices/${i.id}`}>{i.invoiceNumber}</Link></td><td>{i.invoiceDate}</td><td>{i.dueDate}</td>
                <td className="num">{amountOf(i.totalMinor, i.currency, digits)}</td><td className="num">{amountOf(i.openMinor, i.currency, digits)}</td>
                <td><SalesStatus status={i.status} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function CancelCard({ order }: { order: SalesOrderDetail }) {
  return (
    <section className="card">
      <h2>Cancel</h2>
      <table className="data compact" data-testid="cancel-lines">
        <thead><tr><th>Line</th><th>Item</th><th className="num">Open</th><th>Status</th><th>Cancel the unshipped rest</th></tr></thead>
        <tbody>
          {order.lines.filter((l) => l.status !== "cancelled" && l.status !== "shipped").map((l) => (
            <tr key={l.id}>
              <td>{l.lineNumber}</td><td>{l.sku}</td><td className="num">{qtyOf(l.openBaseQty)}</td><td>{statusWords(l.status)}</td>
              <td><CancelLineForm orderLineId={l.id} lineNumber={l.lineNumber} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <CancelOrderForm orderId={order.id} />
    </section>
  );
}
