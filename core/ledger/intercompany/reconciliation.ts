import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { requirePermission, type Actor } from "../../governance/permissions";
import { assert } from "../../shared/assert";
import { parseInput } from "../../shared/errors";

export const RECONCILIATION_ROWS_MAX = 5_000;

export type TradeMismatch = {
  tradeId: number; tradeNumber: string; sellerEntityCode: string; buyerEntityCode: string; tradeDate: string; status: string;
  reason: "awaiting_approval" | "seller_entry_differs" | "buyer_entry_differs";
  expectedMinor: bigint; postedMinor: bigint; currency: string;
};

/** An intercompany account's balance against what posted trades explain; the rest came from elsewhere. */
export type AccountDifference = {
  entityId: number; entityCode: string; currency: string; role: "ic_receivable" | "ic_payable";
  accountId: number; accountCode: string; balanceMinor: bigint; fromTradesMinor: bigint; unexplainedMinor: bigint;
};

export type IntercompanyReconciliation = { asOf: string; mismatches: TradeMismatch[]; accounts: AccountDifference[] };

export const IntercompanyReconciliationInput = z.object({ asOf: z.iso.date() });

type TradeRecord = {
  id: string; trade_number: string; seller: string; buyer: string; trade_date: string; status: string; currency: string; buyer_currency: string;
  total_minor: string; buyer_total_minor: string | null; seller_posted: string | null; buyer_posted: string | null;
};

/**
 * Lists what does not match between the two sides of intercompany trade up to a date: trades
 * still awaiting approval (one side has nothing yet), trades whose posted entries differ from
 * the trade's amounts, and IC receivable/payable balances that trades do not explain.
 */
export async function intercompanyReconciliation(tx: Tx, actor: Actor, raw: z.input<typeof IntercompanyReconciliationInput>): Promise<IntercompanyReconciliation> {
  requirePermission(actor, "ledger:read");
  const { asOf } = parseInput(IntercompanyReconciliationInput, raw);
  const trades = await tx.execute<TradeRecord>(sql`
    select t.id, t.trade_number, s.code as seller, b.code as buyer, t.trade_date::text, t.status, t.currency, b.base_currency as buyer_currency,
           t.total_minor, t.buyer_total_minor,
           (select sum(l.debit_minor - l.credit_minor) from journal_line l join account_rule r on r.account_id = l.account_id and r.role = 'ic_receivable'
             where l.entry_id = t.seller_entry_id) as seller_posted,
           (select sum(l.credit_minor - l.debit_minor) from journal_line l join account_rule r on r.account_id = l.account_id and r.role = 'ic_payable'
             where l.entry_id = t.buyer_entry_id) as buyer_posted
      from intercompany_trade t join legal_entity s on s.id = t.seller_entity_id join legal_entity b on b.id = t.buyer_entity_id
     where t.trade_date <= ${asOf} and t.status <> 'rejected'
     order by t.trade_date, t.id
     limit ${RECONCILIATION_ROWS_MAX + 1}`);
  assert(trades.length <= RECONCILIATION_ROWS_MAX, "more trades than RECONCILIATION_ROWS_MAX");
  return { asOf, mismatches: trades.flatMap(mismatchesOf), accounts: await accountDifferences(tx, asOf) };
}

function mismatchesOf(t: TradeRecord): TradeMismatch[] {
  const base = { tradeId: Number(t.id), tradeNumber: t.trade_number, sellerEntityCode: t.seller, buyerEntityCode: t.buyer, tradeDate: t.trade_date, status: t.status };
  if (t.status === "pending_approval") {
    return [{ ...base, reason: "awaiting_approval", expectedMinor: BigInt(t.total_minor), postedMinor: 0n, currency: t.currency }];
  }
  const found: TradeMismatch[] = [];
  const sellerPosted = BigInt(t.seller_posted ?? "0");
  if (sellerPosted !== BigInt(t.total_minor)) found.push({ ...base, reason: "seller_entry_differs", expectedMinor: BigInt(t.total_minor), postedMinor: sellerPosted, currency: t.currency });
  const buyerPosted = BigInt(t.buyer_posted ?? "0");
  const buyerExpected = BigInt(t.buyer_total_minor ?? "0");
  if (buyerPosted !== buyerExpected) found.push({ ...base, reason: "buyer_entry_differs", expectedMinor: buyerExpected, postedMinor: buyerPosted, currency: t.buyer_currency });
  return found;
}

async function accountDifferences(tx: Tx, asOf: string): Promise<AccountDifference[]> {
  const rows = await tx.execute<{ entity_id: string; entity_code: string; currency: string; role: "ic_receivable" | "ic_payable"; account_id: string; code: string; balance: string; from_trades: string }>(sql`
    select le.id as entity_id, le.code as entity_code, le.base_currency as currency, r.role, a.id as account_id, a.code,
           coalesce((select sum(case when r.role = 'ic_receivable' then l.debit_minor - l.credit_minor else l.credit_minor - l.debit_minor end)
                       from journal_line l join journal_entry e on e.id = l.entry_id where l.account_id = a.id and e.posting_date <= ${asOf}), 0) as balance,
           coalesce((select sum(case when r.role = 'ic_receivable' then t.total_minor else t.buyer_total_minor end) from intercompany_trade t
                      where t.status = 'posted' and t.trade_date <= ${asOf}
                        and ((r.role = 'ic_receivable' and t.seller_entity_id = le.id) or (r.role = 'ic_payable' and t.buyer_entity_id = le.id))), 0) as from_trades
      from account_rule r join account a on a.id = r.account_id join legal_entity le on le.id = r.entity_id
     where r.role in ('ic_receivable', 'ic_payable') and r.item_category_id is null and r.customer_group_id is null and r.warehouse_id is null
     order by le.code, r.role
     limit ${RECONCILIATION_ROWS_MAX}`);
  return rows.map((r) => {
    const balanceMinor = BigInt(r.balance);
    const fromTradesMinor = BigInt(r.from_trades);
    return { entityId: Number(r.entity_id), entityCode: r.entity_code, currency: r.currency, role: r.role, accountId: Number(r.account_id), accountCode: r.code,
      balanceMinor, fromTradesMinor, unexplainedMinor: balanceMinor - fromTradesMinor };
  });
}
