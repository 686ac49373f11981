import { sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { assert } from "../../shared/assert";
import { divideRounded } from "../../shared/money";
import { formatQty, parseQty } from "../../shared/quantity";

export const UNREALIZED_ROWS_MAX = 10_000;

/** Profit the seller booked on goods the buyer still holds, in the seller's base currency. */
export type UnrealizedProfit = { sellerEntityId: number; buyerEntityId: number; itemId: number; heldQty: string; amountMinor: bigint };

/**
 * For each (seller, buyer, item) of posted intercompany trades up to asOf: the seller's margin
 * (transfer value - cost) times the share of the traded quantity the buyer still holds. The
 * buyer is taken to sell its own older stock first, so it holds min(on hand, bought) of the
 * intercompany goods; on-hand is the buyer's stock movements of the item up to asOf.
 */
export async function unrealizedIntercompanyProfit(tx: Tx, entityIds: readonly number[], asOf: string): Promise<UnrealizedProfit[]> {
  if (entityIds.length < 2) return [];
  const ids = sql.join(entityIds.map((id) => sql`${id}`), sql`, `);
  const rows = await tx.execute<{ seller: string; buyer: string; item_id: string; qty: string; margin: string; on_hand: string }>(sql`
    with traded as (
      select t.seller_entity_id as seller, t.buyer_entity_id as buyer, l.item_id, sum(l.qty) as qty,
             sum(l.transfer_value_minor - l.cost_minor) as margin
        from intercompany_trade t join intercompany_trade_line l on l.trade_id = t.id
       where t.status = 'posted' and t.trade_date <= ${asOf} and t.seller_entity_id in (${ids}) and t.buyer_entity_id in (${ids})
       group by 1, 2, 3)
    select tr.seller, tr.buyer, tr.item_id, tr.qty::text as qty, tr.margin::text as margin,
           coalesce((select sum(m.qty) from stock_movement m
                      where m.entity_id = tr.buyer and m.item_id = tr.item_id and m.posting_date <= ${asOf}), 0)::text as on_hand
      from traded tr
     order by 1, 2, 3
     limit ${UNREALIZED_ROWS_MAX + 1}`);
  assert(rows.length <= UNREALIZED_ROWS_MAX, "more intercompany positions than UNREALIZED_ROWS_MAX");
  return rows.map((row) => {
    const traded = parseQty(row.qty);
    const onHand = parseQty(row.on_hand);
    const held = onHand <= 0n ? 0n : onHand < traded ? onHand : traded;
    assert(traded > 0n, "traded quantity is positive");
    return {
      sellerEntityId: Number(row.seller), buyerEntityId: Number(row.buyer), itemId: Number(row.item_id),
      heldQty: formatQty(held), amountMinor: divideRounded(BigInt(row.margin) * held, traded, "halfEven"),
    };
  });
}

