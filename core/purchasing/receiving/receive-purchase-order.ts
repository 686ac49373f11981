import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { recordAudit } from "../../governance/audit";
import { requirePermission, type Actor } from "../../governance/permissions";
import { receiveStock } from "../../inventory";
import { exchangeRateOn, toBaseQty } from "../../masters";
import { item } from "../../masters/schema";
import { reallocateBackorders, type ReallocationResult } from "../../sales";
import { assert } from "../../shared/assert";
import { applyRatePpm } from "../../shared/money";
import { DomainError, parseInput } from "../../shared/errors";
import { formatQty, parseQty, type QtyScaled } from "../../shared/quantity";
import { PurchasingError } from "../errors";
import { OVER_RECEIPT_TOLERANCE_PPM, RECEIPT_LINES_MAX } from "../limits";
import { lockPurchaseOrderLines, lockPurchaseOrderOrThrow, refreshPurchaseOrderStatus } from "../orders/lock";
import { lineQuantities, RECEIVABLE_STATUSES, type PurchaseOrderLineRow, type PurchaseOrderRow } from "../orders/status";
import { accrueRebatesForReceipt } from "../rebates/accrue-supplier-rebates";
import { purchaseReceipt, purchaseReceiptLine } from "../schema";
import { loadEntityOrThrow, lockIdempotencyKey, nextDocumentNumber, type EntityInfo } from "../shared/context";
import { daysBetween } from "../shared/dates";
import { Id, IdempotencyKey, IsoDate, QtyText } from "../shared/inputs";
import { poValueOfBaseQty, receiptLimit } from "../shared/values";
import { reportLateReceipt } from "./late-receipt";
import { loadPurchaseReceiptDetail, type PurchaseReceiptDetail } from "./queries";

export const ReceivePurchaseOrderInput = z.object({
  purchaseOrderId: Id,
  warehouseId: Id,
  receiptDate: IsoDate,
  idempotencyKey: IdempotencyKey,
  lines: z.array(z.object({
    purchaseOrderLineId: Id,
    itemId: Id,
    /** The unit counted; the PO line's unit when omitted. */
    uom: z.string().trim().min(1).max(12).optional(),
    qty: QtyText,
  })).min(1).max(RECEIPT_LINES_MAX),
});
export type ReceivePurchaseOrderInput = z.input<typeof ReceivePurchaseOrderInput>;
type Parsed = z.output<typeof ReceivePurchaseOrderInput>;

export type ReceiptResult = PurchaseReceiptDetail & {
  replayed: boolean;
  /** The delayed_receipt exception and the cross-functional alert, when the receipt was late. */
  delayedReceiptExceptionId: number | null;
  alertId: number | null;
  /** Backordered customer order lines the arriving stock was allocated to, per item. */
  reallocated: ReallocationResult[];
};

type ReceivedLine = { poLine: PurchaseOrderLineRow; baseQty: QtyScaled; valueDocumentMinor: bigint; valueBaseMinor: bigint; daysLate: number; leadTimeDays: number };

async function checkLines(tx: Tx, input: Parsed, order: PurchaseOrderRow, poLines: PurchaseOrderLineRow[]): Promise<{ poLine: PurchaseOrderLineRow; baseQty: QtyScaled }[]> {
  const seen = new Set<number>();
  const checked = [];
  for (const [index, line] of input.lines.entries()) {
    const poLine = poLines.find((l) => l.id === line.purchaseOrderLineId);
    if (!poLine) throw new DomainError(PurchasingError.PURCHASE_ORDER_LINE_NOT_FOUND, "unprocessable", `lines.${index}.purchaseOrderLineId: not a line of ${order.poNumber}`, { index });
    if (seen.has(poLine.id)) throw new DomainError(PurchasingError.DUPLICATE_LINE, "invalid", `lines.${index}.purchaseOrderLineId: line ${poLine.lineNumber} is listed twice`, { index });
    seen.add(poLine.id);
    if (line.itemId !== poLine.itemId) {
      throw new DomainError(PurchasingError.WRONG_ITEM, "unprocessable", `lines.${index}.itemId: PO line ${poLine.lineNumber} orders item ${poLine.itemId}, not ${line.itemId}`, { index, expected: poLine.itemId, received: line.itemId });
    }
    if (poLine.warehouseId !== input.warehouseId) {
      throw new DomainError(PurchasingError.WRONG_WAREHOUSE, "unprocessable", `warehouseId: PO line ${poLine.lineNumber} is to be received in warehouse ${poLine.warehouseId}`, { index });
    }
    const baseQty = await toBaseQty(tx, poLine.itemId, line.uom ?? poLine.uom, line.qty);
    const quantities = lineQuantities(poLine);
    const limit = receiptLimit(quantities.effective, quantities.cancelled, OVER_RECEIPT_TOLERANCE_PPM);
    if (quantities.received + baseQty > limit) {
      throw new DomainError(PurchasingError.OVER_RECEIPT, "unprocessable",
        `lines.${index}.qty: ${formatQty(baseQty)} base units would exceed PO line ${poLine.lineNumber} (open ${formatQty(quantities.open)}, at most ${formatQty(limit - quantities.received)} with the over-receipt tolerance)`,
        { index, open: formatQty(quantities.open), allowed: formatQty(limit - quantities.received) });
    }
    checked.push({ poLine, baseQty });
  }
  return checked;
}

function valueLines(order: PurchaseOrderRow, checked: { poLine: PurchaseOrderLineRow; baseQty: QtyScaled }[], receiptDate: string, ratePpm: bigint): ReceivedLine[] {
  return checked.map(({ poLine, baseQty }) => {
    const valueDocumentMinor = poValueOfBaseQty({ qty: parseQty(poLine.qty), baseQtyOrdered: parseQty(poLine.baseQtyOrdered), unitPriceMinor: poLine.unitPriceMinor }, baseQty);
    return {
      poLine, baseQty, valueDocumentMinor, valueBaseMinor: applyRatePpm(valueDocumentMinor, ratePpm, "halfEven"),
      daysLate: daysBetween(poLine.expectedDate, receiptDate), leadTimeDays: daysBetween(order.orderDate, receiptDate),
    };
  });
}

async function replayed(tx: Tx, entity: EntityInfo, key: string | undefined): Promise<ReceiptResult | null> {
  if (!key) return null;
  await lockIdempotencyKey(tx, "purchase_receipt", entity.id, key);
  const [existing] = await tx.select({ id: purchaseReceipt.id }).from(purchaseReceipt)
    .where(and(eq(purchaseReceipt.entityId, entity.id), eq(purchaseReceipt.idempotencyKey, key))).limit(1);
  if (!existing) return null;
  return { ...(await loadPurchaseReceiptDetail(tx, existing.id)), replayed: true, delayedReceiptExceptionId: null, alertId: null, reallocated: [] };
}

async function writeReceipt(tx: Tx, actor: Actor, entity: EntityInfo, order: PurchaseOrderRow, input: Parsed, lines: ReceivedLine[], ratePpm: bigint): Promise<{ id: number; number: string }> {
  const { id, number } = await nextDocumentNumber(tx, "purchase_receipt", "GRN", entity.code);
  // Inventory and GRNI take exactly the PO value at the receipt date's rate, line by line.
  const stock = await receiveStock(tx, actor, {
    entityId: entity.id, documentDate: input.receiptDate, warehouseId: input.warehouseId, kind: "receipt", reference: number,
    upstreamType: "purchase_receipt", upstreamId: id,
    lines: lines.map((l) => ({ itemId: l.poLine.itemId, qty: formatQty(l.baseQty), valueMinor: l.valueBaseMinor })),
  });
  lines.forEach((l, index) => assert(stock.movements[index]?.valueMinor === l.valueBaseMinor, "the stock ledger took the receipt value exactly"));
  await tx.insert(purchaseReceipt).values({
    id, entityId: entity.id, receiptNumber: number, purchaseOrderId: order.id, supplierId: order.supplierId, warehouseId: input.warehouseId,
    receiptDate: input.receiptDate, currency: order.currency, exchangeRatePpm: ratePpm, daysLate: Math.max(...lines.map((l) => l.daysLate)),
    inventoryDocumentId: stock.documentId, idempotencyKey: input.idempotencyKey ?? null, createdByUserId: actor.userId,
  });
  await tx.insert(purchaseReceiptLine).values(lines.map((l) => ({
    receiptId: id, purchaseOrderLineId: l.poLine.id, itemId: l.poLine.itemId, baseQty: formatQty(l.baseQty),
    valueBaseMinor: l.valueBaseMinor, valueDocumentMinor: l.valueDocumentMinor, leadTimeDays: l.leadTimeDays,
  })));
  const values = sql.join(lines.map((l) => sql`(${l.poLine.id}::int8, ${formatQty(l.baseQty)}::numeric)`), sql`, `);
  const updated = await tx.execute(sql`update purchase_order_line p set base_qty_received = p.base_qty_received + v.qty
    from (values ${values}) as v(id, qty) where p.id = v.id`);
  assert(updated.count === lines.length, "every received PO line was updated");
  return { id, number };
}

async function reportIfLate(tx: Tx, actor: Actor, order: PurchaseOrderRow, receipt: { id: number; number: string }, input: Parsed, lines: ReceivedLine[]) {
  const late = lines.filter((l) => l.daysLate > 0);
  if (late.length === 0) return { exceptionId: null, alertId: null };
  const skus = await tx.select({ id: item.id, sku: item.sku }).from(item).where(inArray(item.id, late.map((l) => l.poLine.itemId)));
  const reported = await reportLateReceipt(tx, actor, {
    entityId: order.entityId, receiptId: receipt.id, receiptNumber: receipt.number, receiptDate: input.receiptDate, purchaseOrderId: order.id,
    poNumber: order.poNumber, warehouseId: input.warehouseId,
    lines: late.map((l) => ({ itemId: l.poLine.itemId, sku: skus.find((s) => s.id === l.poLine.itemId)?.sku ?? String(l.poLine.itemId),
      poLineNumber: l.poLine.lineNumber, expectedDate: l.poLine.expectedDate, daysLate: l.daysLate, baseQty: formatQty(l.baseQty) })),
  });
  return { exceptionId: reported.exceptionId, alertId: reported.alertId };
}

/** Arriving stock goes to the order desk's backorder queue first (highest priority, oldest order). */
async function reallocateArrivals(tx: Tx, actor: Actor, warehouseId: number, lines: ReceivedLine[]): Promise<ReallocationResult[]> {
  const results: ReallocationResult[] = [];
  for (const itemId of [...new Set(lines.map((l) => l.poLine.itemId))].sort((a, b) => a - b)) {
    const result = await reallocateBackorders(tx, actor, { itemId, warehouseId });
    if (result.lines.length > 0) results.push(result);
  }
  return results;
}

/**
 * Receives goods against an approved order: partial and (within tolerance) over-receipts, the
 * wrong item refused. Stock enters through the stock ledger at PO price x the receipt date's
 * rate (Dr Inventory, Cr GRNI); lead time and lateness are recorded; a late receipt raises a
 * delayed_receipt exception and, when customers wait on backorder, a cross-functional alert;
 * then the arrivals are allocated to backordered customer orders.
 */
export async function receivePurchaseOrder(tx: Tx, actor: Actor, raw: z.input<typeof ReceivePurchaseOrderInput>): Promise<ReceiptResult> {
  requirePermission(actor, "inventory:write");
  const input = parseInput(ReceivePurchaseOrderInput, raw);
  const order = await lockPurchaseOrderOrThrow(tx, input.purchaseOrderId);
  const entity = await loadEntityOrThrow(tx, order.entityId);
  const previous = await replayed(tx, entity, input.idempotencyKey);
  if (previous) return previous;
  if (!(RECEIVABLE_STATUSES as readonly string[]).includes(order.status)) {
    throw new DomainError(PurchasingError.PURCHASE_ORDER_STATE, "conflict", `Purchase order ${order.poNumber} is ${order.status}; goods are received only against approved orders`, { status: order.status });
  }
  const poLines = await lockPurchaseOrderLines(tx, order.id);
  const checked = await checkLines(tx, input, order, poLines);
  const ratePpm = await exchangeRateOn(tx, order.currency, entity.baseCurrency, input.receiptDate);
  const lines = valueLines(order, checked, input.receiptDate, ratePpm);
  const receipt = await writeReceipt(tx, actor, entity, order, input, lines, ratePpm);
  await refreshPurchaseOrderStatus(tx, order);
  const late = await reportIfLate(tx, actor, order, receipt, input, lines);
  await accrueRebatesForReceipt(tx, actor, receipt.id);
  const reallocated = await reallocateArrivals(tx, actor, input.warehouseId, lines);
  await recordAudit(tx, actor, { action: "create", objectKind: "purchase_receipt", objectId: receipt.id, entityId: entity.id,
    after: { receiptNumber: receipt.number, purchaseOrderId: order.id, lines: lines.map((l) => ({ poLineId: l.poLine.id, baseQty: formatQty(l.baseQty), valueBaseMinor: l.valueBaseMinor })) } });
  return { ...(await loadPurchaseReceiptDetail(tx, receipt.id)), replayed: false, delayedReceiptExceptionId: late.exceptionId, alertId: late.alertId, reallocated };
}
