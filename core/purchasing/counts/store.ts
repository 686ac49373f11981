// Reads shared by the cycle-count commands and queries, including the one rule about what a
// counter may see: expected quantities of an open blind count stay hidden from anyone who
// cannot approve adjustments, so the count is what is on the shelf, not what the system says.
import { asc, eq } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { hasPermission, type Actor } from "../../governance/permissions";
import { item, warehouse } from "../../masters/schema";
import { DomainError } from "../../shared/errors";
import { formatQty, parseQty } from "../../shared/quantity";
import { cycleCount, cycleCountLine } from "../schema";
import { CountError } from "./errors";

export const COUNT_LINES_MAX = 2_000;

export type CycleCountRow = typeof cycleCount.$inferSelect;
export type CycleCountLineRow = typeof cycleCountLine.$inferSelect;

export type CycleCountLineView = {
  id: number; itemId: number; sku: string; description: string; baseUom: string;
  /** Null while hidden from this actor (open blind count). */
  baseQtyExpected: string | null;
  baseQtyCounted: string | null;
  /** Counted minus expected; null until submitted (or while expected is hidden). */
  baseQtyVariance: string | null;
  varianceValueMinor: bigint | null;
  countedByUserId: number | null;
  countedAt: Date | null;
};

export type CycleCountView = CycleCountRow & { warehouseCode: string; expectedHidden: boolean; lines: CycleCountLineView[] };

export async function lockCountOrThrow(tx: Tx, countId: number): Promise<CycleCountRow> {
  const [row] = await tx.select().from(cycleCount).where(eq(cycleCount.id, countId)).for("update");
  if (!row) throw new DomainError(CountError.NOT_FOUND, "not_found", `Cycle count ${countId} does not exist`, { countId });
  return row;
}

export function requireStatus(count: CycleCountRow, statuses: readonly string[], action: string): void {
  if (statuses.includes(count.status)) return;
  throw new DomainError(CountError.STATE, "conflict", `Count ${count.countNumber} is ${count.status}; ${action} needs ${statuses.join(" or ")}`,
    { countId: count.id, status: count.status });
}

export async function countLines(tx: Tx, countId: number): Promise<(CycleCountLineRow & { sku: string; description: string; baseUom: string })[]> {
  const rows = await tx.select({ line: cycleCountLine, sku: item.sku, description: item.description, baseUom: item.baseUom }).from(cycleCountLine)
    .innerJoin(item, eq(item.id, cycleCountLine.itemId)).where(eq(cycleCountLine.cycleCountId, countId)).orderBy(asc(item.sku)).limit(COUNT_LINES_MAX);
  return rows.map((r) => ({ ...r.line, sku: r.sku, description: r.description, baseUom: r.baseUom }));
}

export function expectedHiddenFrom(actor: Actor, count: CycleCountRow): boolean {
  return count.blind && count.status === "open" && !hasPermission(actor, "inventory.adjustments:approve");
}

/** The count as this actor may see it. */
export async function countView(tx: Tx, actor: Actor, countId: number): Promise<CycleCountView> {
  const [row] = await tx.select({ count: cycleCount, warehouseCode: warehouse.code }).from(cycleCount)
    .innerJoin(warehouse, eq(warehouse.id, cycleCount.warehouseId)).where(eq(cycleCount.id, countId)).limit(1);
  if (!row) throw new DomainError(CountError.NOT_FOUND, "not_found", `Cycle count ${countId} does not exist`, { countId });
  const hidden = expectedHiddenFrom(actor, row.count);
  const lines = await countLines(tx, countId);
  return {
    ...row.count, warehouseCode: row.warehouseCode, expectedHidden: hidden,
    lines: lines.map((l) => ({
      id: l.id, itemId: l.itemId, sku: l.sku, description: l.description, baseUom: l.baseUom,
      baseQtyExpected: hidden ? null : l.baseQtyExpected, baseQtyCounted: l.baseQtyCounted,
      baseQtyVariance: hidden || l.baseQtyCounted === null || row.count.status === "open" ? null
        : formatQty(parseQty(l.baseQtyCounted) - parseQty(l.baseQtyExpected)),
      varianceValueMinor: hidden ? null : l.varianceValueMinor, countedByUserId: l.countedByUserId, countedAt: l.countedAt,
    })),
  };
}
