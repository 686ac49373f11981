import { asc, eq } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { requirePermission, type Actor } from "../../governance/permissions";
import { item, legalEntity, warehouse } from "../../masters/schema";
import { DomainError } from "../../shared/errors";
import { InventoryError } from "../errors";
import { inventoryDocument, stockMovement } from "../schema";

export type InventoryDocumentDetail = typeof inventoryDocument.$inferSelect & {
  entityCode: string;
  currency: string;
  movements: (typeof stockMovement.$inferSelect & { sku: string; description: string; warehouseCode: string })[];
};

export async function getInventoryDocumentOrThrow(tx: Tx, actor: Actor, documentId: number): Promise<InventoryDocumentDetail> {
  requirePermission(actor, "inventory:read");
  const [row] = await tx.select({ doc: inventoryDocument, entityCode: legalEntity.code, currency: legalEntity.baseCurrency })
    .from(inventoryDocument).innerJoin(legalEntity, eq(legalEntity.id, inventoryDocument.entityId))
    .where(eq(inventoryDocument.id, documentId)).limit(1);
  if (!row) throw new DomainError(InventoryError.DOCUMENT_NOT_FOUND, "not_found", `Inventory document ${documentId} does not exist`);
  const movements = await tx.select({ movement: stockMovement, sku: item.sku, description: item.description, warehouseCode: warehouse.code })
    .from(stockMovement).innerJoin(item, eq(item.id, stockMovement.itemId)).innerJoin(warehouse, eq(warehouse.id, stockMovement.warehouseId))
    .where(eq(stockMovement.documentId, documentId)).orderBy(asc(stockMovement.lineNumber)).limit(5_000);
  return { ...row.doc, entityCode: row.entityCode, currency: row.currency,
    movements: movements.map((m) => ({ ...m.movement, sku: m.sku, description: m.description, warehouseCode: m.warehouseCode })) };
}
