// Allocation: the inventory context owns stock_balance.qty_allocated. Order entry reserves
// stock through allocateStock and gives it back through releaseAllocation; shipments consume it
// through issueStock({ fromAllocated: true }). Rows are locked in (warehouse, item) order, the
// same order as the stock engine, so allocations and stock moves never deadlock each other.
import { inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { hasPermission, requirePermission, type Actor } from "../../governance/permissions";
import { warehouse } from "../../masters/schema";
import { assert } from "../../shared/assert";
import { DomainError, parseInput } from "../../shared/errors";
import { formatQty, parseQty, type QtyScaled } from "../../shared/quantity";
import { InventoryError } from "../errors";
import { Id, PositiveQty } from "./inputs";

export const ALLOCATION_LINES_MAX = 2_000;

const AllocationLine = z.object({ itemId: Id, warehouseId: Id, baseQty: PositiveQty });

export const AllocateStockInput = z.object({
  entityId: Id,
  /**
   * all: every line in full, or nothing (INVENTORY_ALLOCATION_EXCEEDED).
   * available: each line takes what is still free, in the order given (a queue).
   */
  mode: z.enum(["all", "available"]).default("all"),
  lines: z.array(AllocationLine).min(1).max(ALLOCATION_LINES_MAX),
});

export const ReleaseAllocationInput = z.object({
  entityId: Id,
  lines: z.array(AllocationLine).min(1).max(ALLOCATION_LINES_MAX),
});

export type AllocatedLine = { itemId: number; warehouseId: number; requestedBaseQty: string; allocatedBaseQty: string };
export type AllocationResult = { lines: AllocatedLine[] };

type Balance = { itemId: number; warehouseId: number; onHand: QtyScaled; allocated: QtyScaled; changed: boolean };

const keyOf = (itemId: number, warehouseId: number) => `${itemId}:${warehouseId}`;

/** Order entry (sales:write) and the stock side (inventory:write) both reserve stock. */
function requireAllocator(actor: Actor): void {
  if (hasPermission(actor, "sales:write")) return;
  requirePermission(actor, "inventory:write");
}

async function checkWarehouses(tx: Tx, entityId: number, warehouseIds: number[]): Promise<void> {
  const rows = await tx.select({ id: warehouse.id, entityId: warehouse.entityId }).from(warehouse)
    .where(inArray(warehouse.id, warehouseIds)).limit(warehouseIds.length);
  for (const id of warehouseIds) {
    const row = rows.find((r) => r.id === id);
    if (!row) throw new DomainError(InventoryError.WAREHOUSE_NOT_FOUND, "unprocessable", `warehouseId: warehouse ${id} does not exist`, { warehouseId: id });
    if (row.entityId !== entityId) {
      throw new DomainError(InventoryError.WAREHOUSE_ENTITY_MISMATCH, "unprocessable", `warehouseId: warehouse ${id} belongs to another entity`, { warehouseId: id });
    }
  }
}

/** Locks the existing balance rows in (warehouse, item) order; a missing row has nothing to allocate. */
async function lockBalances(tx: Tx, lines: { itemId: number; warehouseId: number }[]): Promise<Map<string, Balance>> {
  const keys = new Map(lines.map((l) => [keyOf(l.itemId, l.warehouseId), l]));
  const pairs = sql.join([...keys.values()].map((k) => sql`(${k.itemId}::int8, ${k.warehouseId}::int8)`), sql`, `);
  const rows = await tx.execute<{ item_id: string; warehouse_id: string; qty_on_hand: string; qty_allocated: string }>(sql`
    select item_id, warehouse_id, qty_on_hand, qty_allocated from stock_balance
     where (item_id, warehouse_id) in (${pairs}) order by warehouse_id, item_id for update`);
  const balances = new Map<string, Balance>();
  for (const k of keys.values()) balances.set(keyOf(k.itemId, k.warehouseId), { ...k, onHand: 0n, allocated: 0n, changed: false });
  for (const r of rows) {
    const balance = balances.get(keyOf(Number(r.item_id), Number(r.warehouse_id)));
    assert(balance !== undefined, "a locked balance row was asked for");
    balance.onHand = parseQty(r.qty_on_hand);
    balance.allocated = parseQty(r.qty_allocated);
  }
  return balances;
}

async function writeBalances(tx: Tx, balances: Map<string, Balance>): Promise<void> {
  const changed = [...balances.values()].filter((b) => b.changed);
  if (changed.length === 0) return;
  for (const b of changed) assert(b.allocated >= 0n && b.allocated <= b.onHand, `allocation of item ${b.itemId} stays within on hand`);
  const values = sql.join(changed.map((b) => sql`(${b.itemId}::int8, ${b.warehouseId}::int8, ${formatQty(b.allocated)}::numeric)`), sql`, `);
  const updated = await tx.execute(sql`update stock_balance s set qty_allocated = v.allocated, updated_at = now()
    from (values ${values}) as v(item_id, warehouse_id, allocated) where s.item_id = v.item_id and s.warehouse_id = v.warehouse_id`);
  assert(updated.count === changed.length, "every changed balance row was updated");
}

function exceeded(line: { itemId: number; warehouseId: number }, index: number, requested: QtyScaled, free: QtyScaled): DomainError {
  return new DomainError(InventoryError.ALLOCATION_EXCEEDED, "unprocessable",
    `lines.${index}.baseQty: ${formatQty(requested)} requested, only ${formatQty(free)} free to allocate`,
    { itemId: line.itemId, warehouseId: line.warehouseId, requested: formatQty(requested), available: formatQty(free) });
}

/**
 * Reserves stock: raises qty_allocated, never above on hand. In "available" mode each line gets
 * min(requested, free) in the order given, which is how a backorder queue is served.
 */
export async function allocateStock(tx: Tx, actor: Actor, raw: z.input<typeof AllocateStockInput>): Promise<AllocationResult> {
  requireAllocator(actor);
  const input = parseInput(AllocateStockInput, raw);
  await checkWarehouses(tx, input.entityId, [...new Set(input.lines.map((l) => l.warehouseId))]);
  const balances = await lockBalances(tx, input.lines);
  const result = input.lines.map((line, index) => {
    const balance = balances.get(keyOf(line.itemId, line.warehouseId));
    assert(balance !== undefined, "every line has a balance");
    const free = balance.onHand - balance.allocated;
    if (input.mode === "all" && line.baseQty > free) throw exceeded(line, index, line.baseQty, free > 0n ? free : 0n);
    const take = line.baseQty < free ? line.baseQty : free > 0n ? free : 0n;
    if (take > 0n) {
      balance.allocated += take;
      balance.changed = true;
    }
    return { itemId: line.itemId, warehouseId: line.warehouseId, requestedBaseQty: formatQty(line.baseQty), allocatedBaseQty: formatQty(take) };
  });
  await writeBalances(tx, balances);
  return { lines: result };
}

/** Gives reserved stock back (a cancelled line, a substitution). Releasing more than is allocated is a broken invariant. */
export async function releaseAllocation(tx: Tx, actor: Actor, raw: z.input<typeof ReleaseAllocationInput>): Promise<AllocationResult> {
  requireAllocator(actor);
  const input = parseInput(ReleaseAllocationInput, raw);
  await checkWarehouses(tx, input.entityId, [...new Set(input.lines.map((l) => l.warehouseId))]);
  const balances = await lockBalances(tx, input.lines);
  const result = input.lines.map((line) => {
    const balance = balances.get(keyOf(line.itemId, line.warehouseId));
    assert(balance !== undefined, "every line has a balance");
    assert(line.baseQty <= balance.allocated, `release of ${formatQty(line.baseQty)} of item ${line.itemId} exceeds the ${formatQty(balance.allocated)} allocated`);
    balance.allocated -= line.baseQty;
    balance.changed = true;
    return { itemId: line.itemId, warehouseId: line.warehouseId, requestedBaseQty: formatQty(line.baseQty), allocatedBaseQty: formatQty(-line.baseQty) };
  });
  await writeBalances(tx, balances);
  return { lines: result };
}
