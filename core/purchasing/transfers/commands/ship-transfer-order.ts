import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { recordAudit } from "../../../governance/audit";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { transferStock } from "../../../inventory";
import { inventoryDocument } from "../../../inventory/schema";
import { assert } from "../../../shared/assert";
import { DomainError, parseInput } from "../../../shared/errors";
import { transferOrder } from "../../schema";
import { TransferError } from "../errors";
import { linesOf, lockTransferOrderOrThrow, transferDetail, transferStatusIs, type TransferOrderDetail } from "../store";
import { ensureTransitWarehouse, type TransitAccountStatus } from "../transit";

export const ShipTransferOrderInput = z.object({
  transferOrderId: z.number().int().positive(),
  shipDate: z.iso.date(),
  idempotencyKey: z.string().trim().min(1).max(150).optional(),
});

export type ShippedTransfer = { transfer: TransferOrderDetail; transitWarehouseId: number; transitAccount: TransitAccountStatus | null; replayed: boolean };

const shipKey = (transferNumber: string, key: string | undefined) => (key ? `${transferNumber}/ship/${key}` : `${transferNumber}/ship`);

/** A retried ship with the same key finds the order shipped by that very document and changes nothing. */
async function replayOf(tx: Tx, order: typeof transferOrder.$inferSelect, key: string | undefined): Promise<ShippedTransfer | null> {
  if (order.status === "draft" || !key || order.shipDocumentId === null) return null;
  const [doc] = await tx.select().from(inventoryDocument)
    .where(and(eq(inventoryDocument.id, order.shipDocumentId), eq(inventoryDocument.idempotencyKey, shipKey(order.transferNumber, key)))).limit(1);
  if (!doc) return null;
  assert(doc.toWarehouseId !== null, "a transfer ship document names the transit warehouse");
  return { transfer: await transferDetail(tx, order.id), transitWarehouseId: doc.toWarehouseId, transitAccount: null, replayed: true };
}

/**
 * Ships a draft transfer: its whole quantity leaves the source for the entity's in-transit
 * warehouse through the stock ledger (Dr in-transit, Cr inventory of the source by account
 * determination, at the source's valuation cost), and the order becomes shipped.
 */
export async function shipTransferOrder(tx: Tx, actor: Actor, raw: z.input<typeof ShipTransferOrderInput>): Promise<ShippedTransfer> {
  requirePermission(actor, "inventory:write");
  const input = parseInput(ShipTransferOrderInput, raw);
  const order = await lockTransferOrderOrThrow(tx, input.transferOrderId);
  const replay = await replayOf(tx, order, input.idempotencyKey);
  if (replay) return replay;
  if (order.status !== "draft") {
    throw new DomainError(TransferError.STATE, "conflict", `Transfer order ${order.transferNumber} is ${order.status}; only a draft can ship`,
      { transferOrderId: order.id, status: order.status });
  }
  const transit = await ensureTransitWarehouse(tx, actor, order.entityId);
  const lines = await linesOf(tx, order.id);
  const document = await transferStock(tx, actor, {
    entityId: order.entityId, documentDate: input.shipDate, fromWarehouseId: order.fromWarehouseId, toWarehouseId: transit.warehouse.id,
    reference: order.transferNumber, idempotencyKey: shipKey(order.transferNumber, input.idempotencyKey),
    lines: lines.map((l) => ({ itemId: l.itemId, qty: l.baseQty })),
  });
  const updated = await tx.update(transferOrder).set({ status: "shipped", shippedDate: input.shipDate, shipDocumentId: document.documentId, updatedAt: new Date() })
    .where(transferStatusIs(order, "draft")).returning();
  assert(updated.length === 1, `transfer order ${order.id} was a draft when shipped`);
  await recordAudit(tx, actor, { action: "state_change", objectKind: "transfer_order", objectId: order.id, entityId: order.entityId,
    before: { status: "draft" }, after: { status: "shipped", shippedDate: input.shipDate, documentNumber: document.documentNumber } });
  return { transfer: await transferDetail(tx, order.id), transitWarehouseId: transit.warehouse.id, transitAccount: transit.accountRule, replayed: false };
}
