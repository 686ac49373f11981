import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { recordAudit } from "../../../governance/audit";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { parseInput } from "../../../shared/errors";
import { parseQty, QTY_PATTERN } from "../../../shared/quantity";
import { transferOrder } from "../../schema";
import { TRANSFER_LINES_MAX, transferDetail, writeTransferOrder, type NewTransferOrder, type TransferOrderDetail } from "../store";

const Id = z.number().int().positive();

export const CreateTransferOrderInput = z.object({
  entityId: Id,
  fromWarehouseId: Id,
  toWarehouseId: Id,
  expectedDate: z.iso.date(),
  lines: z.array(z.object({
    itemId: Id,
    baseQty: z.string().trim().regex(QTY_PATTERN, "a decimal quantity with up to 4 decimals").transform((t) => parseQty(t))
      .refine((q) => q > 0n, "must be greater than zero"),
  })).min(1).max(TRANSFER_LINES_MAX),
  idempotencyKey: z.string().trim().min(1).max(200).optional(),
});

/**
 * The write behind createTransferOrder and accepted transfer proposals. It moves no stock (a
 * draft only reserves the intent), so planning:write may call it without inventory:write;
 * the caller has checked its own permission. A repeated idempotency key returns the first order.
 */
export async function insertTransferOrder(tx: Tx, actor: Actor, order: Omit<NewTransferOrder, "createdByUserId">): Promise<TransferOrderDetail> {
  if (order.idempotencyKey) {
    const [previous] = await tx.select({ id: transferOrder.id }).from(transferOrder)
      .where(and(eq(transferOrder.entityId, order.entityId), eq(transferOrder.idempotencyKey, order.idempotencyKey))).limit(1);
    if (previous) return transferDetail(tx, previous.id);
  }
  const created = await writeTransferOrder(tx, { ...order, createdByUserId: actor.userId });
  await recordAudit(tx, actor, { action: "create", objectKind: "transfer_order", objectId: created.id, entityId: created.entityId,
    after: { transferNumber: created.transferNumber, fromWarehouseId: created.fromWarehouseId, toWarehouseId: created.toWarehouseId,
      lines: order.lines.map((l) => ({ itemId: l.itemId, baseQty: l.baseQty })) } });
  return transferDetail(tx, created.id);
}

/** Drafts a transfer between two stocking warehouses of an entity; nothing moves until it ships. */
export async function createTransferOrder(tx: Tx, actor: Actor, raw: z.input<typeof CreateTransferOrderInput>): Promise<TransferOrderDetail> {
  requirePermission(actor, "inventory:write");
  const input = parseInput(CreateTransferOrderInput, raw);
  return insertTransferOrder(tx, actor, {
    entityId: input.entityId, fromWarehouseId: input.fromWarehouseId, toWarehouseId: input.toWarehouseId, expectedDate: input.expectedDate,
    idempotencyKey: input.idempotencyKey ?? null, lines: input.lines,
  });
}
