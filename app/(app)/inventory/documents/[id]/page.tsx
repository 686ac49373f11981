import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { hasPermission } from "../../../../../core/governance";
import { getInventoryDocumentOrThrow } from "../../../../../core/inventory";
import { read } from "../../../../_lib/db";
import { dateTime, digitsOf, money, qty } from "../../../../_lib/format";
import { masterHref } from "../../../../_lib/links";
import { loadOrNotFound } from "../../../../_lib/page-data";
import { parseId } from "../../../../_lib/query";
import { loadCurrencyDigits } from "../../../../_lib/reference-data";
import { requireUser } from "../../../../_lib/session";
import { Field, Forbidden, PageHeader } from "../../../../_lib/ui";

export const metadata: Metadata = { title: "Inventory document" };

export default async function InventoryDocumentPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  if (!hasPermission(user, "inventory:read")) return <Forbidden what="inventory documents" />;
  const documentId = parseId((await params).id);
  if (documentId === null) notFound();
  const { doc, digits } = await loadOrNotFound(() => read(async (tx) => ({
    doc: await getInventoryDocumentOrThrow(tx, user, documentId),
    digits: await loadCurrencyDigits(tx, user),
  })));
  const d = digitsOf(digits, doc.currency);
  const totalValue = doc.movements.reduce((sum, m) => sum + m.valueMinor, 0n);
  const canSeeLedger = hasPermission(user, "ledger:read");
  return (
    <>
      <PageHeader title={`${doc.kind[0]?.toUpperCase()}${doc.kind.slice(1)} ${doc.documentNumber}`} subtitle={`${doc.entityCode} · ${doc.documentDate}`} />
      <dl className="kv-grid card">
        <Field label="Kind">{doc.kind}</Field>
        <Field label="Date">{doc.documentDate}</Field>
        <Field label="Entity">{doc.entityCode}</Field>
        <Field label="Warehouse"><Link href={masterHref("warehouse", doc.warehouseId)}>{doc.movements.find((m) => m.warehouseId === doc.warehouseId)?.warehouseCode ?? doc.warehouseId}</Link></Field>
        {doc.toWarehouseId ? <Field label="To warehouse"><Link href={masterHref("warehouse", doc.toWarehouseId)}>{doc.movements.find((m) => m.warehouseId === doc.toWarehouseId)?.warehouseCode ?? doc.toWarehouseId}</Link></Field> : null}
        {doc.reason ? <Field label="Reason">{doc.reason}</Field> : null}
        {doc.reference ? <Field label="Reference">{doc.reference}</Field> : null}
        <Field label="Journal entry">
          {doc.journalEntryId === null ? "none (no value)" : canSeeLedger
            ? <Link href={`/ledger/entries/${doc.journalEntryId}`} data-testid="journal-link">entry {doc.journalEntryId}</Link>
            : `entry ${doc.journalEntryId}`}
        </Field>
        <Field label="Created">{dateTime(doc.createdAt)}</Field>
      </dl>
      <div className="table-wrap">
        <table className="data" data-testid="movements">
          <thead>
            <tr><th>#</th><th>Type</th><th>SKU</th><th>Description</th><th>Warehouse</th><th className="num">Quantity</th><th className="num">Value ({doc.currency})</th></tr>
          </thead>
          <tbody>
            {doc.movements.map((m) => (
              <tr key={m.id}>
                <td>{m.lineNumber}</td>
                <td>{m.movementType}</td>
                <td><Link href={masterHref("item", m.itemId)}>{m.sku}</Link></td>
                <td>{m.description}</td>
                <td>{m.warehouseCode}</td>
                <td className="num">{qty(m.qty)}</td>
                <td className="num">{money(m.valueMinor, d)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr><th colSpan={6}>Total value</th><th className="num" data-testid="document-total-value">{money(totalValue, d)}</th></tr>
          </tfoot>
        </table>
      </div>
    </>
  );
}
