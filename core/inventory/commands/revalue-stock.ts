import type { Tx } from "../../db/client";
import { requirePermission, type Actor } from "../../governance/permissions";
import type { OperationalEvent } from "../../ledger/posting/types";
import { assert } from "../../shared/assert";
import { applyStockDocument } from "../apply-document";
import type { StockDocumentResult, ValuedLine } from "../stock-engine";

export type RevalueStockInput = {
  entityId: number;
  warehouseId: number;
  documentDate: string;
  description: string;
  reference?: string | null;
  upstreamType?: string | null;
  upstreamId?: number | null;
  idempotencyKey?: string | null;
  /** Signed value changes of stock held, base currency. */
  lines: { itemId: number; warehouseId: number; valueDeltaMinor: bigint }[];
  /**
   * The journal entry for the change, built from the valued lines (e.g. purchase.landed_cost,
   * whose inventory shares must equal these deltas so stock value keeps equal to the GL).
   */
  event: (lines: ValuedLine[]) => OperationalEvent;
};

/**
 * Changes the value of stock on hand without moving quantity: landed cost allocated to goods
 * still held. Called by other contexts' commands (purchasing), not from the edge directly.
 */
export async function revalueStock(tx: Tx, actor: Actor, input: RevalueStockInput): Promise<StockDocumentResult> {
  requirePermission(actor, "inventory:write");
  assert(input.lines.length > 0, "a revaluation has at least one line");
  return applyStockDocument(tx, actor, {
    entityId: input.entityId, kind: "revaluation", documentDate: input.documentDate, warehouseId: input.warehouseId,
    reference: input.reference ?? null, upstreamType: input.upstreamType ?? null, upstreamId: input.upstreamId ?? null,
    idempotencyKey: input.idempotencyKey ?? null, description: input.description,
    operations: input.lines.map((l) => ({ op: "revalue", itemId: l.itemId, warehouseId: l.warehouseId, valueDeltaMinor: l.valueDeltaMinor })),
    event: input.event,
  });
}
