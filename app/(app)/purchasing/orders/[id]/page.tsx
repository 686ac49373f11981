import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { hasPermission } from "../../../../../core/governance";
import { getPurchaseOrderOrThrow, lineQuantities, listInvoicesOfPurchaseOrder, listPurchaseReceipts } from "../../../../../core/purchasing";
import { formatQty } from "../../../../../core/shared/quantity";
import { read } from "../../../../_lib/db";
import { loadOrNotFound } from "../../../../_lib/page-data";
import { CancelPurchaseOrderForm, ConfirmLineForm, SubmitPurchaseOrderForm } from "../../../../_lib/purchasing-forms";
import { MatchBadge, PurchasingStatus } from "../../../../_lib/purchasing-ui";
import { parseId, parseQuery, queryFields, type RouteParams, type SearchParams } from "../../../../_lib/query";
import { loadCurrencyDigits } from "../../../../_lib/reference-data";
import { amountOf, moneyOf, qtyOf } from "../../../../_lib/sales-format";
import { ApprovalLink, Notice } from "../../../../_lib/sales-ui";
import { requireUser } from "../../../../_lib/session";
import { Empty, Field, Forbidden, PageHeader } from "../../../../_lib/ui";
import { z } from "zod";

export const metadata: Metadata = { title: "Purchase order" };

const DetailQuery = z.object({ done: queryFields.optionalText });

export default async function PurchaseOrderPage({ params, searchParams }: { params: RouteParams<{ id: string }>; searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "purchasing:read")) return <Forbidden what="purchase orders" />;
  const id = parseId((await params).id);
  if (id === null) notFound();
  const query = await parseQuery(DetailQuery, searchParams);
  const { order, receipts, invoices, digits } = await loadOrNotFound(() => read(async (tx) => {
    const order = await getPurchaseOrderOrThrow(tx, user, id);
    return {
      order, receipts: await listPurchaseReceipts(tx, user, { entityId: order.entityId, purchaseOrderId: order.id }),
      invoices: await listInvoicesOfPurchaseOrder(tx, user, order.id), digits: await loadCurrencyDigits(tx, user),
    };
  }));
  const canWrite = hasPermission(user, "purchasing:write");
  const receivable = order.status === "approved" || order.status === "partially_received";
  const warehouseId = order.lines[0]?.warehouseId;
  const anyReceived = order.lines.some((l) => lineQuantities(l).received > lineQuantities(l).invoiced);
  return (
    <>
      <PageHeader title={`Purchase order ${order.poNumber}`} subtitle={<>{order.supplierCode} {order.supplierName} · <PurchasingStatus status={order.status} testId="po-status" /></>}
        actions={<>
          {receivable && hasPermission(user, "inventory:write") && warehouseId ? <Link className="button" href={`/purchasing/receiving?warehouse=${warehouseId}&q=${order.poNumber}`}>Receive</Link> : null}
          {anyReceived && hasPermission(user, "payables:write") ? <Link className="button" href={`/purchasing/invoices/new?po=${order.id}`}>Enter supplier invoice</Link> : null}
        </>} />
      {query.done === "created" ? <Notice testId="po-created">Created {order.poNumber} as a draft. Submit it for approval when it is complete.</Notice> : null}
      <section className="card">
        <dl className="kv-grid">
          <Field label="Order date">{order.orderDate}</Field>
          <Field label="Expected">{order.expectedDate}</Field>
          <Field label="Currency">{order.currency}</Field>
          <Field label="Payment terms">{order.paymentTermCode}</Field>
          <Field label="Value"><span data-testid="po-value">{moneyOf(order.valueMinor, order.currency, digits)}</span></Field>
          <Field label="Approval">{order.approval ? <><ApprovalLink requestId={order.approval.requestId} label="Request" /> <span className="muted">{order.approval.status}{order.approval.decisionReason ? `: ${order.approval.decisionReason}` : ""}</span></> : <span className="muted">not submitted</span>}</Field>
          {order.note ? <Field label="Note">{order.note}</Field> : null}
          {order.cancelReason ? <Field label="Cancel reason">{order.cancelReason}</Field> : null}
        </dl>
        {order.status === "draft" && canWrite ? <SubmitPurchaseOrderForm purchaseOrderId={order.id} /> : null}
      </section>
      <h2>Lines</h2>
      <div className="table-wrap">
        <table className="data" data-testid="po-lines">
          <thead><tr><th>Line</th><th>Item</th><th className="num">Quantity</th><th>Unit</th><th className="num">Unit price</th><th className="num">Ordered (base)</th><th className="num">Received</th><th className="num">Invoiced</th><th className="num">Cancelled</th><th className="num">Open</th><th>Expected</th><th>Confirmed</th>{receivable && canWrite ? <th>Supplier confirmation</th> : null}</tr></thead>
          <tbody>
            {order.lines.map((l) => {
              const q = lineQuantities(l);
              return (
                <tr key={l.id}>
                  <td>{l.lineNumber}</td><td>{l.sku}</td><td className="num">{qtyOf(l.qty)}</td><td>{l.uom}</td>
                  <td className="num">{amountOf(l.unitPriceMinor, order.currency, digits)}</td>
                  <td className="num">{qtyOf(formatQty(q.ordered))}</td><td className="num">{qtyOf(formatQty(q.received))}</td><td className="num">{qtyOf(formatQty(q.invoiced))}</td>
                  <td className="num">{qtyOf(formatQty(q.cancelled))}</td><td className="num">{qtyOf(l.openBaseQty)}</td><td>{l.expectedDate}</td>
                  <td>{l.confirmedDate ?? ""}{l.confirmedBaseQty ? ` (${qtyOf(l.confirmedBaseQty)})` : ""}</td>
                  {receivable && canWrite ? <td><ConfirmLineForm lineId={l.id} lineNumber={l.lineNumber} /></td> : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h2>Receipts</h2>
      {receipts.length === 0 ? <Empty>Nothing received yet.</Empty> : (
        <table className="data" data-testid="po-receipts">
          <thead><tr><th>Receipt</th><th>Date</th><th>Warehouse</th><th className="num">Lines</th><th className="num">Days late</th><th className="num">Value (base)</th></tr></thead>
          <tbody>{receipts.map((r) => (
            <tr key={r.id}><td><Link href={`/purchasing/receipts/${r.id}`}>{r.receiptNumber}</Link></td><td>{r.receiptDate}</td><td>{r.warehouseCode}</td><td className="num">{r.lineCount}</td><td className="num">{r.daysLate}</td><td className="num">{amountOf(r.valueBaseMinor, order.currency, digits)}</td></tr>
          ))}</tbody>
        </table>
      )}
      <h2>Supplier invoices</h2>
      {invoices.length === 0 ? <Empty>No supplier invoice yet.</Empty> : (
        <table className="data" data-testid="po-invoices">
          <thead><tr><th>Invoice</th><th>Supplier ref</th><th>Date</th><th>Status</th><th>Match</th><th className="num">Total</th></tr></thead>
          <tbody>{invoices.map((i) => (
            <tr key={i.id}><td><Link href={`/purchasing/invoices/${i.id}`}>{i.invoiceNumber}</Link></td><td>{i.supplierInvoiceRef}</td><td>{i.invoiceDate}</td>
              <td><PurchasingStatus status={i.status} testId="invoice-status" /></td><td>{[...new Set(i.lineMatches)].map((m) => <MatchBadge key={m} status={m} />)}</td>
              <td className="num">{moneyOf(i.totalMinor, i.currency, digits)}</td></tr>
          ))}</tbody>
        </table>
      )}
      {canWrite && ["draft", "approved", "partially_received"].includes(order.status) ? <CancelPurchaseOrderForm purchaseOrderId={order.id} /> : null}
    </>
  );
}
