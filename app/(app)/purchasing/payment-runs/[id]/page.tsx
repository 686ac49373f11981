import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { hasPermission } from "../../../../../core/governance";
import { getPaymentRunOrThrow, getSupplierInvoiceOrThrow } from "../../../../../core/purchasing";
import { read } from "../../../../_lib/db";
import { loadOrNotFound } from "../../../../_lib/page-data";
import { PaymentRunStepForm } from "../../../../_lib/purchasing-forms";
import { PurchasingStatus } from "../../../../_lib/purchasing-ui";
import { parseId, parseQuery, queryFields, type RouteParams, type SearchParams } from "../../../../_lib/query";
import { loadCurrencyDigits } from "../../../../_lib/reference-data";
import { amountOf, moneyOf } from "../../../../_lib/sales-format";
import { ApprovalLink, JournalLink, Notice } from "../../../../_lib/sales-ui";
import { requireUser } from "../../../../_lib/session";
import { Field, Forbidden, PageHeader } from "../../../../_lib/ui";

export const metadata: Metadata = { title: "Payment run" };

const RunQuery = z.object({ done: queryFields.optionalText });

export default async function PaymentRunPage({ params, searchParams }: { params: RouteParams<{ id: string }>; searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "purchasing:read")) return <Forbidden what="payment runs" />;
  const id = parseId((await params).id);
  if (id === null) notFound();
  const query = await parseQuery(RunQuery, searchParams);
  const { run, invoiceNumbers, supplierCodes, digits } = await loadOrNotFound(() => read(async (tx) => {
    const run = await getPaymentRunOrThrow(tx, user, id);
    const invoiceNumbers = new Map<number, string>();
    const supplierCodes = new Map<number, string>();
    for (const invoiceId of new Set(run.payments.flatMap((p) => p.applications.map((a) => a.invoiceId)))) {
      const invoice = await getSupplierInvoiceOrThrow(tx, user, invoiceId);
      invoiceNumbers.set(invoiceId, invoice.invoiceNumber);
      supplierCodes.set(invoice.supplierId, `${invoice.supplierCode} ${invoice.supplierName}`);
    }
    return { run, invoiceNumbers, supplierCodes, digits: await loadCurrencyDigits(tx, user) };
  }));
  return (
    <>
      <PageHeader title={`Payment run ${run.runNumber}`} subtitle={<>pays on {run.paymentDate} what is due through {run.dueThrough} · <PurchasingStatus status={run.status} testId="run-status" /></>} />
      {query.done === "proposed" ? <Notice testId="run-proposed">Proposed {run.runNumber}: submit it for approval, then execute it once approved.</Notice> : null}
      <section className="card">
        <dl className="kv-grid">
          <Field label="Total"><span data-testid="run-total">{moneyOf(run.totalMinor, run.currency, digits)}</span></Field>
          <Field label="Approval">{run.approvalRequestId ? <ApprovalLink requestId={run.approvalRequestId} label="Request" /> : <span className="muted">not submitted</span>}</Field>
        </dl>
        {hasPermission(user, "payables:write") ? <PaymentRunStepForm runId={run.id} status={run.status} /> : null}
      </section>
      <table className="data" data-testid="run-payments">
        <thead><tr><th>Payment</th><th>Supplier</th><th>Invoices</th><th className="num">Amount</th><th className="num">Discount</th><th>Posting</th></tr></thead>
        <tbody>{run.payments.map((p) => (
          <tr key={p.id}><td>{p.paymentNumber}</td><td>{supplierCodes.get(p.supplierId) ?? p.supplierId}</td>
            <td>{p.applications.map((a) => <Link key={a.id} href={`/purchasing/invoices/${a.invoiceId}`}>{invoiceNumbers.get(a.invoiceId) ?? a.invoiceId} </Link>)}</td>
            <td className="num">{amountOf(p.amountMinor, p.currency, digits)}</td><td className="num">{amountOf(p.discountMinor, p.currency, digits)}</td><td><JournalLink entryId={p.journalEntryId} /></td></tr>
        ))}</tbody>
      </table>
    </>
  );
}
