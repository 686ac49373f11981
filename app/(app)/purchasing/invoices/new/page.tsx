import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { hasPermission } from "../../../../../core/governance";
import { getPurchaseOrderOrThrow, listInvoiceableLines } from "../../../../../core/purchasing";
import { read } from "../../../../_lib/db";
import { digitsOf, money } from "../../../../_lib/format";
import { loadOrNotFound } from "../../../../_lib/page-data";
import { EnterInvoiceForm } from "../../../../_lib/purchasing-forms";
import { parseQuery, queryFields, type SearchParams } from "../../../../_lib/query";
import { loadCurrencyDigits } from "../../../../_lib/reference-data";
import { entityToday } from "../../../../_lib/sales-data";
import { qtyOf } from "../../../../_lib/sales-format";
import { requireUser } from "../../../../_lib/session";
import { Empty, Forbidden, PageHeader } from "../../../../_lib/ui";

export const metadata: Metadata = { title: "Enter supplier invoice" };

const NewInvoiceQuery = z.object({ po: queryFields.optionalId });

/** The invoice of one purchase order: lines prefilled with what was received and not invoiced, at the PO price. */
export default async function NewSupplierInvoicePage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "payables:write")) return <Forbidden what="supplier invoice entry" />;
  const query = await parseQuery(NewInvoiceQuery, searchParams);
  if (query.po === undefined) return <><PageHeader title="Enter supplier invoice" /><Empty>Open the purchase order and choose &quot;Enter supplier invoice&quot;.</Empty></>;
  const poId = query.po;
  const { order, lines, digits, today } = await loadOrNotFound(() => read(async (tx) => {
    const order = await getPurchaseOrderOrThrow(tx, user, poId);
    return { order, lines: await listInvoiceableLines(tx, user, order.id), digits: await loadCurrencyDigits(tx, user), today: await entityToday(tx, user, order.entityId) };
  }));
  const scale = digitsOf(digits, order.currency);
  return (
    <>
      <PageHeader title="Enter supplier invoice" subtitle={<>for <Link href={`/purchasing/orders/${order.id}`}>{order.poNumber}</Link> · {order.supplierCode} {order.supplierName} · {order.currency}</>} />
      <EnterInvoiceForm entityId={order.entityId} supplierId={order.supplierId} currency={order.currency} today={today}
        lines={lines.map((l) => ({ lineId: l.purchaseOrderLineId, lineNumber: l.lineNumber, sku: l.sku, receivedNotInvoiced: qtyOf(l.receivedNotInvoicedBaseQty).replaceAll(",", ""),
          price: money(l.poPricePerBaseMinor, scale).replaceAll(",", "") }))} />
    </>
  );
}
