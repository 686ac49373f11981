import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { hasPermission } from "../../../../../core/governance";
import { listInvoices } from "../../../../../core/sales/invoicing";
import { getPaymentOrThrow } from "../../../../../core/sales/payments";
import { read } from "../../../../_lib/db";
import { loadOrNotFound } from "../../../../_lib/page-data";
import { parseId, parseQuery, type SearchParams } from "../../../../_lib/query";
import { loadSalesContext } from "../../../../_lib/sales-data";
import { amountOf } from "../../../../_lib/sales-format";
import { ApplyUnappliedForm } from "../../../../_lib/sales-forms";
import { JournalLink, Notice } from "../../../../_lib/sales-ui";
import { requireUser } from "../../../../_lib/session";
import { Empty, Field, Forbidden, PageHeader } from "../../../../_lib/ui";

export const metadata: Metadata = { title: "Payment" };

const DetailQuery = z.object({ done: z.enum(["received"]).optional().catch(undefined) });
const OPEN_INVOICES_MAX = 200;

export default async function PaymentPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "sales:read")) return <Forbidden what="payments" />;
  const paymentId = parseId((await params).id);
  if (paymentId === null) notFound();
  const query = await parseQuery(DetailQuery, searchParams);
  const { payment, context, openInvoices } = await loadOrNotFound(() => read(async (tx) => {
    const payment = await getPaymentOrThrow(tx, user, paymentId);
    const openInvoices = payment.unappliedMinor > 0n
      ? (await listInvoices(tx, user, { entityId: payment.entityId, customerId: payment.customerId, kind: "invoice", status: ["open", "partially_paid"], limit: OPEN_INVOICES_MAX }))
        .filter((i) => i.currency === payment.currency)
      : [];
    return { payment, context: await loadSalesContext(tx, user, payment.entityId), openInvoices };
  }));
  const doc = (minor: bigint) => `${amountOf(minor, payment.currency, context.digits)} ${payment.currency}`;
  const base = context.entity.baseCurrency;
  return (
    <>
      <PageHeader title={`Payment ${payment.paymentNumber}`} subtitle={<>{payment.customerCode} {payment.customerName} · <Link href="/sales/payments">All payments</Link></>} />
      {query.done ? <Notice testId="done">Payment received.</Notice> : null}
      <dl className="kv-grid card" data-testid="payment-facts">
        <Field label="Customer"><Link href={`/sales/customers/${payment.customerId}/statement`}>{payment.customerCode}</Link> {payment.customerName}</Field>
        <Field label="Received">{payment.receivedDate}</Field>
        <Field label="Method">{payment.method}</Field>
        <Field label="Reference">{payment.reference ?? "—"}</Field>
        <Field label="Amount"><span data-testid="payment-amount">{doc(payment.amountMinor)}</span></Field>
        <Field label="Unapplied"><span data-testid="payment-unapplied">{doc(payment.unappliedMinor)}</span></Field>
        <Field label={`Unapplied in ${base}`}>{amountOf(payment.unappliedBaseMinor, base, context.digits)} {base}</Field>
        <Field label="Journal entry"><JournalLink entryId={payment.journalEntryId} /></Field>
      </dl>
      <section className="card">
        <h2>Applications</h2>
        {payment.applications.length === 0 ? <Empty>Nothing of this payment is applied yet.</Empty> : (
          <table className="data compact" data-testid="payment-applications">
            <thead><tr><th>Invoice</th><th>Applied on</th><th className="num">Amount</th><th>Journal entry</th></tr></thead>
            <tbody>
              {payment.applications.map((a) => (
                <tr key={a.id}>
                  <td><Link href={`/sales/invoices/${a.invoiceId}`}>{a.invoiceNumber}</Link></td><td>{a.appliedDate}</td><td className="num">{doc(a.amountMinor)}</td>
                  <td><JournalLink entryId={a.journalEntryId} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {payment.unappliedMinor > 0n && hasPermission(user, "sales.receivables:write") ? (
        <section className="card">
          <h2>Apply unapplied cash</h2>
          {openInvoices.length === 0 ? <Empty>The customer has no open invoice in {payment.currency} to apply it to.</Empty> : (
            <ApplyUnappliedForm paymentId={payment.id} today={context.today} unapplied={doc(payment.unappliedMinor)}
              invoices={openInvoices.map((i) => ({ id: i.id, invoiceNumber: i.invoiceNumber, dueDate: i.dueDate, open: doc(i.openMinor) }))} />
          )}
        </section>
      ) : null}
    </>
  );
}
