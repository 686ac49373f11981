import { z } from "zod";
import type { Tx } from "../../db/client";
import { requirePermission, type Actor } from "../../governance/permissions";
import { parseInput } from "../../shared/errors";
import { applyStockDocument } from "../apply-document";
import type { StockDocumentResult } from "../stock-engine";
import { DocumentHeader, Id, PositiveQty, linesOf } from "./inputs";

export const IssueStockInput = z.object({
  ...DocumentHeader,
  warehouseId: Id,
  purpose: z.enum(["sale", "scrap"]).default("sale"),
  /** Shipments issue what was allocated to them; other issues take only unallocated stock. */
  fromAllocated: z.boolean().default(false),
  upstreamType: z.string().trim().max(60).optional(),
  upstreamId: Id.optional(),
  lines: linesOf(z.object({ itemId: Id, locationId: Id.optional(), qty: PositiveQty })),
});

/** Issues stock at valuation cost (Dr COGS or Scrap, Cr Inventory); never below zero. */
export async function issueStock(tx: Tx, actor: Actor, raw: z.input<typeof IssueStockInput>): Promise<StockDocumentResult> {
  requirePermission(actor, "inventory:write");
  const input = parseInput(IssueStockInput, raw);
  return applyStockDocument(tx, actor, {
    entityId: input.entityId, kind: "issue", documentDate: input.documentDate, warehouseId: input.warehouseId,
    reference: input.reference, idempotencyKey: input.idempotencyKey, upstreamType: input.upstreamType, upstreamId: input.upstreamId,
    description: input.purpose === "scrap" ? "Stock scrapped" : "Stock issued",
    operations: input.lines.map((l) => ({ op: "out", itemId: l.itemId, warehouseId: input.warehouseId, locationId: l.locationId, qty: l.qty, fromAllocated: input.fromAllocated })),
    event: (lines) => ({ type: "stock.issued", purpose: input.purpose, lines }),
  });
}
