import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { hasPermission } from "../../../../../core/governance";
import { getCountOrThrow } from "../../../../../core/purchasing";
import { read } from "../../../../_lib/db";
import { loadOrNotFound } from "../../../../_lib/page-data";
import { CountEntryForm } from "../../../../_lib/purchasing-forms";
import { PurchasingStatus } from "../../../../_lib/purchasing-ui";
import { parseId, parseQuery, queryFields, type RouteParams, type SearchParams } from "../../../../_lib/query";
import { loadSalesContext } from "../../../../_lib/sales-data";
import { amountOf, qtyOf } from "../../../../_lib/sales-format";
import { Notice } from "../../../../_lib/sales-ui";
import { requireUser } from "../../../../_lib/session";
import { Field, Forbidden, PageHeader } from "../../../../_lib/ui";

export const metadata: Metadata = { title: "Cycle count" };

const CountQuery = z.object({ done: queryFields.optionalText });

export default async function CountPage({ params, searchParams }: { params: RouteParams<{ id: string }>; searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "inventory:read")) return <Forbidden what="cycle counts" />;
  const id = parseId((await params).id);
  if (id === null) notFound();
  const query = await parseQuery(CountQuery, searchParams);
  const { count, context } = await loadOrNotFound(() => read(async (tx) => {
    const count = await getCountOrThrow(tx, user, id);
    return { count, context: await loadSalesContext(tx, user, count.entityId) };
  }));
  const currency = context.entity.baseCurrency;
  const canPost = hasPermission(user, "inventory.adjustments:approve");
  return (
    <>
      <PageHeader title={`Cycle count ${count.countNumber}`} subtitle={<>{count.warehouseCode} · {count.countDate} · <PurchasingStatus status={count.status} testId="count-status" /></>} />
      {query.done === "created" ? <Notice testId="count-created">Created {count.countNumber}{count.blind ? " as a blind count: expected quantities stay hidden from counters" : ""}.</Notice> : null}
      <section className="card">
        <dl className="kv-grid">
          <Field label="Blind">{count.blind ? "yes" : "no"}</Field>
          <Field label="Tolerance per line">{amountOf(count.toleranceMinor, currency, context.digits)} {currency}</Field>
          <Field label="Adjustment">{count.adjustmentDocumentId ? <Link href={`/inventory/documents/${count.adjustmentDocumentId}`} data-testid="count-adjustment">Stock document #{count.adjustmentDocumentId}</Link> : <span className="muted">none</span>}</Field>
        </dl>
      </section>
      <table className="data" data-testid="count-lines">
        <thead><tr><th>Item</th><th className="num">Expected</th><th className="num">Counted</th><th className="num">Variance</th><th className="num">Variance value</th></tr></thead>
        <tbody>{count.lines.map((l) => (
          <tr key={l.id}><td>{l.sku} <span className="muted">{l.description}</span></td>
            <td className="num">{l.baseQtyExpected === null ? <span className="muted">hidden</span> : qtyOf(l.baseQtyExpected)}</td>
            <td className="num">{l.baseQtyCounted === null ? "" : qtyOf(l.baseQtyCounted)}</td>
            <td className="num">{l.baseQtyVariance === null ? "" : qtyOf(l.baseQtyVariance)}</td>
            <td className="num">{l.varianceValueMinor === null ? "" : amountOf(l.varianceValueMinor, currency, context.digits)}</td></tr>
        ))}</tbody>
      </table>
      {(hasPermission(user, "inventory:write") && count.status === "open") || count.status === "variance_review" ? (
        <section className="card">
          {count.status === "variance_review" && !canPost ? <p className="muted">Variances beyond tolerance wait for someone who approves inventory adjustments.</p> : null}
          <CountEntryForm countId={count.id} status={count.status} canPost={canPost} lines={count.lines.map((l) => ({ itemId: l.itemId, sku: l.sku, description: l.description, counted: l.baseQtyCounted === null ? null : qtyOf(l.baseQtyCounted).replaceAll(",", "") }))} />
        </section>
      ) : null}
    </>
  );
}
