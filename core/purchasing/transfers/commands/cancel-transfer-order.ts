import { z } from "zod";
import type { Tx } from "../../../db/client";
import { recordAudit } from "../../../governance/audit";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { DomainError, parseInput } from "../../../shared/errors";
import { transferOrder } from "../../schema";
import { TransferError } from "../errors";
import { lockTransferOrderOrThrow, transferDetail, transferStatusIs, type TransferOrderDetail } from "../store";

export const CancelTransferOrderInput = z.object({
  transferOrderId: z.number().int().positive(),
  reason: z.string().trim().min(1).max(500),
});

/** Cancels a draft transfer order; one that has shipped must be received instead. */
export async function cancelTransferOrder(tx: Tx, actor: Actor, raw: z.input<typeof CancelTransferOrderInput>): Promise<TransferOrderDetail> {
  requirePermission(actor, "inventory:write");
  const input = parseInput(CancelTransferOrderInput, raw);
  const order = await lockTransferOrderOrThrow(tx, input.transferOrderId);
  if (order.status !== "draft") {
    throw new DomainError(TransferError.STATE, "conflict", `Transfer order ${order.transferNumber} is ${order.status}; only a draft can be cancelled`,
      { transferOrderId: order.id, status: order.status });
  }
  const updated = await tx.update(transferOrder).set({ status: "cancelled", updatedAt: new Date() }).where(transferStatusIs(order, "draft")).returning();
  if (updated.length !== 1) throw new Error(`transfer order ${order.id} was not a draft when cancelled`);
  // transfer_order has no cancel_reason column: the reason lives in the audit row.
  await recordAudit(tx, actor, { action: "state_change", objectKind: "transfer_order", objectId: order.id, entityId: order.entityId,
    before: { status: "draft" }, after: { status: "cancelled", reason: input.reason } });
  return transferDetail(tx, order.id);
}
