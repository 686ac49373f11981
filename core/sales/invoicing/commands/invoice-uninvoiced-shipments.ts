import { and, asc, eq, lte, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { assert } from "../../../shared/assert";
import { parseInput } from "../../../shared/errors";
import { shipment } from "../../schema";
import { Id, IsoDate } from "../../fulfilment/inputs";
import { INVOICE_BATCH_MAX } from "../errors";
import type { InvoiceDetail } from "../queries/invoices";
import { invoiceShipment } from "./invoice-shipment";

export const InvoiceUninvoicedShipmentsInput = z.object({
  entityId: Id,
  invoiceDate: IsoDate,
  /** Only shipments shipped on or before this date; defaults to the invoice date. */
  shippedThrough: IsoDate.optional(),
  limit: z.number().int().min(1).max(INVOICE_BATCH_MAX).default(INVOICE_BATCH_MAX),
});

export type InvoiceBatchResult = { invoices: InvoiceDetail[]; remaining: boolean };

/**
 * Invoices every shipped shipment of the entity with something not yet invoiced, oldest first,
 * one invoice per shipment. A retried batch finds those already invoiced done and skips them.
 */
export async function invoiceUninvoicedShipments(tx: Tx, actor: Actor, raw: z.input<typeof InvoiceUninvoicedShipmentsInput>): Promise<InvoiceBatchResult> {
  requirePermission(actor, "sales.receivables:write");
  const input = parseInput(InvoiceUninvoicedShipmentsInput, raw);
  const through = input.shippedThrough ?? input.invoiceDate;
  const due = await tx.select({ id: shipment.id }).from(shipment)
    .where(and(eq(shipment.entityId, input.entityId), eq(shipment.status, "shipped"), lte(shipment.shipDate, through),
      sql`exists (select 1 from shipment_line sl where sl.shipment_id = ${shipment.id} and sl.base_qty_invoiced < sl.base_qty)`))
    .orderBy(asc(shipment.shipDate), asc(shipment.id)).limit(input.limit + 1);
  const batch = due.slice(0, input.limit);
  assert(batch.length <= INVOICE_BATCH_MAX, "an invoicing batch is bounded");
  const invoices: InvoiceDetail[] = [];
  for (const { id } of batch) invoices.push(await invoiceShipment(tx, actor, { shipmentId: id, invoiceDate: input.invoiceDate }));
  return { invoices, remaining: due.length > input.limit };
}
