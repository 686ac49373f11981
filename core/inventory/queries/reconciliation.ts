import { sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { assert } from "../../shared/assert";

/** Posting roles whose accounts carry stock value in the GL: on hand and in transit. */
export const INVENTORY_ROLES = ["inventory", "in_transit"] as const;

export type InventoryReconciliation = {
  entityId: number;
  entityCode: string;
  currency: string;
  minorUnitDigits: number;
  /** Sum of stock_balance.value_minor: the stock ledger's valuation. */
  stockValueMinor: bigint;
  /** Debit minus credit on every account an inventory or in-transit rule points to. */
  glInventoryMinor: bigint;
  /** Stock value minus GL; zero when the subledger reconciles. */
  differenceMinor: bigint;
  accountIds: number[];
};

/**
 * Compares the stock ledger's value with the GL inventory accounts of one entity. Both sums
 * come from one statement, so they see the same snapshot even while postings continue.
 */
export async function inventoryReconciliation(tx: Tx, entityId: number): Promise<InventoryReconciliation> {
  assert(Number.isInteger(entityId) && entityId > 0, "entityId must be a positive integer");
  const roles = sql.join(INVENTORY_ROLES.map((role) => sql`${role}`), sql`, `);
  const [row] = await tx.execute<{
    entity_code: string; currency: string; digits: number; stock_value: string; gl_value: string; account_ids: string[] | null;
  }>(sql`
    with accounts as (
      select distinct account_id from account_rule where entity_id = ${entityId} and role in (${roles})
    )
    select le.code as entity_code, le.base_currency as currency, c.minor_unit_digits as digits,
           (select coalesce(sum(value_minor), 0) from stock_balance where entity_id = ${entityId})::text as stock_value,
           (select coalesce(sum(l.debit_minor - l.credit_minor), 0) from journal_line l
             where l.entity_id = ${entityId} and l.account_id in (select account_id from accounts))::text as gl_value,
           (select array_agg(account_id::text order by account_id) from accounts) as account_ids
      from legal_entity le join currency c on c.code = le.base_currency
     where le.id = ${entityId}`);
  assert(row !== undefined, `legal entity ${entityId} does not exist`);
  const stockValueMinor = BigInt(row.stock_value);
  const glInventoryMinor = BigInt(row.gl_value);
  return {
    entityId, entityCode: row.entity_code, currency: row.currency, minorUnitDigits: Number(row.digits),
    stockValueMinor, glInventoryMinor, differenceMinor: stockValueMinor - glInventoryMinor,
    accountIds: (row.account_ids ?? []).map(Number),
  };
}
