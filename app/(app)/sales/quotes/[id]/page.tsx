import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { hasPermission } from "../../../../../core/governance";
import { getQuoteOrThrow } from "../../../../../core/sales";
import { parseQty } from "../../../../../core/shared/quantity";
import { read } from "../../../../_lib/db";
import { loadOrNotFound } from "../../../../_lib/page-data";
import { parseId, parseQuery, type SearchParams } from "../../../../_lib/query";
import { loadSalesContext } from "../../../../_lib/sales-data";
import { amountOf, qtyOf, statusWords } from "../../../../_lib/sales-format";
import { ConvertQuoteForm } from "../../../../_lib/sales-forms";
import { Notice, SalesStatus } from "../../../../_lib/sales-ui";
import { requireUser } from "../../../../_lib/session";
import { Field, Forbidden, PageHeader } from "../../../../_lib/ui";

export const metadata: Metadata = { title: "Quote" };

const DetailQuery = z.object({ created: z.enum(["1"]).optional().catch(undefined) });

export default async function QuotePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "sales:read")) return <Forbidden what="quotes" />;
  const quoteId = parseId((await params).id);
  if (quoteId === null) notFound();
  const query = await parseQuery(DetailQuery, searchParams);
  const { quote, context } = await loadOrNotFound(() => read(async (tx) => {
    const quote = await getQuoteOrThrow(tx, user, quoteId);
    return { quote, context: await loadSalesContext(tx, user, quote.entityId) };
  }));
  const open = (quote.status === "open" || quote.status === "partially_converted") && quote.validUntil >= context.today;
  const remaining = quote.lines.filter((l) => parseQty(l.remainingBaseQty) > 0n);
  const money = (minor: bigint) => `${amountOf(minor, quote.currency, context.digits)} ${quote.currency}`;
  return (
    <>
      <PageHeader title={`Quote ${quote.quoteNumber}`} subtitle={<><SalesStatus status={quote.status} testId="quote-status" /> · <Link href="/sales/quotes">All quotes</Link></>} />
      {query.created ? <Notice testId="created">Quote created.</Notice> : null}
      <dl className="kv-grid card">
        <Field label="Customer">{quote.customerCode} {quote.customerName}</Field>
        <Field label="Quote date">{quote.quoteDate}</Field>
        <Field label="Valid until">{quote.validUntil}</Field>
        <Field label="Total"><span data-testid="quote-total">{money(quote.totalMinor)}</span></Field>
        {quote.note ? <Field label="Note">{quote.note}</Field> : null}
      </dl>
      <section className="card">
        <h2>Lines</h2>
        <table className="data compact" data-testid="quote-lines">
          <thead><tr><th>Line</th><th>Item</th><th>Warehouse</th><th className="num">Qty</th><th>Unit</th><th className="num">Unit price</th><th>Source</th><th className="num">Value</th><th className="num">Converted (base)</th><th className="num">Remaining (base)</th></tr></thead>
          <tbody>
            {quote.lines.map((l) => (
              <tr key={l.id}>
                <td>{l.lineNumber}</td><td>{l.sku} <span className="muted">{l.description}</span></td><td>{l.warehouseCode}</td>
                <td className="num">{qtyOf(l.qty)}</td><td>{l.uom}</td><td className="num">{money(l.unitPriceMinor)}</td><td>{statusWords(l.priceSource)}</td>
                <td className="num">{money(l.lineValueMinor)}</td><td className="num">{qtyOf(l.baseQtyConverted)}</td><td className="num">{qtyOf(l.remainingBaseQty)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {open && remaining.length > 0 && hasPermission(user, "sales:write") ? (
        <section className="card">
          <h2>Convert to an order</h2>
          <ConvertQuoteForm quoteId={quote.id} today={context.today} lines={remaining.map((l) => ({
            id: l.id, lineNumber: l.lineNumber, sku: l.sku, uom: l.uom, qty: qtyOf(l.qty), remaining: qtyOf(l.remainingBaseQty), unitPrice: money(l.unitPriceMinor),
          }))} />
        </section>
      ) : null}
      {!open && quote.status !== "converted" ? <p className="muted">This quote can no longer be converted ({quote.validUntil < context.today ? `expired on ${quote.validUntil}` : statusWords(quote.status)}).</p> : null}
    </>
  );
}
