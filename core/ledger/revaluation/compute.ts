// What FX revaluation would post for an entity on a date: every open foreign-currency AR and AP
// document and every foreign-currency balance on the cash accounts, revalued at the date's rate
// against the base value it carries now. Reads only; pure arithmetic in revaluedGain.
import { and, eq, inArray, lt, lte, ne, sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { exchangeRateOn } from "../../masters/queries/exchange-rate-on";
import { legalEntity } from "../../masters/schema";
import { supplierInvoice } from "../../purchasing/schema";
import { openCarryingBase } from "../../purchasing/shared/values";
import { openBaseMinor } from "../../sales/receivables/carrying-value";
import { salesInvoice } from "../../sales/schema";
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

async function arLines(tx: Tx, entityId: number, baseCurrency: string, date: string): Promise<RevaluationLineDraft[]> {
  const open = await tx.select().from(salesInvoice).where(and(eq(salesInvoice.entityId, entityId), ne(salesInvoice.status, "void"),
    ne(salesInvoice.currency, baseCurrency), lt(salesInvoice.appliedMinor, salesInvoice.totalMinor), lte(salesInvoice.invoiceDate, date)))
    .limit(REVALUED_DOCUMENTS_MAX + 1);
  assert(open.length <= REVALUED_DOCUMENTS_MAX, "too many open foreign-currency invoices to revalue in one run");
  const rates = await ratesFor(tx, open.map((i) => i.currency), baseCurrency, date);
  return open.map((invoice) => {
    const openDocumentMinor = invoice.totalMinor - invoice.appliedMinor;
    const carryingBaseMinor = openBaseMinor(invoice, openDocumentMinor);
    const ratePpm = rates.get(invoice.currency)!;
    const { revaluedBaseMinor, gainMinor } = revaluedGain(invoice.kind === "credit_memo" ? "liability" : "asset", openDocumentMinor, carryingBaseMinor, ratePpm);
    return { target: "ar", subjectType: "sales_invoice", subjectId: invoice.id, customerId: invoice.customerId, supplierId: null,
      currency: invoice.currency, openDocumentMinor, carryingBaseMinor, ratePpm, revaluedBaseMinor, gainMinor };
  });
}

async function apLines(tx: Tx, entityId: number, baseCurrency: string, date: string): Promise<RevaluationLineDraft[]> {
  const open = await tx.select().from(supplierInvoice).where(and(eq(supplierInvoice.entityId, entityId),
    inArray(supplierInvoice.status, ["posted", "partially_paid"]), ne(supplierInvoice.currency, baseCurrency), lte(supplierInvoice.invoiceDate, date)))
    .limit(REVALUED_DOCUMENTS_MAX + 1);
  assert(open.length <= REVALUED_DOCUMENTS_MAX, "too many open foreign-currency supplier invoices to revalue in one run");
  const rates = await ratesFor(tx, open.map((i) => i.currency), baseCurrency, date);
  return open.map((invoice) => {
    const openDocumentMinor = invoice.totalMinor - invoice.paidMinor;
    const carryingBaseMinor = openCarryingBase(invoice.totalBaseMinor, invoice.totalMinor, invoice.paidMinor);
    const ratePpm = rates.get(invoice.currency)!;
    const { revaluedBaseMinor, gainMinor } = revaluedGain("liability", openDocumentMinor, carryingBaseMinor, ratePpm);
    return { target: "ap", subjectType: "supplier_invoice", subjectId: invoice.id, customerId: null, supplierId: invoice.supplierId,
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
