import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { hasPermission } from "../../../../../core/governance";
import { getPurchaseReceiptOrThrow, previewLandedCostAllocation, type LandedCostPreviewLine } from "../../../../../core/purchasing";
import { isDomainError } from "../../../../../core/shared/errors";
import { read } from "../../../../_lib/db";
import { digitsOf } from "../../../../_lib/format";
import { loadOrNotFound } from "../../../../_lib/page-data";
import { LandedCostForm } from "../../../../_lib/purchasing-forms";
import { parseId, parseQuery, queryFields, type RouteParams, type SearchParams } from "../../../../_lib/query";
import { loadCurrencyDigits } from "../../../../_lib/reference-data";
import { amountOf, minorOfText, qtyOf } from "../../../../_lib/sales-format";
import { Notice } from "../../../../_lib/sales-ui";
import { requireUser } from "../../../../_lib/session";
import { Field, Forbidden, PageHeader } from "../../../../_lib/ui";

export const metadata: Metadata = { title: "Purchase receipt" };

const ReceiptQuery = z.object({
  done: queryFields.optionalText, exception: queryFields.optionalId,
  method: z.enum(["value", "weight", "quantity"]).optional().catch(undefined), amount: queryFields.optionalText,
});

export default async function ReceiptPage({ params, searchParams }: { params: RouteParams<{ id: string }>; searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "purchasing:read")) return <Forbidden what="purchase receipts" />;
  const id = parseId((await params).id);
  if (id === null) notFound();
  const query = await parseQuery(ReceiptQuery, searchParams);
  const { receipt, digits, preview, previewError } = await loadOrNotFound(() => read(async (tx) => {
    const receipt = await getPurchaseReceiptOrThrow(tx, user, id);
    const digits = await loadCurrencyDigits(tx, user);
    let preview: LandedCostPreviewLine[] | null = null;
    let previewError: string | null = null;
    if (query.method && query.amount) {
      try {
        preview = await previewLandedCostAllocation(tx, user, { receiptId: receipt.id, method: query.method, amountMinor: minorOfText(query.amount, digitsOf(digits, receipt.currency), "amount") });
      } catch (error) {
        if (!isDomainError(error)) throw error;
        previewError = error.userMessage;
      }
    }
    return { receipt, digits, preview, previewError };
  }));
  return (
    <>
      <PageHeader title={`Receipt ${receipt.receiptNumber}`} subtitle={<>against <Link href={`/purchasing/orders/${receipt.purchaseOrderId}`}>{receipt.poNumber}</Link></>} />
      {query.done === "received" ? <Notice testId="receipt-done">Received {receipt.receiptNumber}: stock and GRNI posted.</Notice> : null}
      {query.exception ? <p className="form-error card" role="alert" data-testid="late-receipt">Late against the expected date: <Link href={`/exceptions/${query.exception}`}>delayed-receipt exception #{query.exception}</Link></p> : null}
      <section className="card">
        <dl className="kv-grid">
          <Field label="Receipt date">{receipt.receiptDate}</Field>
          <Field label="Days late">{receipt.daysLate}</Field>
          <Field label="Currency">{receipt.currency}</Field>
          <Field label="Stock document">{receipt.inventoryDocumentId ? <Link href={`/inventory/documents/${receipt.inventoryDocumentId}`}>#{receipt.inventoryDocumentId}</Link> : ""}</Field>
        </dl>
      </section>
      <table className="data" data-testid="receipt-lines">
        <thead><tr><th>PO line</th><th>Item</th><th className="num">Received (base)</th><th className="num">Invoiced (base)</th><th className="num">Value ({receipt.currency})</th><th className="num">Lead time (days)</th></tr></thead>
        <tbody>{receipt.lines.map((l) => (
          <tr key={l.id}><td>{l.poLineNumber}</td><td>{l.sku}</td><td className="num">{qtyOf(l.baseQty)}</td><td className="num">{qtyOf(l.baseQtyInvoiced)}</td>
            <td className="num">{amountOf(l.valueDocumentMinor, receipt.currency, digits)}</td><td className="num">{l.leadTimeDays}</td></tr>
        ))}</tbody>
      </table>
      {hasPermission(user, "purchasing:write") ? (
        <section className="card">
          <h2>Landed cost</h2>
          <form className="toolbar" method="get" action={`/purchasing/receipts/${receipt.id}`} aria-label="Preview allocation">
            <select name="method" defaultValue={query.method ?? "value"} aria-label="Preview method"><option value="value">By value</option><option value="weight">By weight</option><option value="quantity">By quantity</option></select>
            <input name="amount" defaultValue={query.amount ?? ""} placeholder={`Amount (${receipt.currency})`} aria-label="Preview amount" />
            <button type="submit">Preview allocation</button>
          </form>
          {previewError ? <p className="form-error" role="alert">{previewError}</p> : null}
          {preview ? (
            <table className="data compact" data-testid="landed-cost-preview">
              <thead><tr><th>Item</th><th className="num">Quantity (base)</th><th className="num">Weight (kg per unit)</th><th className="num">Share ({receipt.currency})</th></tr></thead>
              <tbody>{preview.map((p) => <tr key={p.receiptLineId}><td>{p.sku}</td><td className="num">{qtyOf(p.baseQty)}</td><td className="num">{qtyOf(p.weightKg)}</td><td className="num">{amountOf(p.shareMinor, receipt.currency, digits)}</td></tr>)}</tbody>
            </table>
          ) : null}
          <LandedCostForm receiptId={receipt.id} currency={receipt.currency} method={query.method ?? "value"} amount={query.amount ?? ""} />
        </section>
      ) : null}
    </>
  );
}
