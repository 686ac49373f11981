import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { recordAudit } from "../../governance/audit";
import { hasPermission, requirePermission, type Actor } from "../../governance/permissions";
import { toBaseQty } from "../../masters";
import { item, warehouse } from "../../masters/schema";
import { assert } from "../../shared/assert";
import { divideRounded } from "../../shared/money";
import { DomainError, parseInput } from "../../shared/errors";
import { formatQty, parseQty, type QtyScaled } from "../../shared/quantity";
import { PurchasingError } from "../errors";
import { PO_LINES_MAX } from "../limits";
import { purchaseOrder, purchaseOrderLine, replenishmentProposal, supplierItem } from "../schema";
import { loadEntityOrThrow, loadSupplierOrThrow, lockIdempotencyKey, nextDocumentNumber, type SupplierRow } from "../shared/context";
import { addDays } from "../shared/dates";
import { Id, IdempotencyKey, IsoDate, MinorAmount, QtyText } from "../shared/inputs";
import { loadPurchaseOrderDetail, type PurchaseOrderDetail } from "./queries";

export const CreatePurchaseOrderInput = z.object({
  entityId: Id,
  supplierId: Id,
  orderDate: IsoDate,
  /** Default for lines without their own; otherwise order date plus the lead time. */
  expectedDate: IsoDate.optional(),
  note: z.string().trim().max(1_000).optional(),
  sourceProposalId: Id.optional(),
  idempotencyKey: IdempotencyKey,
  lines: z.array(z.object({
    itemId: Id,
    warehouseId: Id,
    uom: z.string().trim().min(1).max(12),
    qty: QtyText,
    /** Per unit of `uom` in the supplier's currency; from the supplier item when omitted. */
    unitPriceMinor: MinorAmount.optional(),
    expectedDate: IsoDate.optional(),
  })).min(1).max(PO_LINES_MAX),
});
export type CreatePurchaseOrderInput = z.input<typeof CreatePurchaseOrderInput>;
type Parsed = z.output<typeof CreatePurchaseOrderInput>;
type SupplierItemRow = typeof supplierItem.$inferSelect;

export type PurchaseOrderResult = PurchaseOrderDetail & { replayed: boolean };

type LineDraft = { itemId: number; warehouseId: number; uom: string; qty: string; baseQty: QtyScaled; unitPriceMinor: bigint; expectedDate: string };

async function checkWarehousesAndItems(tx: Tx, input: Parsed): Promise<void> {
  const warehouseIds = [...new Set(input.lines.map((l) => l.warehouseId))];
  const warehouses = await tx.select().from(warehouse).where(inArray(warehouse.id, warehouseIds));
  for (const id of warehouseIds) {
    const row = warehouses.find((w) => w.id === id);
    if (!row || row.entityId !== input.entityId || !row.active || row.isTransit) {
      throw new DomainError(PurchasingError.WAREHOUSE_INVALID, "unprocessable", `lines.warehouseId: warehouse ${id} is not an active receiving warehouse of entity ${input.entityId}`, { warehouseId: id });
    }
  }
  const itemIds = [...new Set(input.lines.map((l) => l.itemId))];
  const items = await tx.select({ id: item.id, sku: item.sku, active: item.active }).from(item).where(inArray(item.id, itemIds));
  for (const id of itemIds) {
    const row = items.find((i) => i.id === id);
    if (!row) throw new DomainError(PurchasingError.ITEM_NOT_FOUND, "not_found", `lines.itemId: item ${id} does not exist`, { itemId: id });
    if (!row.active) throw new DomainError(PurchasingError.ITEM_INACTIVE, "unprocessable", `lines.itemId: item ${row.sku} is inactive and cannot be ordered`, { itemId: id });
  }
}

/** The supplier item's price in another unit of the item: through the base unit, half-even. */
async function priceInUnit(tx: Tx, terms: SupplierItemRow, itemId: number, uom: string): Promise<bigint> {
  if (terms.uom === uom) return terms.unitPriceMinor;
  const basePerLineUnit = await toBaseQty(tx, itemId, uom, "1");
  const basePerQuotedUnit = await toBaseQty(tx, itemId, terms.uom, "1");
  return divideRounded(terms.unitPriceMinor * basePerLineUnit, basePerQuotedUnit, "halfEven");
}

function checkOrderingRules(terms: SupplierItemRow, baseQty: QtyScaled, index: number): void {
  const minimum = parseQty(terms.minOrderQty);
  const multiple = parseQty(terms.orderMultiple);
  if (baseQty < minimum) {
    throw new DomainError(PurchasingError.BELOW_MINIMUM_ORDER, "unprocessable", `lines.${index}.qty: the supplier's minimum order is ${formatQty(minimum)} base units`, { index, minimum: formatQty(minimum) });
  }
  if (baseQty % multiple !== 0n) {
    throw new DomainError(PurchasingError.NOT_ORDER_MULTIPLE, "unprocessable", `lines.${index}.qty: the supplier sells in multiples of ${formatQty(multiple)} base units`, { index, multiple: formatQty(multiple) });
  }
}

async function draftLines(tx: Tx, input: Parsed, vendor: SupplierRow): Promise<LineDraft[]> {
  const itemIds = [...new Set(input.lines.map((l) => l.itemId))];
  const termsRows = await tx.select().from(supplierItem)
    .where(and(eq(supplierItem.supplierId, vendor.id), inArray(supplierItem.itemId, itemIds), eq(supplierItem.active, true)));
  const drafts: LineDraft[] = [];
  for (const [index, line] of input.lines.entries()) {
    const terms = termsRows.find((t) => t.itemId === line.itemId);
    const baseQty = await toBaseQty(tx, line.itemId, line.uom, line.qty);
    if (terms) checkOrderingRules(terms, baseQty, index);
    let unitPriceMinor = line.unitPriceMinor;
    if (unitPriceMinor === undefined) {
      if (!terms) throw new DomainError(PurchasingError.PRICE_REQUIRED, "invalid", `lines.${index}.unitPriceMinor: required, the supplier has no price for this item`, { index, itemId: line.itemId });
      unitPriceMinor = await priceInUnit(tx, terms, line.itemId, line.uom);
    }
    const leadTimeDays = terms?.leadTimeDays ?? vendor.leadTimeDays;
    const expectedDate = line.expectedDate ?? input.expectedDate ?? addDays(input.orderDate, leadTimeDays);
    drafts.push({ itemId: line.itemId, warehouseId: line.warehouseId, uom: line.uom, qty: line.qty, baseQty, unitPriceMinor, expectedDate });
  }
  return drafts;
}

async function replayed(tx: Tx, entityId: number, key: string | undefined): Promise<PurchaseOrderResult | null> {
  if (!key) return null;
  await lockIdempotencyKey(tx, "purchase_order", entityId, key);
  const [existing] = await tx.select({ id: purchaseOrder.id }).from(purchaseOrder)
    .where(and(eq(purchaseOrder.entityId, entityId), eq(purchaseOrder.idempotencyKey, key))).limit(1);
  return existing ? { ...(await loadPurchaseOrderDetail(tx, existing.id)), replayed: true } : null;
}

/**
 * Buyers create purchase orders; planners create them only from a buy proposal of the
 * planning run (a draft that still goes through approval before it is sent).
 */
async function requireOrderingRight(tx: Tx, actor: Actor, raw: CreatePurchaseOrderInput): Promise<void> {
  const proposalId = (raw as { sourceProposalId?: unknown }).sourceProposalId;
  if (hasPermission(actor, "purchasing:write") || typeof proposalId !== "number" || !hasPermission(actor, "planning:write")) {
    requirePermission(actor, "purchasing:write");
    return;
  }
  const [proposal] = await tx.select({ kind: replenishmentProposal.kind }).from(replenishmentProposal).where(eq(replenishmentProposal.id, proposalId)).limit(1);
  if (proposal?.kind !== "buy") requirePermission(actor, "purchasing:write");
}

/**
 * Creates a draft purchase order in the supplier's currency and terms. Prices default to the
 * supplier item's (converted to the line's unit), expected dates to order date + lead time.
 */
export async function createPurchaseOrder(tx: Tx, actor: Actor, raw: CreatePurchaseOrderInput): Promise<PurchaseOrderResult> {
  await requireOrderingRight(tx, actor, raw);
  const input = parseInput(CreatePurchaseOrderInput, raw);
  const entity = await loadEntityOrThrow(tx, input.entityId);
  const previous = await replayed(tx, entity.id, input.idempotencyKey);
  if (previous) return previous;
  const vendor = await loadSupplierOrThrow(tx, entity.id, input.supplierId);
  await checkWarehousesAndItems(tx, input);
  const lines = await draftLines(tx, input, vendor);
  const headerExpected = input.expectedDate ?? lines.map((l) => l.expectedDate).sort()[0];
  assert(headerExpected !== undefined, "an order has at least one line");
  const { id, number } = await nextDocumentNumber(tx, "purchase_order", "PO", entity.code);
  await tx.insert(purchaseOrder).values({
    id, entityId: entity.id, poNumber: number, supplierId: vendor.id, currency: vendor.currency, orderDate: input.orderDate,
    expectedDate: headerExpected, paymentTermCode: vendor.paymentTermCode, status: "draft", sourceProposalId: input.sourceProposalId ?? null,
    note: input.note ?? null, idempotencyKey: input.idempotencyKey ?? null, createdByUserId: actor.userId,
  });
  await tx.insert(purchaseOrderLine).values(lines.map((l, index) => ({
    purchaseOrderId: id, lineNumber: index + 1, itemId: l.itemId, warehouseId: l.warehouseId, uom: l.uom, qty: l.qty,
    baseQtyOrdered: formatQty(l.baseQty), unitPriceMinor: l.unitPriceMinor, expectedDate: l.expectedDate,
  })));
  const detail = await loadPurchaseOrderDetail(tx, id);
  await recordAudit(tx, actor, { action: "create", objectKind: "purchase_order", objectId: id, entityId: entity.id,
    after: { poNumber: number, supplierId: vendor.id, currency: vendor.currency, valueMinor: detail.valueMinor, lines: lines.length } });
  return { ...detail, replayed: false };
}
