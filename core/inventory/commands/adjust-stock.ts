import { z } from "zod";
import type { Tx } from "../../db/client";
import { requirePermission, type Actor } from "../../governance/permissions";
import { parseInput } from "../../shared/errors";
import { applyStockDocument } from "../apply-document";
import type { StockDocumentResult } from "../stock-engine";
import { DocumentHeader, Id, SignedQty, UnitCostMinor, linesOf } from "./inputs";

export const ADJUSTMENT_REASONS = ["count_variance", "damage", "shrinkage", "found", "expiry", "correction"] as const;

export const AdjustStockInput = z.object({
  ...DocumentHeader,
  warehouseId: Id,
  reason: z.enum(ADJUSTMENT_REASONS),
  note: z.string().trim().max(500).optional(),
  lines: linesOf(z.object({
    itemId: Id,
    locationId: Id.optional(),
    qtyDelta: SignedQty,
    /** Gains only: the cost to value them at; defaults to the current average cost. */
    unitCostMinor: UnitCostMinor.optional(),
  })),
});

/** Adjusts stock up (Dr Inventory, Cr Inventory gain) or down (Dr Shrinkage, Cr Inventory). */
export async function adjustStock(tx: Tx, actor: Actor, raw: z.input<typeof AdjustStockInput>): Promise<StockDocumentResult> {
  requirePermission(actor, "inventory:write");
  const input = parseInput(AdjustStockInput, raw);
  return applyStockDocument(tx, actor, {
    entityId: input.entityId, kind: "adjustment", documentDate: input.documentDate, warehouseId: input.warehouseId,
    reason: input.note ? `${input.reason}: ${input.note}` : input.reason, reference: input.reference, idempotencyKey: input.idempotencyKey,
    description: `Stock adjustment (${input.reason})`,
    operations: input.lines.map((l) => l.qtyDelta > 0n
      ? { op: "in" as const, itemId: l.itemId, warehouseId: input.warehouseId, locationId: l.locationId, qty: l.qtyDelta, unitCostMinor: l.unitCostMinor ?? null }
      : { op: "out" as const, itemId: l.itemId, warehouseId: input.warehouseId, locationId: l.locationId, qty: -l.qtyDelta }),
    event: (lines) => ({ type: "stock.adjusted", lines: lines.map((l) => ({ ...l, direction: l.op === "in" ? "gain" as const : "loss" as const })) }),
  });
}
