import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { hasPermission } from "../../../../../core/governance";
import { getSupplierInvoiceOrThrow } from "../../../../../core/purchasing";
import { read } from "../../../../_lib/db";
import { loadOrNotFound } from "../../../../_lib/page-data";
import { ResolveMatchForm } from "../../../../_lib/purchasing-forms";
import { MatchBadge, PurchasingStatus } from "../../../../_lib/purchasing-ui";
import { parseId, parseQuery, queryFields, type RouteParams, type SearchParams } from "../../../../_lib/query";
import { loadCurrencyDigits } from "../../../../_lib/reference-data";
import { amountOf, moneyOf, qtyOf } from "../../../../_lib/sales-format";
import { JournalLink, Notice } from "../../../../_lib/sales-ui";
import { requireUser } from "../../../../_lib/session";
import { Field, Forbidden, PageHeader } from "../../../../_lib/ui";

export const metadata: Metadata = { title: "Supplier invoice" };

const InvoiceQuery = z.object({ done: queryFields.optionalText, exception: queryFields.optionalId });

type MatchDetails = { priceVariancePpm?: string | null; availableQty?: string; qtyOver?: string } | null;

/** Parts per million as a signed percentage with two decimals. */
function percentOfPpm(ppm: string | null | undefined): string {
  if (ppm === null || ppm === undefined) return "";
  const value = BigInt(ppm);
  const abs = value < 0n ? -value : value;
  const hundredths = abs / 100n;
  return `${value < 0n ? "-" : ""}${hundredths / 100n}.${String(hundredths % 100n).padStart(2, "0")}%`;
}

export default async function SupplierInvoicePage({ params, searchParams }: { params: RouteParams<{ id: string }>; searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "purchasing:read")) return <Forbidden what="supplier invoices" />;
  const id = parseId((await params).id);
  if (id === null) notFound();
  const query = await parseQuery(InvoiceQuery, searchParams);
  const { invoice, digits } = await loadOrNotFound(() => read(async (tx) => ({ invoice: await getSupplierInvoiceOrThrow(tx, user, id), digits: await loadCurrencyDigits(tx, user) })));
  return (
    <>
      <PageHeader title={`Supplier invoice ${invoice.invoiceNumber}`} subtitle={<>{invoice.supplierCode} {invoice.supplierName} · ref {invoice.supplierInvoiceRef} · <PurchasingStatus status={invoice.status} testId="invoice-status" /></>} />
      {query.done === "entered" ? <Notice testId="invoice-entered">{invoice.status === "match_exception" ? `Entered ${invoice.invoiceNumber}: it does not match its purchase order and waits in the match exception queue.` : `Entered ${invoice.invoiceNumber}: matched and posted.`}</Notice> : null}
      {query.exception ? <p className="card" data-testid="match-exception-link">Match exception: <Link href={`/exceptions/${query.exception}`}>#{query.exception}</Link></p> : null}
      <section className="card">
        <dl className="kv-grid">
          <Field label="Invoice date">{invoice.invoiceDate}</Field>
          <Field label="Due">{invoice.dueDate}</Field>
          <Field label="Subtotal">{moneyOf(invoice.subtotalMinor, invoice.currency, digits)}</Field>
          <Field label="Tax">{moneyOf(invoice.taxMinor, invoice.currency, digits)}</Field>
          <Field label="Total"><span data-testid="invoice-total">{moneyOf(invoice.totalMinor, invoice.currency, digits)}</span></Field>
          <Field label="Open"><span data-testid="invoice-open">{moneyOf(invoice.openMinor, invoice.currency, digits)}</span></Field>
          <Field label="Purchase order">{invoice.purchaseOrderId ? <Link href={`/purchasing/orders/${invoice.purchaseOrderId}`}>#{invoice.purchaseOrderId}</Link> : "several"}</Field>
          <Field label="Posting"><JournalLink entryId={invoice.journalEntryId} /></Field>
        </dl>
      </section>
      <table className="data" data-testid="invoice-lines">
        <thead><tr><th>Line</th><th>Description</th><th className="num">Quantity (base)</th><th className="num">Unit price</th><th className="num">Amount</th><th>Match</th><th className="num">Price variance</th><th className="num">Received, not invoiced</th><th className="num">Quantity over</th></tr></thead>
        <tbody>{invoice.lines.map((l) => {
          const details = l.matchDetails as MatchDetails;
          return (
            <tr key={l.id}><td>{l.lineNumber}</td><td>{l.description}</td><td className="num">{qtyOf(l.baseQty)}</td><td className="num">{amountOf(l.unitPriceMinor, invoice.currency, digits)}</td>
              <td className="num">{amountOf(l.amountMinor, invoice.currency, digits)}</td><td><MatchBadge status={l.matchStatus} /></td>
              <td className="num">{percentOfPpm(details?.priceVariancePpm)}</td><td className="num">{details?.availableQty ? qtyOf(details.availableQty) : ""}</td><td className="num">{details?.qtyOver ? qtyOf(details.qtyOver) : ""}</td></tr>
          );
        })}</tbody>
      </table>
      {invoice.status === "match_exception" && hasPermission(user, "payables:write") ? (
        <section className="card"><h2>Resolve the match exception</h2><ResolveMatchForm invoiceId={invoice.id} /></section>
      ) : null}
    </>
  );
}
