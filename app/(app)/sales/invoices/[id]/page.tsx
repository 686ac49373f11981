import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { hasPermission } from "../../../../../core/governance";
import { getInvoiceOrThrow } from "../../../../../core/sales/invoicing";
import { listInvoiceApplications } from "../../../../../core/sales/payments";
import { read } from "../../../../_lib/db";
import { loadOrNotFound } from "../../../../_lib/page-data";
import { parseId, parseQuery, type SearchParams } from "../../../../_lib/query";
import { loadSalesContext } from "../../../../_lib/sales-data";
import { amountOf, qtyOf, statusWords } from "../../../../_lib/sales-format";
import { JournalLink, Notice, SalesStatus } from "../../../../_lib/sales-ui";
import { requireUser } from "../../../../_lib/session";
import { Empty, Field, Forbidden, PageHeader } from "../../../../_lib/ui";

export const metadata: Metadata = { title: "Invoice" };

const DetailQuery = z.object({ done: z.enum(["invoiced"]).optional().catch(undefined) });

export default async function InvoicePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "sales:read")) return <Forbidden what="invoices" />;
  const invoiceId = parseId((await params).id);
  if (invoiceId === null) notFound();
  const query = await parseQuery(DetailQuery, searchParams);
  const { invoice, applications, context } = await loadOrNotFound(() => read(async (tx) => {
    const invoice = await getInvoiceOrThrow(tx, user, invoiceId);
    return { invoice, applications: await listInvoiceApplications(tx, user, invoiceId), context: await loadSalesContext(tx, user, invoice.entityId) };
  }));
  const doc = (minor: bigint) => `${amountOf(minor, invoice.currency, context.digits)} ${invoice.currency}`;
  const base = context.entity.baseCurrency;
  const isInvoice = invoice.kind === "invoice";
  return (
    <>
      <PageHeader title={`${isInvoice ? "Invoice" : "Credit memo"} ${invoice.invoiceNumber}`}
        subtitle={<><SalesStatus status={invoice.status} testId="invoice-status" /> · <Link href="/sales/invoices">All invoices</Link></>}
        actions={<>
          {isInvoice && invoice.openMinor > 0n && hasPermission(user, "sales.receivables:write") ? <Link className="button" href={`/sales/payments?customer=${invoice.customerId}`}>Receive a payment</Link> : null}
          {isInvoice && hasPermission(user, "sales:write") ? <Link className="button" href={`/sales/returns?invoice=${invoice.id}`}>Request a return</Link> : null}
        </>} />
      {query.done ? <Notice testId="done">Invoiced: AR, revenue and sales tax posted.</Notice> : null}
      <dl className="kv-grid card" data-testid="invoice-facts">
        <Field label="Customer"><Link href={`/sales/customers/${invoice.customerId}/statement`}>{invoice.customerCode}</Link> {invoice.customerName}</Field>
        <Field label="Date">{invoice.invoiceDate}</Field>
        <Field label="Due">{invoice.dueDate}</Field>
        <Field label="Subtotal">{doc(invoice.subtotalMinor)}</Field>
        <Field label="Tax">{doc(invoice.taxMinor)}</Field>
        <Field label="Total"><span data-testid="invoice-total">{doc(invoice.totalMinor)}</span></Field>
        <Field label="Applied">{doc(invoice.appliedMinor)}</Field>
        <Field label="Open"><span data-testid="invoice-open">{doc(invoice.openMinor)}</span></Field>
        <Field label={`Total in ${base}`}>{amountOf(invoice.totalBaseMinor, base, context.digits)} {base}</Field>
        <Field label="Journal entry"><JournalLink entryId={invoice.journalEntryId} /></Field>
        {invoice.orderId ? <Field label="Order"><Link href={`/sales/orders/${invoice.orderId}`}>Order #{invoice.orderId}</Link></Field> : null}
        {invoice.shipmentId ? <Field label="Shipment"><Link href={`/sales/shipments/${invoice.shipmentId}`}>Shipment #{invoice.shipmentId}</Link></Field> : null}
        {invoice.originalInvoiceId ? <Field label="Credits invoice"><Link href={`/sales/invoices/${invoice.originalInvoiceId}`}>Invoice #{invoice.originalInvoiceId}</Link></Field> : null}
        {invoice.returnAuthorizationId ? <Field label="Return"><Link href={`/sales/returns/${invoice.returnAuthorizationId}`}>RMA #{invoice.returnAuthorizationId}</Link></Field> : null}
      </dl>
      <section className="card">
        <h2>Lines</h2>
        <table className="data compact" data-testid="invoice-lines">
          <thead><tr><th>Line</th><th>Description</th><th className="num">Quantity (base)</th><th className="num">Unit price</th><th className="num">Net</th><th className="num">Tax</th></tr></thead>
          <tbody>
            {invoice.lines.map((l) => (
              <tr key={l.id}>
                <td>{l.lineNumber}</td><td>{l.description}</td><td className="num">{qtyOf(l.baseQty)}</td>
                <td className="num">{amountOf(l.unitPriceMinor, invoice.currency, context.digits)}</td><td className="num">{amountOf(l.netMinor, invoice.currency, context.digits)}</td>
                <td className="num">{amountOf(l.taxMinor, invoice.currency, context.digits)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <ApplicationsCard applications={applications} show={doc} />
      <p className="muted">{statusWords(invoice.kind)} in {invoice.currency} at {invoice.exchangeRatePpm.toString()} ppm to {base}.</p>
    </>
  );
}

type Application = Awaited<ReturnType<typeof listInvoiceApplications>>[number];

function ApplicationsCard({ applications, show }: { applications: Application[]; show: (minor: bigint) => string }) {
  return (
    <section className="card">
      <h2>Applications</h2>
      {applications.length === 0 ? <Empty>Nothing has been applied to this invoice.</Empty> : (
        <table className="data compact" data-testid="invoice-applications">
          <thead><tr><th>Date</th><th>From</th><th className="num">Amount</th><th>Journal entry</th></tr></thead>
          <tbody>
            {applications.map((a) => (
              <tr key={a.id}>
                <td>{a.appliedDate}</td>
                <td>{a.paymentId ? <Link href={`/sales/payments/${a.paymentId}`}>{a.sourceNumber}</Link> : a.creditMemoId ? <Link href={`/sales/invoices/${a.creditMemoId}`}>{a.sourceNumber}</Link> : a.sourceNumber}</td>
                <td className="num">{show(a.amountMinor)}</td>
                <td><JournalLink entryId={a.journalEntryId} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
