// The general ledger is append-only, so a merge cannot re-point journal lines that carry the
// merged customer or supplier. Instead it posts one reclassification entry moving the merged
// party's open balance-sheet balances (AR, deposits, AP) to the survivor, account by account and
// currency by currency: account totals do not change, and the per-party subledger reconciles.
import { sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import type { Actor } from "../../governance/permissions";
import { postJournal, type JournalLineDraft } from "../../ledger";
import { assert } from "../../shared/assert";
import type { MergeKind } from "./kinds";

type Balance = { account_id: number; document_currency: string; base: string; document: string };

/** One side of a balance as journal lines; base and document amounts of opposite sign become two lines. */
function sideLines(accountId: number, currency: string, base: bigint, document: bigint, party: Partial<JournalLineDraft>): JournalLineDraft[] {
  const line = (b: bigint, d: bigint): JournalLineDraft => ({
    accountId, documentCurrency: currency, ...party,
    debitMinor: b > 0n ? b : 0n, creditMinor: b < 0n ? -b : 0n,
    documentDebitMinor: d > 0n ? d : 0n, documentCreditMinor: d < 0n ? -d : 0n,
  });
  const sameSign = base === 0n || document === 0n || (base > 0n) === (document > 0n);
  return sameSign ? [line(base, document)] : [line(base, 0n), line(0n, document)];
}

async function openBalances(tx: Tx, entityId: number, column: "customer_id" | "supplier_id", partyId: number): Promise<Balance[]> {
  return tx.execute<Balance>(sql`
    select jl.account_id::int as account_id, jl.document_currency,
      sum(jl.debit_minor - jl.credit_minor)::text as base, sum(jl.document_debit_minor - jl.document_credit_minor)::text as document
    from journal_line jl join account a on a.id = jl.account_id
    where jl.entity_id = ${entityId} and jl.${sql.identifier(column)} = ${partyId} and a.type in ('asset', 'liability')
    group by jl.account_id, jl.document_currency
    having sum(jl.debit_minor - jl.credit_minor) <> 0 or sum(jl.document_debit_minor - jl.document_credit_minor) <> 0
    order by 1, 2`);
}

async function entityToday(tx: Tx, entityId: number): Promise<string> {
  const [row] = await tx.execute<{ today: string }>(sql`select (now() at time zone time_zone)::date::text as today from legal_entity where id = ${entityId}`);
  assert(row !== undefined, `legal entity ${entityId} exists`);
  return row.today;
}

/** Posts the reclassification from merged to survivor (or back, for a reversal); null when nothing is open. */
export async function reclassifyPartyBalances(tx: Tx, actor: Actor, merge: {
  id: number; masterKind: MergeKind; entityId: number | null; fromId: number; toId: number; reversal: boolean;
}): Promise<number | null> {
  if (merge.masterKind === "item" || merge.entityId === null) return null;
  const column = merge.masterKind === "customer" ? "customer_id" : "supplier_id";
  const key = merge.masterKind === "customer" ? "customerId" : "supplierId";
  const balances = await openBalances(tx, merge.entityId, column, merge.fromId);
  if (balances.length === 0) return null;
  const lines: JournalLineDraft[] = [];
  for (const b of balances) {
    const base = BigInt(b.base);
    const document = BigInt(b.document);
    lines.push(...sideLines(b.account_id, b.document_currency, -base, -document, { [key]: merge.fromId, memo: "Duplicate merged away" }));
    lines.push(...sideLines(b.account_id, b.document_currency, base, document, { [key]: merge.toId, memo: "Balance of the merged duplicate" }));
  }
  const posted = await postJournal(tx, actor, {
    entityId: merge.entityId, postingDate: await entityToday(tx, merge.entityId),
    eventType: "masters.merge_reclass", sourceType: "master_merge", sourceId: merge.id,
    description: `${merge.reversal ? "Reversal of merge" : "Merge"} ${merge.id}: ${merge.masterKind} ${merge.fromId} balances to ${merge.toId}`,
    idempotencyKey: `master_merge:${merge.id}:${merge.reversal ? "reverse" : "apply"}`, lines,
  });
  return posted.id;
}
