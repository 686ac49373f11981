// What FX revaluation would post for an entity on a date: every foreign-currency AR and AP
// document open on that date and every foreign-currency balance on the cash accounts, revalued at
// the date's rate against the base value it carried then. Reads only; pure arithmetic in revaluedGain.
import { eq, sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { exchangeRateOn } from "../../masters/queries/exchange-rate-on";
import { legalEntity } from "../../masters/schema";
import { openCarryingBase } from "../../purchasing/shared/values";
import { openBaseMinor } from "../../sales/receivables/carrying-value";
import { assert } from "../../shared/assert";
import { applyRatePpm } from "../../shared/money";

export const REVALUED_DOCUMENTS_MAX = 50_000;

export type RevaluationTarget = "ar" | "ap" | "bank";
export type RevaluationLineDraft = {
  target: RevaluationTarget;
  subjectType: "sales_invoice" | "supplier_invoice" | "account";
  subjectId: number;
  customerId: number | null;
  supplierId: number | null;
  currency: string;
  openDocumentMinor: bigint;
  carryingBaseMinor: bigint;
  ratePpm: bigint;
  revaluedBaseMinor: bigint;
  /** Positive = gain for the entity. */
  gainMinor: bigint;
};

/**
 * The unrealized result of revaluing an open balance: for an asset (AR invoice, bank) the rise in
 * base value is a gain; for a liability (AP invoice, AR credit memo) the rise is a loss. Pure.
 */
export function revaluedGain(kind: "asset" | "liability", openDocumentMinor: bigint, carryingBaseMinor: bigint, ratePpm: bigint): { revaluedBaseMinor: bigint; gainMinor: bigint } {
  assert(ratePpm > 0n, "exchange rates are positive");
  const revaluedBaseMinor = applyRatePpm(openDocumentMinor, ratePpm, "halfEven");
  const rise = revaluedBaseMinor - carryingBaseMinor;
  return { revaluedBaseMinor, gainMinor: kind === "asset" ? rise : -rise };
}

async function ratesFor(tx: Tx, currencies: Iterable<string>, baseCurrency: string, date: string): Promise<Map<string, bigint>> {
  const rates = new Map<string, bigint>();
  for (const code of new Set(currencies)) rates.set(code, await exchangeRateOn(tx, code, baseCurrency, date));
  return rates;
}

/**
 * Open amounts as of the revaluation date, not as of now: a close run days after the period end
 * must revalue what was open at the end (applications and payments dated later are added back).
 */
async function arLines(tx: Tx, entityId: number, baseCurrency: string, date: string): Promise<RevaluationLineDraft[]> {
  const open = await tx.execute<{ id: string; customer_id: string; kind: string; currency: string; total_minor: string; total_base_minor: string; applied_then: string }>(sql`
    select i.id::text, i.customer_id::text, i.kind, i.currency, i.total_minor::text, i.total_base_minor::text,
           (i.applied_minor - coalesce((select sum(a.amount_minor) from payment_application a
               where (a.invoice_id = i.id and i.kind = 'invoice' or a.credit_memo_id = i.id and i.kind = 'credit_memo') and a.applied_date > ${date}), 0))::text as applied_then
      from sales_invoice i
     where i.entity_id = ${entityId} and i.status <> 'void' and i.currency <> ${baseCurrency} and i.invoice_date <= ${date}
     order by i.id limit ${REVALUED_DOCUMENTS_MAX + 1}`);
  const rows = open.filter((r) => BigInt(r.applied_then) < BigInt(r.total_minor));
  assert(open.length <= REVALUED_DOCUMENTS_MAX, "too many foreign-currency invoices to revalue in one run");
  const rates = await ratesFor(tx, rows.map((i) => i.currency), baseCurrency, date);
  return rows.map((invoice) => {
    const totalMinor = BigInt(invoice.total_minor);
    const openDocumentMinor = totalMinor - BigInt(invoice.applied_then);
    const carryingBaseMinor = openBaseMinor({ totalMinor, totalBaseMinor: BigInt(invoice.total_base_minor) }, openDocumentMinor);
    const ratePpm = rates.get(invoice.currency)!;
    const { revaluedBaseMinor, gainMinor } = revaluedGain(invoice.kind === "credit_memo" ? "liability" : "asset", openDocumentMinor, carryingBaseMinor, ratePpm);
    return { target: "ar", subjectType: "sales_invoice", subjectId: Number(invoice.id), customerId: Number(invoice.customer_id), supplierId: null,
      currency: invoice.currency, openDocumentMinor, carryingBaseMinor, ratePpm, revaluedBaseMinor, gainMinor };
  });
}

async function apLines(tx: Tx, entityId: number, baseCurrency: string, date: string): Promise<RevaluationLineDraft[]> {
  const open = await tx.execute<{ id: string; supplier_id: string; currency: string; total_minor: string; total_base_minor: string; paid_then: string }>(sql`
    select i.id::text, i.supplier_id::text, i.currency, i.total_minor::text, i.total_base_minor::text,
           (i.paid_minor - coalesce((select sum(a.amount_minor + a.discount_minor) from supplier_payment_application a
               join supplier_payment p on p.id = a.payment_id
              where a.invoice_id = i.id and p.journal_entry_id is not null and p.payment_date > ${date}), 0))::text as paid_then
      from supplier_invoice i
     where i.entity_id = ${entityId} and i.status in ('posted', 'partially_paid', 'paid') and i.currency <> ${baseCurrency} and i.invoice_date <= ${date}
     order by i.id limit ${REVALUED_DOCUMENTS_MAX + 1}`);
  assert(open.length <= REVALUED_DOCUMENTS_MAX, "too many foreign-currency supplier invoices to revalue in one run");
  const rows = open.filter((r) => BigInt(r.paid_then) < BigInt(r.total_minor));
  const rates = await ratesFor(tx, rows.map((i) => i.currency), baseCurrency, date);
  return rows.map((invoice) => {
    const totalMinor = BigInt(invoice.total_minor);
    const paidThen = BigInt(invoice.paid_then);
    const openDocumentMinor = totalMinor - paidThen;
    const carryingBaseMinor = openCarryingBase(BigInt(invoice.total_base_minor), totalMinor, paidThen);
    const ratePpm = rates.get(invoice.currency)!;
    const { revaluedBaseMinor, gainMinor } = revaluedGain("liability", openDocumentMinor, carryingBaseMinor, ratePpm);
    return { target: "ap", subjectType: "supplier_invoice", subjectId: Number(invoice.id), customerId: null, supplierId: Number(invoice.supplier_id),
      currency: invoice.currency, openDocumentMinor, carryingBaseMinor, ratePpm, revaluedBaseMinor, gainMinor };
  });
}

/** Foreign-currency balances on the accounts cash rules point to: document balance and the base value carried for it. */
async function bankLines(tx: Tx, entityId: number, baseCurrency: string, date: string): Promise<RevaluationLineDraft[]> {
  const balances = await tx.execute<{ account_id: string; currency: string; document_balance: string; base_balance: string }>(sql`
    select l.account_id::text, l.document_currency as currency,
           sum(l.document_debit_minor - l.document_credit_minor)::text as document_balance,
           sum(l.debit_minor - l.credit_minor)::text as base_balance
      from journal_line l join journal_entry e on e.id = l.entry_id
     where l.entity_id = ${entityId} and e.posting_date <= ${date} and l.document_currency <> ${baseCurrency}
       and l.account_id in (select account_id from account_rule where entity_id = ${entityId} and role = 'cash')
     group by l.account_id, l.document_currency
     order by l.account_id, l.document_currency limit 1000`);
  const rates = await ratesFor(tx, balances.map((b) => b.currency), baseCurrency, date);
  return balances.map((b) => {
    const openDocumentMinor = BigInt(b.document_balance);
    const carryingBaseMinor = BigInt(b.base_balance);
    const ratePpm = rates.get(b.currency)!;
    const { revaluedBaseMinor, gainMinor } = revaluedGain("asset", openDocumentMinor, carryingBaseMinor, ratePpm);
    return { target: "bank", subjectType: "account", subjectId: Number(b.account_id), customerId: null, supplierId: null,
      currency: b.currency, openDocumentMinor, carryingBaseMinor, ratePpm, revaluedBaseMinor, gainMinor };
  });
}

export type RevaluationPreview = { entityId: number; baseCurrency: string; revaluationDate: string; lines: RevaluationLineDraft[]; netGainMinor: bigint };

/** Every open foreign-currency balance of the entity revalued at the date's rates (nothing posted). */
export async function computeRevaluation(tx: Tx, entityId: number, revaluationDate: string): Promise<RevaluationPreview> {
  const [entity] = await tx.select().from(legalEntity).where(eq(legalEntity.id, entityId)).limit(1);
  assert(entity !== undefined, `legal entity ${entityId} exists`);
  const lines = [
    ...await arLines(tx, entityId, entity.baseCurrency, revaluationDate),
    ...await apLines(tx, entityId, entity.baseCurrency, revaluationDate),
    ...await bankLines(tx, entityId, entity.baseCurrency, revaluationDate),
  ];
  const netGainMinor = lines.reduce((sum, l) => sum + l.gainMinor, 0n);
  return { entityId, baseCurrency: entity.baseCurrency, revaluationDate, lines, netGainMinor };
}
