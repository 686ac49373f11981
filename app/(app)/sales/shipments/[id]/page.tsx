import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { hasPermission } from "../../../../../core/governance";
import { getShipmentOrThrow } from "../../../../../core/sales/fulfilment";
import { parseQty } from "../../../../../core/shared/quantity";
import { read } from "../../../../_lib/db";
import { loadOrNotFound } from "../../../../_lib/page-data";
import { parseId, parseQuery, type SearchParams } from "../../../../_lib/query";
import { loadSalesContext } from "../../../../_lib/sales-data";
import { amountOf, qtyOf } from "../../../../_lib/sales-format";
import { CancelShipmentForm, InvoiceShipmentForm, PackForm, ShipForm } from "../../../../_lib/sales-forms";
import { JournalLink, Notice, SalesStatus } from "../../../../_lib/sales-ui";
import { requireUser } from "../../../../_lib/session";
import { Field, Forbidden, PageHeader } from "../../../../_lib/ui";

export const metadata: Metadata = { title: "Shipment" };

const DetailQuery = z.object({ done: z.enum(["picking", "shipped", "cancelled"]).optional().catch(undefined) });
const DONE_TEXT = { picking: "Pick list created.", shipped: "Shipped: stock issued and COGS posted.", cancelled: "Pick list cancelled; the stock stays allocated." } as const;

export default async function ShipmentPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "sales:read")) return <Forbidden what="shipments" />;
  const shipmentId = parseId((await params).id);
  if (shipmentId === null) notFound();
  const query = await parseQuery(DetailQuery, searchParams);
  const { shipment, context } = await loadOrNotFound(() => read(async (tx) => {
    const shipment = await getShipmentOrThrow(tx, user, shipmentId);
    return { shipment, context: await loadSalesContext(tx, user, shipment.entityId) };
  }));
  const open = shipment.status === "picking" || shipment.status === "packed";
  const works = hasPermission(user, "inventory:write");
  const uninvoiced = shipment.status === "shipped" && shipment.lines.some((l) => parseQty(l.baseQtyInvoiced) < parseQty(l.baseQty));
  const base = context.entity.baseCurrency;
  return (
    <>
      <PageHeader title={`Shipment ${shipment.shipmentNumber}`} subtitle={<><SalesStatus status={shipment.status} testId="shipment-status" /> · order <Link href={`/sales/orders/${shipment.orderId}`}>{shipment.orderNumber}</Link> · <Link href="/sales/shipping">Shipping</Link></>} />
      {query.done ? <Notice testId="done">{DONE_TEXT[query.done]}</Notice> : null}
      <dl className="kv-grid card" data-testid="shipment-facts">
        <Field label="Ship date">{shipment.shipDate ?? "—"}</Field>
        <Field label="Carrier">{shipment.carrier ?? "—"}</Field>
        <Field label="Packages">{shipment.packageCount ?? "—"}</Field>
        <Field label="Tracking">{shipment.trackingNumber ?? "—"}</Field>
        <Field label="COGS entry"><JournalLink entryId={shipment.journalEntryId} /></Field>
        {shipment.inventoryDocumentId ? <Field label="Stock issue"><Link href={`/inventory/documents/${shipment.inventoryDocumentId}`}>Document #{shipment.inventoryDocumentId}</Link></Field> : null}
      </dl>
      <section className="card">
        <h2>Lines</h2>
        <table className="data compact" data-testid="shipment-lines">
          <thead><tr><th>Item</th><th className="num">Quantity (base)</th><th className="num">Cost ({base})</th><th className="num">Invoiced</th></tr></thead>
          <tbody>
            {shipment.lines.map((l) => (
              <tr key={l.id}>
                <td>{l.sku} <span className="muted">{l.description}</span></td><td className="num">{qtyOf(l.baseQty)}</td>
                <td className="num">{l.costValueMinor === null ? "—" : amountOf(l.costValueMinor, base, context.digits)}</td><td className="num">{qtyOf(l.baseQtyInvoiced)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {open && works ? (
        <>
          <section className="card"><h2>Pack</h2><PackForm shipmentId={shipment.id} carrier={shipment.carrier ?? ""} packageCount={shipment.packageCount} /></section>
          <section className="card"><h2>Ship</h2><ShipForm shipmentId={shipment.id} today={context.today} /></section>
          <section className="card"><h2>Cancel</h2><CancelShipmentForm shipmentId={shipment.id} /></section>
        </>
      ) : null}
      {uninvoiced && hasPermission(user, "sales.receivables:write") ? (
        <section className="card"><h2>Invoice</h2><InvoiceShipmentForm shipmentId={shipment.id} shipmentNumber={shipment.shipmentNumber} today={context.today} /></section>
      ) : null}
    </>
  );
}
