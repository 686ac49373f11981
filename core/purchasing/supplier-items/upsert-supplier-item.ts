import { eq, and } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { recordAudit } from "../../governance/audit";
import { requirePermission, type Actor } from "../../governance/permissions";
import { toBaseQty } from "../../masters";
import { supplier } from "../../masters/schema";
import { assert } from "../../shared/assert";
import { DomainError, parseInput } from "../../shared/errors";
import { formatQty, QTY_SCALE } from "../../shared/quantity";
import { PurchasingError } from "../errors";
import { supplierItem } from "../schema";
import { Id, MinorAmount, PositiveQty } from "../shared/inputs";

export const UpsertSupplierItemInput = z.object({
  supplierId: Id,
  itemId: Id,
  supplierSku: z.string().trim().min(1).max(80).nullish(),
  /** The unit the price is quoted in; it must convert to the item's base unit. */
  uom: z.string().trim().min(1).max(12),
  /** Per unit of `uom`, in the supplier's currency. */
  unitPriceMinor: MinorAmount,
  /** Base units; orders are whole multiples of this and at least minOrderQty. */
  orderMultiple: PositiveQty.default(QTY_SCALE),
  minOrderQty: PositiveQty.default(QTY_SCALE),
  leadTimeDays: z.number().int().min(0).max(730).nullish(),
  preferred: z.boolean().default(false),
  active: z.boolean().default(true),
});
export type SupplierItemRow = typeof supplierItem.$inferSelect;

/** Creates or replaces what a supplier charges for an item and how it must be ordered. */
export async function upsertSupplierItem(tx: Tx, actor: Actor, raw: z.input<typeof UpsertSupplierItemInput>): Promise<SupplierItemRow> {
  requirePermission(actor, "purchasing:write");
  const input = parseInput(UpsertSupplierItemInput, raw);
  const [vendor] = await tx.select({ id: supplier.id, entityId: supplier.entityId }).from(supplier).where(eq(supplier.id, input.supplierId)).limit(1);
  if (!vendor) throw new DomainError(PurchasingError.SUPPLIER_NOT_FOUND, "not_found", `supplierId: supplier ${input.supplierId} does not exist`);
  await toBaseQty(tx, input.itemId, input.uom, "1"); // Refuses an unknown item or a unit without a conversion.
  const [before] = await tx.select().from(supplierItem)
    .where(and(eq(supplierItem.supplierId, input.supplierId), eq(supplierItem.itemId, input.itemId))).for("update").limit(1);
  const values = {
    supplierId: input.supplierId, itemId: input.itemId, supplierSku: input.supplierSku ?? null, uom: input.uom,
    unitPriceMinor: input.unitPriceMinor, orderMultiple: formatQty(input.orderMultiple), minOrderQty: formatQty(input.minOrderQty),
    leadTimeDays: input.leadTimeDays ?? null, preferred: input.preferred, active: input.active,
  };
  const [row] = await tx.insert(supplierItem).values(values)
    .onConflictDoUpdate({ target: [supplierItem.supplierId, supplierItem.itemId], set: { ...values, updatedAt: new Date() } }).returning();
  assert(row !== undefined, "supplier item upsert returned its row");
  await recordAudit(tx, actor, { action: before ? "update" : "create", objectKind: "supplier_item", objectId: row.id, entityId: vendor.entityId, before: before ?? null, after: row });
  return row;
}
