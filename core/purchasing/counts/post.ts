// Valuing count variances and posting them through the stock ledger, shared by submitCount
// (within tolerance) and postCount (after review).
import { sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import type { Actor } from "../../governance/permissions";
import { actorApprovedToAdjust, adjustStock } from "../../inventory";
import { assert } from "../../shared/assert";
import { divideRounded } from "../../shared/money";
import { formatQty, parseQty, QTY_SCALE, type QtyScaled } from "../../shared/quantity";
import { idArray } from "../planning/sql";
import type { CycleCountLineRow, CycleCountRow } from "./store";

export type ValuedVariance = { line: CycleCountLineRow; varianceQty: QtyScaled; unitCostMinor: bigint; valueMinor: bigint };

/**
 * Unit cost per item: the warehouse's average, else the entity's, else the last receipt's cost,
 * else zero (a found item that was never valued). One query for all items.
 */
export async function unitCostsOf(tx: Tx, count: CycleCountRow, itemIds: number[]): Promise<Map<number, bigint>> {
  if (itemIds.length === 0) return new Map();
  const rows = await tx.execute<{ item_id: string; here_qty: string | null; here_value: string | null; all_qty: string | null; all_value: string | null; last_qty: string | null; last_value: string | null }>(sql`
    select i.id as item_id,
           (select qty_on_hand from stock_balance where item_id = i.id and warehouse_id = ${count.warehouseId}) as here_qty,
           (select value_minor from stock_balance where item_id = i.id and warehouse_id = ${count.warehouseId})::text as here_value,
           (select sum(qty_on_hand) from stock_balance where item_id = i.id and entity_id = ${count.entityId})::text as all_qty,
           (select sum(value_minor) from stock_balance where item_id = i.id and entity_id = ${count.entityId})::text as all_value,
           last.qty as last_qty, last.value_minor::text as last_value
      from item i
      left join lateral (select m.qty, m.value_minor from stock_movement m
                          where m.item_id = i.id and m.entity_id = ${count.entityId} and m.qty > 0 and m.movement_type in ('receipt', 'opening')
                          order by m.id desc limit 1) last on true
     where i.id = any(${idArray(itemIds)})`);
  const costs = new Map<number, bigint>();
  const average = (qty: string | null, value: string | null) => {
    const q = qty === null ? 0n : parseQty(qty);
    return q > 0n && value !== null ? divideRounded(BigInt(value) * QTY_SCALE, q, "halfEven") : null;
  };
  for (const r of rows) {
    costs.set(Number(r.item_id), average(r.here_qty, r.here_value) ?? average(r.all_qty, r.all_value) ?? average(r.last_qty, r.last_value) ?? 0n);
  }
  return costs;
}

/** Variance per counted line (counted - expected) valued at the unit cost, half-even. */
export function valueVariances(lines: CycleCountLineRow[], costs: Map<number, bigint>): ValuedVariance[] {
  return lines.map((line) => {
    assert(line.baseQtyCounted !== null, `line ${line.id} was counted`);
    const varianceQty = parseQty(line.baseQtyCounted) - parseQty(line.baseQtyExpected);
    const unitCostMinor = costs.get(line.itemId) ?? 0n;
    return { line, varianceQty, unitCostMinor, valueMinor: divideRounded(varianceQty * unitCostMinor, QTY_SCALE, "halfEven") };
  });
}

/**
 * Posts the non-zero variances as one count_variance adjustment (gains at the cost they were
 * valued at; losses at valuation cost), by an actor who may write stock or approve
 * adjustments. Returns the document id, or null when every count matched.
 */
export async function postVariances(tx: Tx, actor: Actor, count: CycleCountRow, variances: ValuedVariance[]): Promise<number | null> {
  const moving = variances.filter((v) => v.varianceQty !== 0n);
  if (moving.length === 0) return null;
  const document = await adjustStock(tx, actorApprovedToAdjust(actor), {
    entityId: count.entityId, warehouseId: count.warehouseId, documentDate: count.countDate, reason: "count_variance", reference: count.countNumber,
    idempotencyKey: `${count.countNumber}/post`,
    lines: moving.map((v) => ({ itemId: v.line.itemId, qtyDelta: formatQty(v.varianceQty), ...(v.varianceQty > 0n ? { unitCostMinor: v.unitCostMinor } : {}) })),
  });
  return document.documentId;
}
