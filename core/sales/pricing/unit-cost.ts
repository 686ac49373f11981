// The current cost of an item per base unit, base currency, for margins at order entry: the
// warehouse's own average (stock value / quantity), else the entity-wide average, else the cost
// of the last receipt. Read-only over the stock ledger's tables.
import { sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { divideRounded } from "../../shared/money";
import { parseQty, QTY_SCALE } from "../../shared/quantity";

export type CostBasis = "warehouse" | "entity" | "last_receipt" | "none";
export type UnitCost = { unitCostMinor: bigint; costBasis: CostBasis };

function perUnit(valueMinor: string, qty: string): bigint | null {
  const scaled = parseQty(qty);
  if (scaled <= 0n) return null;
  return divideRounded(BigInt(valueMinor) * QTY_SCALE, scaled, "halfEven");
}

export async function unitCostOf(tx: Tx, input: { entityId: number; itemId: number; warehouseId?: number | null }): Promise<UnitCost> {
  const [row] = await tx.execute<{ wh_qty: string | null; wh_value: string | null; all_qty: string; all_value: string; last_qty: string | null; last_value: string | null }>(sql`
    select
      (select qty_on_hand::text from stock_balance where item_id = ${input.itemId} and warehouse_id = ${input.warehouseId ?? null}::int8) as wh_qty,
      (select value_minor::text from stock_balance where item_id = ${input.itemId} and warehouse_id = ${input.warehouseId ?? null}::int8) as wh_value,
      (select coalesce(sum(qty_on_hand), 0)::text from stock_balance where item_id = ${input.itemId} and entity_id = ${input.entityId}) as all_qty,
      (select coalesce(sum(value_minor), 0)::text from stock_balance where item_id = ${input.itemId} and entity_id = ${input.entityId}) as all_value,
      last.qty::text as last_qty, last.value_minor::text as last_value
    from (select 1) as one
    left join lateral (select qty, value_minor from stock_movement
       where item_id = ${input.itemId} and entity_id = ${input.entityId} and qty > 0 and movement_type in ('receipt', 'opening')
       order by id desc limit 1) as last on true`);
  const warehouseCost = row?.wh_qty && row.wh_value ? perUnit(row.wh_value, row.wh_qty) : null;
  if (warehouseCost !== null) return { unitCostMinor: warehouseCost, costBasis: "warehouse" };
  const entityCost = row ? perUnit(row.all_value, row.all_qty) : null;
  if (entityCost !== null) return { unitCostMinor: entityCost, costBasis: "entity" };
  const lastCost = row?.last_qty && row.last_value ? perUnit(row.last_value, row.last_qty) : null;
  if (lastCost !== null) return { unitCostMinor: lastCost, costBasis: "last_receipt" };
  return { unitCostMinor: 0n, costBasis: "none" };
}
