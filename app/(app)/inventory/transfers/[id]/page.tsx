import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { hasPermission } from "../../../../../core/governance";
import { getTransferOrderOrThrow } from "../../../../../core/purchasing";
import { read } from "../../../../_lib/db";
import { loadOrNotFound } from "../../../../_lib/page-data";
import { TransferStepForm } from "../../../../_lib/purchasing-forms";
import { PurchasingStatus } from "../../../../_lib/purchasing-ui";
import { parseId, parseQuery, queryFields, type RouteParams, type SearchParams } from "../../../../_lib/query";
import { entityToday } from "../../../../_lib/sales-data";
import { qtyOf } from "../../../../_lib/sales-format";
import { Notice } from "../../../../_lib/sales-ui";
import { requireUser } from "../../../../_lib/session";
import { Field, Forbidden, PageHeader } from "../../../../_lib/ui";

export const metadata: Metadata = { title: "Transfer" };

const TransferQuery = z.object({ done: queryFields.optionalText });

export default async function TransferPage({ params, searchParams }: { params: RouteParams<{ id: string }>; searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "inventory:read")) return <Forbidden what="transfers" />;
  const id = parseId((await params).id);
  if (id === null) notFound();
  const query = await parseQuery(TransferQuery, searchParams);
  const { transfer, today } = await loadOrNotFound(() => read(async (tx) => {
    const transfer = await getTransferOrderOrThrow(tx, user, id);
    return { transfer, today: await entityToday(tx, user, transfer.entityId) };
  }));
  const documents = [transfer.shipDocumentId, transfer.receiveDocumentId].filter((d): d is number => typeof d === "number");
  return (
    <>
      <PageHeader title={`Transfer ${transfer.transferNumber}`} subtitle={<>{transfer.fromWarehouseCode} → {transfer.toWarehouseCode} · <PurchasingStatus status={transfer.status} testId="transfer-status" /></>} />
      {query.done === "created" ? <Notice testId="transfer-created">Created {transfer.transferNumber} as a draft: nothing moves until it ships.</Notice> : null}
      <section className="card">
        <dl className="kv-grid">
          <Field label="Expected">{transfer.expectedDate}</Field>
          <Field label="Shipped">{transfer.shippedDate ?? ""}</Field>
          <Field label="Received">{transfer.receivedDate ?? ""}</Field>
          <Field label="Stock documents">{documents.map((d) => <Link key={d} href={`/inventory/documents/${d}`}>#{d} </Link>)}</Field>
        </dl>
      </section>
      <table className="data" data-testid="transfer-lines">
        <thead><tr><th>Line</th><th>Item</th><th className="num">Quantity (base)</th><th className="num">Received</th><th className="num">Open</th></tr></thead>
        <tbody>{transfer.lines.map((l) => (
          <tr key={l.id}><td>{l.lineNumber}</td><td>{l.sku} <span className="muted">{l.description}</span></td><td className="num">{qtyOf(l.baseQty)}</td><td className="num">{qtyOf(l.baseQtyReceived)}</td><td className="num">{qtyOf(l.baseQtyOpen)}</td></tr>
        ))}</tbody>
      </table>
      {hasPermission(user, "inventory:write") && ["draft", "shipped", "partially_received"].includes(transfer.status) ? (
        <section className="card">
          <TransferStepForm transferOrderId={transfer.id} status={transfer.status} today={today}
            lines={transfer.lines.filter((l) => qtyOf(l.baseQtyOpen) !== "0").map((l) => ({ itemId: l.itemId, sku: l.sku, open: qtyOf(l.baseQtyOpen).replaceAll(",", "") }))} />
        </section>
      ) : null}
    </>
  );
}
