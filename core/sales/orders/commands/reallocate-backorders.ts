import { z } from "zod";
import type { Tx } from "../../../db/client";
import { hasPermission, requirePermission, type Actor } from "../../../governance/permissions";
import { parseInput } from "../../../shared/errors";
import { Id } from "../../pricing/inputs";
import { reallocate, type ReallocatedLine } from "../reallocation";

export const ReallocateBackordersInput = z.object({ itemId: Id, warehouseId: Id });

export type ReallocationResult = { itemId: number; warehouseId: number; lines: ReallocatedLine[] };

/**
 * Gives newly free stock of an item in a warehouse to its backordered lines: highest priority
 * first, then the oldest order. Call it whenever stock arrives (receipts, transfers in, returns
 * restocked) and from the periodic job; receiving staff hold inventory:write, not sales:write.
 */
export async function reallocateBackorders(tx: Tx, actor: Actor, raw: z.input<typeof ReallocateBackordersInput>): Promise<ReallocationResult> {
  if (!hasPermission(actor, "inventory:write")) requirePermission(actor, "sales:write");
  const input = parseInput(ReallocateBackordersInput, raw);
  const lines = await reallocate(tx, actor, input.itemId, input.warehouseId);
  return { itemId: input.itemId, warehouseId: input.warehouseId, lines };
}
