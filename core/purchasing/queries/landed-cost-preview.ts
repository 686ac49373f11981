// The allocation preview of landed-cost entry: how a charge would split over a receipt's lines by
// value, weight or quantity, computed with the same pure functions addLandedCost posts with.
import { inArray } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { requirePermission, type Actor } from "../../governance/permissions";
import { item } from "../../masters/schema";
import { assert } from "../../shared/assert";
import { DomainError, parseInput } from "../../shared/errors";
import { parseQty } from "../../shared/quantity";
import { PurchasingError } from "../errors";
import { allocateCharge, allocationWeights } from "../landed-cost/allocate";
import { loadPurchaseReceiptDetail } from "../receiving/queries";
import { Id, PositiveMinorAmount } from "../shared/inputs";

export const PreviewLandedCostInput = z.object({
  receiptId: Id,
  method: z.enum(["value", "weight", "quantity"]),
  /** In the charge's currency; the preview splits it as the posting will (largest remainder). */
  amountMinor: PositiveMinorAmount,
});

export type LandedCostPreviewLine = { receiptLineId: number; sku: string; baseQty: string; valueBaseMinor: bigint; weightKg: string; shareMinor: bigint };

/** Splits a charge over the receipt's lines without posting anything; shares sum to the amount exactly. */
export async function previewLandedCostAllocation(tx: Tx, actor: Actor, raw: z.input<typeof PreviewLandedCostInput>): Promise<LandedCostPreviewLine[]> {
  requirePermission(actor, "purchasing:read");
  const input = parseInput(PreviewLandedCostInput, raw);
  const receipt = await loadPurchaseReceiptDetail(tx, input.receiptId);
  const items = await tx.select({ id: item.id, weightKg: item.weightKg }).from(item).where(inArray(item.id, [...new Set(receipt.lines.map((l) => l.itemId))]));
  const basis = receipt.lines.map((l) => ({ receiptLineId: l.id, itemId: l.itemId, baseQty: parseQty(l.baseQty), valueBaseMinor: l.valueBaseMinor,
    weightKg: items.find((i) => i.id === l.itemId)?.weightKg ?? "0" }));
  const weights = allocationWeights(basis, input.method);
  if (weights.reduce((a, b) => a + b, 0n) <= 0n) {
    throw new DomainError(PurchasingError.LANDED_COST_NO_BASIS, "unprocessable", `method: the receipt's lines have no ${input.method} to allocate by`, { method: input.method });
  }
  const shares = allocateCharge(input.amountMinor, input.amountMinor, weights);
  assert(shares.reduce((s, x) => s + x.documentMinor, 0n) === input.amountMinor, "the preview's shares sum to the charge");
  return receipt.lines.map((l, index) => ({
    receiptLineId: l.id, sku: l.sku, baseQty: l.baseQty, valueBaseMinor: l.valueBaseMinor, weightKg: basis[index]!.weightKg, shareMinor: shares[index]!.documentMinor,
  }));
}
