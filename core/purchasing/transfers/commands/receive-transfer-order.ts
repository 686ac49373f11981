import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { recordAudit } from "../../../governance/audit";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { transferStock } from "../../../inventory";
import { inventoryDocument } from "../../../inventory/schema";
import { assert } from "../../../shared/assert";
import { DomainError, parseInput } from "../../../shared/errors";
import { formatQty, parseQty, QTY_PATTERN, type QtyScaled } from "../../../shared/quantity";
import { transferOrder } from "../../schema";
import { TransferError } from "../errors";
import {
  linesOf, lockTransferOrderOrThrow, TRANSFER_LINES_MAX, transferDetail, transferStatusIs, writeReceivedQuantities,
  type TransferOrderDetail, type TransferOrderLineRow, type TransferOrderRow,
} from "../store";

export const ReceiveTransferOrderInput = z.object({
  transferOrderId: z.number().int().positive(),
  receiptDate: z.iso.date(),
  /** Omitted: everything still in transit. */
  lines: z.array(z.object({
    itemId: z.number().int().positive(),
    baseQty: z.string().trim().regex(QTY_PATTERN, "a decimal quantity with up to 4 decimals").transform((t) => parseQty(t))
      .refine((q) => q > 0n, "must be greater than zero"),
  })).min(1).max(TRANSFER_LINES_MAX).optional(),
  idempotencyKey: z.string().trim().min(1).max(150).optional(),
});
type Input = z.output<typeof ReceiveTransferOrderInput>;

export type ReceivedTransfer = { transfer: TransferOrderDetail; documentId: number; replayed: boolean };

/** What arrives now per line: the given quantities (each at most what is still in transit), or all of it. */
function quantitiesToReceive(order: TransferOrderRow, lines: TransferOrderLineRow[], input: Input): { line: TransferOrderLineRow; qty: QtyScaled }[] {
  const open = (line: TransferOrderLineRow) => parseQty(line.baseQty) - parseQty(line.baseQtyReceived);
  if (!input.lines) return lines.filter((l) => open(l) > 0n).map((line) => ({ line, qty: open(line) }));
  return input.lines.map((wanted, index) => {
    const line = lines.find((l) => l.itemId === wanted.itemId);
    if (!line) {
      throw new DomainError(TransferError.LINE_NOT_FOUND, "unprocessable", `lines.${index}.itemId: item ${wanted.itemId} is not on ${order.transferNumber}`, { itemId: wanted.itemId });
    }
    if (wanted.baseQty > open(line)) {
      throw new DomainError(TransferError.RECEIVE_EXCEEDS_SHIPPED, "unprocessable",
        `lines.${index}.baseQty: ${formatQty(wanted.baseQty)} received but only ${formatQty(open(line))} is in transit`, { itemId: wanted.itemId });
    }
    return { line, qty: wanted.baseQty };
  });
}

async function replayOf(tx: Tx, order: TransferOrderRow, docKey: string | null): Promise<ReceivedTransfer | null> {
  if (!docKey) return null;
  const [doc] = await tx.select({ id: inventoryDocument.id }).from(inventoryDocument)
    .where(and(eq(inventoryDocument.entityId, order.entityId), eq(inventoryDocument.idempotencyKey, docKey))).limit(1);
  return doc ? { transfer: await transferDetail(tx, order.id), documentId: doc.id, replayed: true } : null;
}

async function transitWarehouseOf(tx: Tx, order: TransferOrderRow): Promise<number> {
  assert(order.shipDocumentId !== null, `shipped transfer order ${order.id} has its ship document`);
  const [doc] = await tx.select({ toWarehouseId: inventoryDocument.toWarehouseId }).from(inventoryDocument).where(eq(inventoryDocument.id, order.shipDocumentId)).limit(1);
  assert(doc?.toWarehouseId != null, `ship document of transfer order ${order.id} names the transit warehouse`);
  return doc.toWarehouseId;
}

/**
 * Receives a shipped transfer, all of it or part (the rest stays in transit): the quantity
 * moves from the in-transit warehouse that the shipment went to into the destination at its
 * transit value (Dr inventory of the destination, Cr in-transit). The order is received when
 * every line is complete.
 */
export async function receiveTransferOrder(tx: Tx, actor: Actor, raw: z.input<typeof ReceiveTransferOrderInput>): Promise<ReceivedTransfer> {
  requirePermission(actor, "inventory:write");
  const input = parseInput(ReceiveTransferOrderInput, raw);
  const order = await lockTransferOrderOrThrow(tx, input.transferOrderId);
  const docKey = input.idempotencyKey ? `${order.transferNumber}/receive/${input.idempotencyKey}` : null;
  const replay = await replayOf(tx, order, docKey);
  if (replay) return replay;
  if (order.status !== "shipped") {
    throw new DomainError(TransferError.STATE, "conflict", `Transfer order ${order.transferNumber} is ${order.status}; only a shipped transfer can be received`,
      { transferOrderId: order.id, status: order.status });
  }
  const lines = await linesOf(tx, order.id);
  const receiving = quantitiesToReceive(order, lines, input);
  assert(receiving.length > 0, "a shipped transfer order has quantity in transit");
  const document = await transferStock(tx, actor, {
    entityId: order.entityId, documentDate: input.receiptDate, fromWarehouseId: await transitWarehouseOf(tx, order), toWarehouseId: order.toWarehouseId,
    reference: order.transferNumber, idempotencyKey: docKey ?? undefined, lines: receiving.map((r) => ({ itemId: r.line.itemId, qty: formatQty(r.qty) })),
  });
  await writeReceivedQuantities(tx, receiving.map((r) => ({ lineId: r.line.id, baseQtyReceived: parseQty(r.line.baseQtyReceived) + r.qty })));
  const complete = lines.every((l) => parseQty(l.baseQty) === parseQty(l.baseQtyReceived) + (receiving.find((r) => r.line.id === l.id)?.qty ?? 0n));
  const updated = await tx.update(transferOrder).set({
    receiveDocumentId: document.documentId, updatedAt: new Date(), ...(complete ? { status: "received", receivedDate: input.receiptDate } : {}),
  }).where(transferStatusIs(order, "shipped")).returning();
  assert(updated.length === 1, `transfer order ${order.id} was shipped when received`);
  await recordAudit(tx, actor, { action: "state_change", objectKind: "transfer_order", objectId: order.id, entityId: order.entityId,
    before: { status: "shipped" }, after: { status: complete ? "received" : "shipped", documentNumber: document.documentNumber,
      received: receiving.map((r) => ({ itemId: r.line.itemId, baseQty: formatQty(r.qty) })) } });
  return { transfer: await transferDetail(tx, order.id), documentId: document.documentId, replayed: false };
}
