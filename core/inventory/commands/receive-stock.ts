import { z } from "zod";
import type { Tx } from "../../db/client";
import { requirePermission, type Actor } from "../../governance/permissions";
import { parseInput } from "../../shared/errors";
import { applyStockDocument } from "../apply-document";
import type { StockDocumentResult } from "../stock-engine";
import { DocumentHeader, Id, PositiveQty, UnitCostMinor, linesOf } from "./inputs";

export const ReceiveStockInput = z.object({
  ...DocumentHeader,
  warehouseId: Id,
  kind: z.enum(["opening", "receipt"]),
  upstreamType: z.string().trim().max(60).optional(),
  upstreamId: Id.optional(),
  lines: linesOf(z.object({
    itemId: Id,
    locationId: Id.optional(),
    qty: PositiveQty,
    /** Cost per base unit; or valueMinor, the exact value of the line (PO price x exchange rate). */
    unitCostMinor: UnitCostMinor.optional(),
    valueMinor: UnitCostMinor.optional(),
  }).refine((line) => (line.unitCostMinor === undefined) !== (line.valueMinor === undefined), {
    message: "give exactly one of unitCostMinor and valueMinor", path: ["unitCostMinor"],
  })),
});

/** Receives stock at a stated cost: opening stock (Cr Opening balance equity) or a receipt (Cr GRNI). */
export async function receiveStock(tx: Tx, actor: Actor, raw: z.input<typeof ReceiveStockInput>): Promise<StockDocumentResult> {
  requirePermission(actor, "inventory:write");
  const input = parseInput(ReceiveStockInput, raw);
  return applyStockDocument(tx, actor, {
    entityId: input.entityId, kind: input.kind, documentDate: input.documentDate, warehouseId: input.warehouseId,
    reference: input.reference, idempotencyKey: input.idempotencyKey, upstreamType: input.upstreamType, upstreamId: input.upstreamId,
    description: input.kind === "opening" ? "Opening stock" : `Stock receipt${input.reference ? ` ${input.reference}` : ""}`,
    operations: input.lines.map((l) => ({ op: "in", itemId: l.itemId, warehouseId: input.warehouseId, locationId: l.locationId, qty: l.qty,
      unitCostMinor: l.unitCostMinor ?? null, ...(l.valueMinor !== undefined ? { valueMinor: l.valueMinor } : {}) })),
    event: (lines) => ({ type: input.kind === "opening" ? "stock.opening" : "stock.received", lines }),
  });
}
