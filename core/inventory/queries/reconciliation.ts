import { sql } from "drizzle-orm";
import type { Tx } from "../../db/client";

export type InventoryReconciliation = {
  entityId: number;
  stockValueMinor: bigint;
  ledgerInventoryMinor: bigint;
  differenceMinor: bigint;
};

/**
 * Stock valuation against the GL: the sum of stock balances at cost versus the balance
 * of every account that account determination uses for the inventory and in-transit roles.
 */
export async function inventoryReconciliation(tx: Tx, entityId: number): Promise<InventoryReconciliation> {
  const [row] = await tx.execute<{ stock: string; ledger: string }>(sql`
    select
      (select coalesce(sum(value_minor), 0) from stock_balance where entity_id = ${entityId}) as stock,
      (select coalesce(sum(l.debit_minor - l.credit_minor), 0) from journal_line l
        where l.entity_id = ${entityId}
          and l.account_id in (select account_id from account_rule where entity_id = ${entityId} and role in ('inventory', 'in_transit'))) as ledger`);
  const stockValueMinor = BigInt(row?.stock ?? "0");
  const ledgerInventoryMinor = BigInt(row?.ledger ?? "0");
  return { entityId, stockValueMinor, ledgerInventoryMinor, differenceMinor: stockValueMinor - ledgerInventoryMinor };
}
