import { z } from "zod";
import type { Tx } from "../../db/client";
import { requirePermission, type Actor } from "../../governance/permissions";
import { DomainError, parseInput } from "../../shared/errors";
import { applyStockDocument } from "../apply-document";
import { InventoryError } from "../errors";
import type { StockDocumentResult } from "../stock-engine";
import { DocumentHeader, Id, PositiveQty, linesOf } from "./inputs";

export const TransferStockInput = z.object({
  ...DocumentHeader,
  fromWarehouseId: Id,
  toWarehouseId: Id,
  lines: linesOf(z.object({ itemId: Id, qty: PositiveQty })),
});

/**
 * Moves stock between two warehouses of one entity at its valuation cost, both legs in
 * one document (Dr Inventory at the destination, Cr Inventory at the source). Transfers
 * with in-transit stock and between entities build on this in procure-to-pay.
 */
export async function transferStock(tx: Tx, actor: Actor, raw: z.input<typeof TransferStockInput>): Promise<StockDocumentResult> {
  requirePermission(actor, "inventory:write");
  const input = parseInput(TransferStockInput, raw);
  if (input.fromWarehouseId === input.toWarehouseId) {
    throw new DomainError(InventoryError.TRANSFER_SAME_WAREHOUSE, "invalid", "toWarehouseId: must differ from fromWarehouseId");
  }
  return applyStockDocument(tx, actor, {
    entityId: input.entityId, kind: "transfer", documentDate: input.documentDate, warehouseId: input.fromWarehouseId,
    toWarehouseId: input.toWarehouseId, reference: input.reference, idempotencyKey: input.idempotencyKey, description: "Stock transfer",
    operations: input.lines.map((l) => ({ op: "move", itemId: l.itemId, warehouseId: input.fromWarehouseId, toWarehouseId: input.toWarehouseId, qty: l.qty })),
    event: (lines) => ({ type: "stock.transferred", lines: lines.map((l) => ({ ...l, toWarehouseId: l.toWarehouseId ?? input.toWarehouseId })) }),
  });
}
