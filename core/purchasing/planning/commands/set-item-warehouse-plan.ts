import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { changedFields, recordAudit } from "../../../governance/audit";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { item, warehouse } from "../../../masters/schema";
import { assert } from "../../../shared/assert";
import { DomainError, parseInput } from "../../../shared/errors";
import { formatQty, parseQty, QTY_PATTERN } from "../../../shared/quantity";
import { itemWarehousePlan } from "../../schema";
import { PlanningError } from "../errors";

const Id = z.number().int().positive();
const Qty = z.string().trim().regex(QTY_PATTERN, "a decimal quantity with up to 4 decimals").transform((text) => formatQty(parseQty(text)));
const Minor = z.union([z.bigint(), z.string().regex(/^\d{1,15}$/, "an integer amount in minor units"), z.number().int().nonnegative()])
  .transform((value) => BigInt(value));

export const SetItemWarehousePlanInput = z.object({
  itemId: Id,
  warehouseId: Id,
  method: z.enum(["reorder_point", "min_max", "none"]).optional(),
  /** Cycle service level in parts per million: 950000 = 95%. */
  serviceLevelPpm: z.number().int().min(500_000).max(999_999).transform((value) => BigInt(value)).optional(),
  minQty: Qty.nullable().optional(),
  maxQty: Qty.nullable().optional(),
  orderCostMinor: Minor.optional(),
  holdingCostPpm: z.number().int().min(1).max(5_000_000).transform((value) => BigInt(value)).optional(),
  abcClass: z.enum(["A", "B", "C"]).nullable().optional(),
  replenishFromWarehouseId: Id.nullable().optional(),
});

export type ItemWarehousePlan = typeof itemWarehousePlan.$inferSelect;

async function checkWarehouses(tx: Tx, input: z.output<typeof SetItemWarehousePlanInput>): Promise<void> {
  const ids = [input.warehouseId, ...(input.replenishFromWarehouseId ? [input.replenishFromWarehouseId] : [])];
  const rows = await tx.select().from(warehouse).where(inArray(warehouse.id, ids));
  const target = rows.find((w) => w.id === input.warehouseId);
  if (!target || !target.active || target.isTransit) {
    throw new DomainError(PlanningError.WAREHOUSE_INVALID, "unprocessable", `warehouseId: warehouse ${input.warehouseId} is not an active stocking warehouse`);
  }
  if (!input.replenishFromWarehouseId) return;
  const source = rows.find((w) => w.id === input.replenishFromWarehouseId);
  if (!source || source.id === target.id || source.entityId !== target.entityId || source.isTransit || !source.active) {
    throw new DomainError(PlanningError.WAREHOUSE_INVALID, "unprocessable",
      "replenishFromWarehouseId: must be another active stocking warehouse of the same entity", { warehouseId: input.replenishFromWarehouseId });
  }
}

function checkMinMax(plan: { method: string; minQty: string | null; maxQty: string | null }): void {
  if (plan.minQty !== null && plan.maxQty !== null && parseQty(plan.maxQty) < parseQty(plan.minQty)) {
    throw new DomainError(PlanningError.PLAN_INVALID, "invalid", "maxQty: must not be below minQty");
  }
  if (plan.method === "min_max" && (plan.minQty === null || plan.maxQty === null)) {
    throw new DomainError(PlanningError.PLAN_INVALID, "invalid", "minQty: min/max planning needs both minQty and maxQty");
  }
}

/** Creates or changes the planning parameters of an item in a warehouse; omitted fields keep their value. */
export async function setItemWarehousePlan(tx: Tx, actor: Actor, raw: z.input<typeof SetItemWarehousePlanInput>): Promise<ItemWarehousePlan> {
  requirePermission(actor, "planning:write");
  const input = parseInput(SetItemWarehousePlanInput, raw);
  const [found] = await tx.select({ id: item.id }).from(item).where(eq(item.id, input.itemId)).limit(1);
  if (!found) throw new DomainError(PlanningError.ITEM_NOT_FOUND, "not_found", `itemId: item ${input.itemId} does not exist`);
  await checkWarehouses(tx, input);
  const [existing] = await tx.select().from(itemWarehousePlan)
    .where(and(eq(itemWarehousePlan.itemId, input.itemId), eq(itemWarehousePlan.warehouseId, input.warehouseId))).for("update");
  const { itemId, warehouseId, ...fields } = input;
  const patch = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  const merged = { method: existing?.method ?? "reorder_point", minQty: existing?.minQty ?? null, maxQty: existing?.maxQty ?? null, ...patch };
  checkMinMax(merged as { method: string; minQty: string | null; maxQty: string | null });
  const [saved] = existing
    ? await tx.update(itemWarehousePlan).set({ ...patch, updatedAt: new Date() }).where(eq(itemWarehousePlan.id, existing.id)).returning()
    : await tx.insert(itemWarehousePlan).values({ itemId, warehouseId, ...patch }).returning();
  assert(saved !== undefined, "item warehouse plan write returned no row");
  const diff = existing ? changedFields(existing, saved) : { before: null, after: saved };
  await recordAudit(tx, actor, { action: existing ? "update" : "create", objectKind: "item_warehouse_plan", objectId: saved.id, ...diff });
  return saved;
}
