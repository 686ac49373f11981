import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { recordAudit } from "../../governance/audit";
import { requirePermission, type Actor } from "../../governance/permissions";
import { revalueStock } from "../../inventory";
import { postEvent, type LandedCostLine, type OperationalEvent } from "../../ledger";
import { exchangeRateOn } from "../../masters";
import { item } from "../../masters/schema";
import { assert } from "../../shared/assert";
import { applyRatePpm } from "../../shared/money";
import { DomainError, parseInput } from "../../shared/errors";
import { parseQty, type QtyScaled } from "../../shared/quantity";
import { PurchasingError } from "../errors";
import { loadPurchaseReceiptDetail, type PurchaseReceiptDetail } from "../receiving/queries";
import { landedCostAllocation, landedCostCharge, supplierInvoice, supplierInvoiceLine } from "../schema";
import { loadEntityOrThrow, loadPaymentTerm, loadSupplierOrThrow, lockIdempotencyKey, lockSupplierInvoiceRef, nextDocumentNumber, type EntityInfo } from "../shared/context";
import { addDays } from "../shared/dates";
import { CurrencyCode, Id, IdempotencyKey, IsoDate, PositiveMinorAmount } from "../shared/inputs";
import { minBigint } from "../shared/values";
import { allocateCharge, allocationWeights, heldShare } from "./allocate";
import { loadLandedCostCharge, type LandedCostChargeDetail } from "./queries";

export const AddLandedCostInput = z.object({
  receiptId: Id,
  kind: z.enum(["freight", "duty", "handling", "insurance"]),
  method: z.enum(["value", "weight", "quantity"]),
  currency: CurrencyCode,
  amountMinor: PositiveMinorAmount,
  /** estimate: Cr landed cost clearing; invoiced: the carrier's invoice, Cr AP (an open supplier invoice). */
  source: z.enum(["estimate", "invoiced"]),
  supplierInvoiceRef: z.string().trim().min(1).max(80).optional(),
  /** Who invoiced the charge (a carrier, a broker); the receipt's supplier when omitted. */
  supplierId: Id.optional(),
  /** Posting date and rate date; the receipt date when omitted. */
  chargeDate: IsoDate.optional(),
  idempotencyKey: IdempotencyKey,
});
type Parsed = z.output<typeof AddLandedCostInput>;

type LineSplit = LandedCostLine & { receiptLineId: number; amountBaseMinor: bigint };

/** Locks the receipt's stock positions (the stock engine's order) and returns on-hand per item. */
async function onHandByItem(tx: Tx, warehouseId: number, itemIds: number[]): Promise<Map<number, QtyScaled>> {
  const rows = await tx.execute<{ item_id: string; qty_on_hand: string }>(sql`select item_id, qty_on_hand from stock_balance
    where warehouse_id = ${warehouseId} and item_id in (${sql.join(itemIds.map((id) => sql`${id}::int8`), sql`, `)})
    order by warehouse_id, item_id for update`);
  return new Map(rows.map((r) => [Number(r.item_id), parseQty(r.qty_on_hand)]));
}

async function splitCharge(tx: Tx, receipt: PurchaseReceiptDetail, input: Parsed, amountBaseMinor: bigint): Promise<LineSplit[]> {
  const items = await tx.select({ id: item.id, weightKg: item.weightKg, categoryId: item.categoryId }).from(item)
    .where(inArray(item.id, [...new Set(receipt.lines.map((l) => l.itemId))]));
  const basis = receipt.lines.map((l) => ({ receiptLineId: l.id, itemId: l.itemId, baseQty: parseQty(l.baseQty), valueBaseMinor: l.valueBaseMinor,
    weightKg: items.find((i) => i.id === l.itemId)!.weightKg }));
  const weights = allocationWeights(basis, input.method);
  if (weights.reduce((a, b) => a + b, 0n) <= 0n) {
    throw new DomainError(PurchasingError.LANDED_COST_NO_BASIS, "unprocessable", `method: the receipt's lines have no ${input.method} to allocate by`, { method: input.method });
  }
  const shares = allocateCharge(amountBaseMinor, input.amountMinor, weights);
  const onHand = await onHandByItem(tx, receipt.warehouseId, [...new Set(basis.map((b) => b.itemId))].sort((a, b) => a - b));
  const receivedByItem = new Map<number, QtyScaled>();
  for (const b of basis) receivedByItem.set(b.itemId, (receivedByItem.get(b.itemId) ?? 0n) + b.baseQty);
  return basis.map((b, index) => {
    const share = shares[index]!;
    const received = receivedByItem.get(b.itemId)!;
    // Goods of this receipt still held: at most what is on hand now (FIFO-agnostic estimate).
    const held = minBigint(received, onHand.get(b.itemId) ?? 0n);
    const toInventory = { baseMinor: heldShare(share.baseMinor, received, held), documentMinor: heldShare(share.documentMinor, received, held) };
    return { receiptLineId: b.receiptLineId, amountBaseMinor: share.baseMinor, itemId: b.itemId, itemCategoryId: items.find((i) => i.id === b.itemId)!.categoryId,
      warehouseId: receipt.warehouseId, toInventory, toCogs: { baseMinor: share.baseMinor - toInventory.baseMinor, documentMinor: share.documentMinor - toInventory.documentMinor } };
  });
}

/** The carrier's invoice as an open supplier invoice, so AP control keeps equal to open payables. */
async function chargeInvoice(tx: Tx, actor: Actor, entity: EntityInfo, input: Parsed, supplierId: number, chargeDate: string, ratePpm: bigint, amountBaseMinor: bigint, label: string): Promise<number> {
  if (!input.supplierInvoiceRef) throw new DomainError(PurchasingError.LANDED_COST_INVOICE_REF_REQUIRED, "invalid", "supplierInvoiceRef: required for an invoiced charge");
  const vendor = await loadSupplierOrThrow(tx, entity.id, supplierId, { allowInactive: true });
  if (vendor.currency !== input.currency) {
    throw new DomainError(PurchasingError.INVOICE_CURRENCY_MISMATCH, "unprocessable", `currency: supplier ${vendor.code} invoices in ${vendor.currency}`, { supplierId });
  }
  await lockSupplierInvoiceRef(tx, vendor.id, input.supplierInvoiceRef);
  const [duplicate] = await tx.select({ id: supplierInvoice.id }).from(supplierInvoice)
    .where(and(eq(supplierInvoice.supplierId, vendor.id), eq(supplierInvoice.supplierInvoiceRef, input.supplierInvoiceRef))).limit(1);
  if (duplicate) throw new DomainError(PurchasingError.INVOICE_DUPLICATE_REF, "conflict", `supplierInvoiceRef: ${input.supplierInvoiceRef} was already entered`, { invoiceId: duplicate.id });
  const term = await loadPaymentTerm(tx, vendor.paymentTermCode);
  const { id, number } = await nextDocumentNumber(tx, "supplier_invoice", "PI", entity.code);
  await tx.insert(supplierInvoice).values({
    id, entityId: entity.id, invoiceNumber: number, supplierInvoiceRef: input.supplierInvoiceRef, supplierId: vendor.id, currency: input.currency,
    exchangeRatePpm: ratePpm, invoiceDate: chargeDate, dueDate: addDays(chargeDate, term.dueDays), subtotalMinor: input.amountMinor, taxMinor: 0n,
    totalMinor: input.amountMinor, totalBaseMinor: amountBaseMinor, status: "posted", createdByUserId: actor.userId,
  });
  await tx.insert(supplierInvoiceLine).values({ invoiceId: id, lineNumber: 1, description: label, baseQty: "1", unitPriceMinor: input.amountMinor,
    amountMinor: input.amountMinor, matchStatus: "unmatched" });
  return id;
}

async function replayed(tx: Tx, entityId: number, key: string | undefined): Promise<LandedCostChargeDetail | null> {
  if (!key) return null;
  await lockIdempotencyKey(tx, "landed_cost_charge", entityId, key);
  const [existing] = await tx.select({ id: landedCostCharge.id }).from(landedCostCharge)
    .where(and(eq(landedCostCharge.entityId, entityId), eq(landedCostCharge.idempotencyKey, key))).limit(1);
  return existing ? loadLandedCostCharge(tx, existing.id) : null;
}

/** Posts the charge: through the stock ledger when goods are held (one revaluation document), else straight to COGS. */
async function postCharge(tx: Tx, actor: Actor, entity: EntityInfo, receipt: PurchaseReceiptDetail, charge: { id: number; number: string; date: string; currency: string }, event: Extract<OperationalEvent, { type: "purchase.landed_cost" }>): Promise<number | null> {
  const deltas = new Map<number, bigint>();
  for (const line of event.lines) deltas.set(line.itemId, (deltas.get(line.itemId) ?? 0n) + line.toInventory.baseMinor);
  const held = [...deltas].filter(([, delta]) => delta > 0n);
  const description = `${charge.number} ${event.credit === "ap" ? "invoiced" : "estimated"} landed cost on ${receipt.receiptNumber}`;
  if (held.length === 0) {
    const entry = await postEvent(tx, actor, { entityId: entity.id, postingDate: charge.date, description, sourceType: "landed_cost_charge", sourceId: charge.id,
      documentCurrency: charge.currency === entity.baseCurrency ? null : charge.currency }, event);
    return entry?.id ?? null;
  }
  const document = await revalueStock(tx, actor, {
    entityId: entity.id, warehouseId: receipt.warehouseId, documentDate: charge.date, description, reference: charge.number,
    upstreamType: "landed_cost_charge", upstreamId: charge.id,
    lines: held.map(([itemId, valueDeltaMinor]) => ({ itemId, warehouseId: receipt.warehouseId, valueDeltaMinor })),
    event: (valued) => {
      assert(valued.reduce((s, l) => s + l.valueMinor, 0n) === held.reduce((s, [, d]) => s + d, 0n), "stock took exactly the inventory share");
      return event;
    },
  });
  return document.journalEntryId;
}

/**
 * Adds freight, duty, handling or insurance to a receipt, split over its lines by value,
 * weight or quantity (largest remainder, ties to the earlier line). The share of goods still
 * on hand raises their stock value; the share of goods already gone goes to COGS.
 */
export async function addLandedCost(tx: Tx, actor: Actor, raw: z.input<typeof AddLandedCostInput>): Promise<LandedCostChargeDetail> {
  requirePermission(actor, "purchasing:write");
  const input = parseInput(AddLandedCostInput, raw);
  const receipt = await loadPurchaseReceiptDetail(tx, input.receiptId);
  const entity = await loadEntityOrThrow(tx, receipt.entityId);
  const previous = await replayed(tx, entity.id, input.idempotencyKey);
  if (previous) return previous;
  const chargeDate = input.chargeDate ?? receipt.receiptDate;
  const ratePpm = await exchangeRateOn(tx, input.currency, entity.baseCurrency, chargeDate);
  const amountBaseMinor = applyRatePpm(input.amountMinor, ratePpm, "halfEven");
  const lines = await splitCharge(tx, receipt, input, amountBaseMinor);
  const { id, number } = await nextDocumentNumber(tx, "landed_cost_charge", "LC", entity.code);
  const supplierId = input.supplierId ?? receipt.supplierId;
  const invoiceId = input.source === "invoiced"
    ? await chargeInvoice(tx, actor, entity, input, supplierId, chargeDate, ratePpm, amountBaseMinor, `${input.kind} on ${receipt.receiptNumber} (${number})`) : null;
  const journalEntryId = await postCharge(tx, actor, entity, receipt, { id, number, date: chargeDate, currency: input.currency }, {
    type: "purchase.landed_cost", supplierId: input.source === "invoiced" ? supplierId : null, credit: input.source === "invoiced" ? "ap" : "landed_cost_clearing",
    total: { baseMinor: amountBaseMinor, documentMinor: input.amountMinor }, lines: lines.map(({ receiptLineId: _r, amountBaseMinor: _a, ...line }) => line),
  });
  await tx.insert(landedCostCharge).values({ id, entityId: entity.id, chargeNumber: number, receiptId: receipt.id, kind: input.kind, method: input.method,
    currency: input.currency, amountMinor: input.amountMinor, amountBaseMinor, source: input.source, supplierInvoiceId: invoiceId, journalEntryId,
    idempotencyKey: input.idempotencyKey ?? null, createdByUserId: actor.userId });
  await tx.insert(landedCostAllocation).values(lines.map((l) => ({ chargeId: id, receiptLineId: l.receiptLineId, amountBaseMinor: l.amountBaseMinor,
    toInventoryMinor: l.toInventory.baseMinor, toCogsMinor: l.toCogs.baseMinor })));
  if (invoiceId !== null) await tx.update(supplierInvoice).set({ journalEntryId }).where(eq(supplierInvoice.id, invoiceId));
  await recordAudit(tx, actor, { action: "post", objectKind: "landed_cost_charge", objectId: id, entityId: entity.id,
    after: { chargeNumber: number, receiptId: receipt.id, kind: input.kind, method: input.method, amountBaseMinor, supplierInvoiceId: invoiceId } });
  return loadLandedCostCharge(tx, id);
}
