import { sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import type { Actor } from "../../governance/permissions";
import { requirePermission } from "../../governance/permissions";

export type TrialBalanceRow = {
  entityId: number;
  entityCode: string;
  currency: string;
  accountId: number;
  accountCode: string;
  accountName: string;
  accountType: string;
  debitMinor: bigint;
  creditMinor: bigint;
  /** Debit minus credit. */
  balanceMinor: bigint;
};

/** Balances per account up to and including asOf, every entity when none is named. */
export async function trialBalance(tx: Tx, actor: Actor, options: { entityId?: number | null; asOf?: string | null } = {}): Promise<TrialBalanceRow[]> {
  requirePermission(actor, "ledger:read");
  const entityFilter = options.entityId ? sql`and a.entity_id = ${options.entityId}` : sql``;
  const dateFilter = options.asOf ? sql`and e.posting_date <= ${options.asOf}` : sql``;
  const rows = await tx.execute<{
    entity_id: string; entity_code: string; currency: string; account_id: string; code: string; name: string; type: string; debit: string; credit: string;
  }>(sql`
    select a.entity_id, le.code as entity_code, le.base_currency as currency, a.id as account_id, a.code, a.name, a.type,
           coalesce(sum(l.debit_minor), 0) as debit, coalesce(sum(l.credit_minor), 0) as credit
      from account a
      join legal_entity le on le.id = a.entity_id
      join journal_line l on l.account_id = a.id
      join journal_entry e on e.id = l.entry_id
     where true ${entityFilter} ${dateFilter}
     group by a.entity_id, le.code, le.base_currency, a.id, a.code, a.name, a.type
     order by le.code, a.code`);
  return rows.map((r) => {
    const debitMinor = BigInt(r.debit);
    const creditMinor = BigInt(r.credit);
    return {
      entityId: Number(r.entity_id), entityCode: r.entity_code, currency: r.currency, accountId: Number(r.account_id),
      accountCode: r.code, accountName: r.name, accountType: r.type, debitMinor, creditMinor, balanceMinor: debitMinor - creditMinor,
    };
  });
}
