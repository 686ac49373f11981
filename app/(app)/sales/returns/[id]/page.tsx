import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { hasPermission } from "../../../../../core/governance";
import { getReturnOrThrow } from "../../../../../core/sales/returns";
import { parseQty } from "../../../../../core/shared/quantity";
import { read } from "../../../../_lib/db";
import { loadOrNotFound } from "../../../../_lib/page-data";
import { parseId, parseQuery, type SearchParams } from "../../../../_lib/query";
import { loadSalesContext } from "../../../../_lib/sales-data";
import { amountOf, qtyOf, statusWords } from "../../../../_lib/sales-format";
import { CreditMemoForm, ReceiveReturnForm } from "../../../../_lib/sales-forms";
import { Notice, SalesStatus } from "../../../../_lib/sales-ui";
import { requireUser } from "../../../../_lib/session";
import { Field, Forbidden, PageHeader } from "../../../../_lib/ui";

export const metadata: Metadata = { title: "Return" };

const DetailQuery = z.object({ done: z.enum(["requested", "received", "credited"]).optional().catch(undefined) });
const DONE_TEXT = {
  requested: "Return requested: it waits for approval (small returns are approved at once).",
  received: "Received and inspected: restocked goods are back in stock at their original cost.",
  credited: "Credit memo issued.",
} as const;

export default async function ReturnPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "sales:read")) return <Forbidden what="returns" />;
  const rmaId = parseId((await params).id);
  if (rmaId === null) notFound();
  const query = await parseQuery(DetailQuery, searchParams);
  const { rma, context } = await loadOrNotFound(() => read(async (tx) => {
    const rma = await getReturnOrThrow(tx, user, rmaId);
    return { rma, context: await loadSalesContext(tx, user, rma.entityId) };
  }));
  const outstanding = rma.lines.filter((l) => parseQty(l.baseQtyReceived) < parseQty(l.baseQty));
  const mayReceive = (rma.status === "approved" || rma.status === "received") && outstanding.length > 0 && hasPermission(user, "inventory:write");
  const mayCredit = rma.status === "received" && rma.creditMemoId === null && hasPermission(user, "sales.receivables:write");
  const base = context.entity.baseCurrency;
  return (
    <>
      <PageHeader title={`Return ${rma.rmaNumber}`} subtitle={<><SalesStatus status={rma.status} testId="rma-status" /> · <Link href="/sales/returns">All returns</Link></>} />
      {query.done ? <Notice testId="done">{DONE_TEXT[query.done]}</Notice> : null}
      <dl className="kv-grid card" data-testid="rma-facts">
        <Field label="Customer">{rma.customerCode} {rma.customerName}</Field>
        <Field label="Invoice"><Link href={`/sales/invoices/${rma.invoiceId}`}>{rma.invoiceNumber}</Link></Field>
        <Field label="Reason">{rma.reason}</Field>
        <Field label="Approval request">{rma.approvalRequestId ? <Link href={`/approvals/${rma.approvalRequestId}`} data-testid="rma-approval">Request #{rma.approvalRequestId}</Link> : "—"}</Field>
        <Field label="Credit memo">{rma.creditMemoId ? <Link href={`/sales/invoices/${rma.creditMemoId}`} data-testid="rma-credit-memo">Credit memo #{rma.creditMemoId}</Link> : "—"}</Field>
      </dl>
      <section className="card">
        <h2>Lines</h2>
        <table className="data compact" data-testid="rma-lines">
          <thead><tr><th>Item</th><th>Reason</th><th className="num">Authorized</th><th className="num">Received</th><th>Inspection</th><th className="num">Original cost ({base})</th><th>Note</th></tr></thead>
          <tbody>
            {rma.lines.map((l) => (
              <tr key={l.id}>
                <td>{l.sku}</td><td>{statusWords(l.reasonCode)}</td><td className="num">{qtyOf(l.baseQty)}</td><td className="num">{qtyOf(l.baseQtyReceived)}</td>
                <td>{l.disposition ? statusWords(l.disposition) : "—"}</td><td className="num">{amountOf(l.unitCostMinor, base, context.digits)}</td><td>{l.inspectionNote ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {rma.status === "requested" ? <p className="muted" data-testid="rma-waiting">Waiting for approval: goods are received only once the return is approved.</p> : null}
      {mayReceive ? (
        <section className="card">
          <h2>Receive and inspect</h2>
          {/* Keyed by what has been received, so a second partial receipt gets a fresh form and idempotency key. */}
          <ReceiveReturnForm key={rma.lines.map((l) => l.baseQtyReceived).join("|")} rmaId={rma.id} today={context.today} lines={outstanding.map((l) => ({
            returnLineId: l.id, sku: l.sku, authorized: qtyOf(l.baseQty), received: qtyOf(l.baseQtyReceived),
          }))} />
        </section>
      ) : null}
      {mayCredit ? <section className="card"><h2>Credit memo</h2><CreditMemoForm rmaId={rma.id} today={context.today} /></section> : null}
    </>
  );
}
