import { asc, eq } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { requirePermission, type Actor } from "../../governance/permissions";
import { item } from "../../masters/schema";
import { DomainError } from "../../shared/errors";
import { PurchasingError } from "../errors";
import { RECEIPT_LINES_MAX } from "../limits";
import { purchaseOrder, purchaseOrderLine, purchaseReceipt, purchaseReceiptLine } from "../schema";

export type PurchaseReceiptRow = typeof purchaseReceipt.$inferSelect;
export type PurchaseReceiptLineRow = typeof purchaseReceiptLine.$inferSelect;
export type PurchaseReceiptDetail = PurchaseReceiptRow & {
  poNumber: string;
  lines: (PurchaseReceiptLineRow & { sku: string; poLineNumber: number; warehouseId: number })[];
};

export async function loadPurchaseReceiptDetail(tx: Tx, receiptId: number): Promise<PurchaseReceiptDetail> {
  const [row] = await tx.select({ receipt: purchaseReceipt, poNumber: purchaseOrder.poNumber }).from(purchaseReceipt)
    .innerJoin(purchaseOrder, eq(purchaseOrder.id, purchaseReceipt.purchaseOrderId)).where(eq(purchaseReceipt.id, receiptId)).limit(1);
  if (!row) throw new DomainError(PurchasingError.RECEIPT_NOT_FOUND, "not_found", `Purchase receipt ${receiptId} does not exist`, { receiptId });
  const lines = await tx.select({ line: purchaseReceiptLine, sku: item.sku, poLineNumber: purchaseOrderLine.lineNumber, warehouseId: purchaseOrderLine.warehouseId })
    .from(purchaseReceiptLine).innerJoin(item, eq(item.id, purchaseReceiptLine.itemId))
    .innerJoin(purchaseOrderLine, eq(purchaseOrderLine.id, purchaseReceiptLine.purchaseOrderLineId))
    .where(eq(purchaseReceiptLine.receiptId, receiptId)).orderBy(asc(purchaseReceiptLine.id)).limit(RECEIPT_LINES_MAX);
  return { ...row.receipt, poNumber: row.poNumber, lines: lines.map((l) => ({ ...l.line, sku: l.sku, poLineNumber: l.poLineNumber, warehouseId: l.warehouseId })) };
}

export async function getPurchaseReceiptOrThrow(tx: Tx, actor: Actor, receiptId: number): Promise<PurchaseReceiptDetail> {
  requirePermission(actor, "purchasing:read");
  return loadPurchaseReceiptDetail(tx, receiptId);
}
