import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { submitApproval } from "../../../governance/approvals";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { warehouse } from "../../../masters/schema";
import { assert } from "../../../shared/assert";
import { DomainError, SharedError, parseInput } from "../../../shared/errors";
import { formatQty, parseQty, type QtyScaled } from "../../../shared/quantity";
import { returnAuthorization, returnLine, salesInvoiceLine, shipmentLine } from "../../schema";
import { documentNumber, entityInfoOrThrow, nextDocumentId } from "../../fulfilment/document-number";
import { Id, IdempotencyKey, PositiveQty } from "../../fulfilment/inputs";
import { documentTotals } from "../../invoicing/amounts";
import { customerOrThrow } from "../../invoicing/billing-context";
import { lockInvoices, type InvoiceRow } from "../../payments/settle";
import { creditLineAmounts, unitCostFromShipment } from "../amounts";
import { RETURN_LINES_MAX, ReturnsError } from "../errors";
import { loadReturnDetail, type ReturnDetail } from "../queries/returns";
import { creditedByInvoiceLine, returnedByInvoiceLine } from "../returnable";

export const RequestReturnInput = z.object({
  invoiceId: Id,
  warehouseId: Id,
  reason: z.string().trim().min(1).max(500),
  lines: z.array(z.object({ invoiceLineId: Id, baseQty: PositiveQty, reasonCode: z.string().trim().min(1).max(60) })).min(1).max(RETURN_LINES_MAX),
  idempotencyKey: IdempotencyKey.optional(),
});

type InvoiceLineRow = typeof salesInvoiceLine.$inferSelect;
type PlannedLine = { invoiceLine: InvoiceLineRow; qty: QtyScaled; reasonCode: string; unitCostMinor: bigint };

async function returnableInvoiceOrThrow(tx: Tx, invoiceId: number): Promise<InvoiceRow> {
  const invoice = (await lockInvoices(tx, [invoiceId])).get(invoiceId);
  if (!invoice || invoice.kind !== "invoice" || invoice.status === "void") {
    throw new DomainError(ReturnsError.INVOICE_NOT_RETURNABLE, "unprocessable", `invoiceId: ${invoiceId} is not an invoice goods can be returned against`, { invoiceId });
  }
  return invoice;
}

async function checkWarehouse(tx: Tx, entityId: number, warehouseId: number): Promise<void> {
  const [row] = await tx.select().from(warehouse).where(eq(warehouse.id, warehouseId)).limit(1);
  if (!row || row.entityId !== entityId || !row.active || row.isTransit) {
    throw new DomainError(ReturnsError.RETURN_WAREHOUSE_INVALID, "unprocessable", `warehouseId: ${warehouseId} is not an active warehouse of the invoice's entity`, { warehouseId });
  }
}

/** Checks each line against the invoice and earlier returns, and takes its original unit cost. */
async function planLines(tx: Tx, invoice: InvoiceRow, requested: z.output<typeof RequestReturnInput>["lines"]): Promise<PlannedLine[]> {
  const ids = requested.map((l) => l.invoiceLineId);
  const rows = await tx.select({ l: salesInvoiceLine, cost: shipmentLine.costValueMinor, shipped: shipmentLine.baseQty }).from(salesInvoiceLine)
    .leftJoin(shipmentLine, eq(shipmentLine.id, salesInvoiceLine.shipmentLineId))
    .where(and(eq(salesInvoiceLine.invoiceId, invoice.id), inArray(salesInvoiceLine.id, ids)));
  const returned = await returnedByInvoiceLine(tx, ids);
  const seen = new Set<number>();
  return requested.map((r, index) => {
    const found = rows.find((row) => row.l.id === r.invoiceLineId);
    if (!found || seen.has(r.invoiceLineId) || found.cost === null || found.shipped === null) {
      throw new DomainError(ReturnsError.RETURN_LINE_INVALID, "unprocessable", `lines.${index}.invoiceLineId: ${r.invoiceLineId} is not a shipped line of invoice ${invoice.invoiceNumber}, or is listed twice`, { invoiceLineId: r.invoiceLineId });
    }
    seen.add(r.invoiceLineId);
    const left = parseQty(found.l.baseQty) - (returned.get(r.invoiceLineId) ?? 0n);
    if (r.baseQty > left) {
      throw new DomainError(ReturnsError.RETURN_EXCEEDS_INVOICED, "unprocessable", `lines.${index}.baseQty: ${formatQty(r.baseQty)} exceeds the ${formatQty(left < 0n ? 0n : left)} invoiced and not yet returned`,
        { invoiceLineId: r.invoiceLineId, requested: formatQty(r.baseQty), returnable: formatQty(left) });
    }
    return { invoiceLine: found.l, qty: r.baseQty, reasonCode: r.reasonCode, unitCostMinor: unitCostFromShipment(found.cost, parseQty(found.shipped)) };
  });
}

async function replayed(tx: Tx, invoice: InvoiceRow, key: string): Promise<ReturnDetail | null> {
  const [existing] = await tx.select({ id: returnAuthorization.id, invoiceId: returnAuthorization.invoiceId }).from(returnAuthorization)
    .where(and(eq(returnAuthorization.entityId, invoice.entityId), eq(returnAuthorization.idempotencyKey, key))).limit(1);
  if (!existing) return null;
  if (existing.invoiceId !== invoice.id) {
    throw new DomainError(SharedError.IDEMPOTENCY_KEY_REUSED, "conflict", `idempotencyKey: "${key}" was already used for a return on another invoice`, { rmaId: existing.id });
  }
  return loadReturnDetail(tx, existing.id, true);
}

/** Credit value in base currency at the invoice's prices, tax and rate: the approval's amount fact. */
async function creditValueBaseMinor(tx: Tx, invoice: InvoiceRow, planned: PlannedLine[]): Promise<bigint> {
  const credited = await creditedByInvoiceLine(tx, planned.map((p) => p.invoiceLine.id));
  const amounts = planned.map((p) => creditLineAmounts(p.invoiceLine, credited.get(p.invoiceLine.id) ?? 0n, p.qty));
  return documentTotals(amounts, invoice.exchangeRatePpm).total.baseMinor;
}

/**
 * Requests a return against an invoice: an RMA in status requested, routed through the
 * return_authorization approval policy (facts: credit value in base currency, customer tier).
 * A small return the policy auto-approves is approved before this returns.
 */
export async function requestReturn(tx: Tx, actor: Actor, raw: z.input<typeof RequestReturnInput>): Promise<ReturnDetail> {
  requirePermission(actor, "sales:write");
  const input = parseInput(RequestReturnInput, raw);
  const invoice = await returnableInvoiceOrThrow(tx, input.invoiceId);
  if (input.idempotencyKey) {
    const previous = await replayed(tx, invoice, input.idempotencyKey);
    if (previous) return previous;
  }
  await checkWarehouse(tx, invoice.entityId, input.warehouseId);
  const planned = await planLines(tx, invoice, input.lines);
  const buyer = await customerOrThrow(tx, invoice.entityId, invoice.customerId);
  const entity = await entityInfoOrThrow(tx, invoice.entityId);
  const id = await nextDocumentId(tx, "return_authorization");
  const rmaNumber = documentNumber("RMA", entity.code, id);
  await tx.insert(returnAuthorization).values({
    id, entityId: invoice.entityId, rmaNumber, customerId: invoice.customerId, invoiceId: invoice.id, warehouseId: input.warehouseId,
    reason: input.reason, status: "requested", idempotencyKey: input.idempotencyKey ?? null, createdByUserId: actor.userId,
  });
  await tx.insert(returnLine).values(planned.map((p) => ({
    returnAuthorizationId: id, invoiceLineId: p.invoiceLine.id, itemId: p.invoiceLine.itemId, baseQty: formatQty(p.qty), reasonCode: p.reasonCode, unitCostMinor: p.unitCostMinor,
  })));
  const submitted = await submitApproval(tx, actor, {
    kind: "return_authorization", entityId: invoice.entityId, subjectType: "return_authorization", subjectId: id,
    title: `${rmaNumber} ${buyer.name}: return against ${invoice.invoiceNumber}`,
    facts: { amountMinor: await creditValueBaseMinor(tx, invoice, planned), customerTier: buyer.tier, customerId: buyer.id },
    payload: { rmaId: id, invoiceId: invoice.id, reason: input.reason },
  });
  // Only the link: an auto-approval has already set the status through the handler.
  const linked = await tx.update(returnAuthorization).set({ approvalRequestId: submitted.request.id }).where(eq(returnAuthorization.id, id)).returning({ id: returnAuthorization.id });
  assert(linked.length === 1, "the new RMA was linked to its approval request");
  return loadReturnDetail(tx, id);
}
