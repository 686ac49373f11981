// Settling a customer rebate after its period: the claim is the rate of the tier reached by all
// qualifying sales, on those sales; the accrual is trued up to the claim, and the claim is
// credited to the customer by a credit memo (Dr Rebate accrual, Cr AR), in base currency.
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { recordAudit } from "../../governance/audit";
import { requirePermission, type Actor } from "../../governance/permissions";
import { postEvent } from "../../ledger/posting/post-event";
import { assert } from "../../shared/assert";
import { DomainError, parseInput } from "../../shared/errors";
import { applyRatePpm } from "../../shared/money";
import { documentNumber, entityInfoOrThrow, nextDocumentId } from "../fulfilment/document-number";
import { salesInvoice } from "../schema";
import { CustomerRebateError, lockCustomerAgreementOrThrow, qualifyingSalesByInvoice, tiersOfAgreement, volumeTierRatePpm } from "./agreements";
import { customerRebateAccrual, customerRebateAgreement } from "./schema";

export const SettleCustomerRebateInput = z.object({ agreementId: z.number().int().positive(), settlementDate: z.iso.date() });

export type CustomerRebateSettlement = {
  agreementId: number; salesMinor: bigint; ratePpm: bigint; claimMinor: bigint; accruedMinor: bigint; trueUpMinor: bigint;
  creditMemoId: number | null; journalEntryIds: number[];
};

async function issueRebateCreditMemo(tx: Tx, actor: Actor, agreementId: number, customerId: number, entityId: number, date: string, claimMinor: bigint): Promise<{ memoId: number; entryId: number }> {
  const entity = await entityInfoOrThrow(tx, entityId);
  const id = await nextDocumentId(tx, "sales_invoice");
  const number = documentNumber("CM", entity.code, id);
  await tx.insert(salesInvoice).values({
    id, entityId, invoiceNumber: number, kind: "credit_memo", customerId, currency: entity.baseCurrency, exchangeRatePpm: 1_000_000n,
    invoiceDate: date, dueDate: date, subtotalMinor: claimMinor, taxMinor: 0n, totalMinor: claimMinor, totalBaseMinor: claimMinor, status: "open",
    idempotencyKey: `customer_rebate_settlement:${agreementId}`, createdByUserId: actor.userId,
  });
  const entry = await postEvent(tx, actor, { entityId, postingDate: date, description: `${number} rebate settlement`, sourceType: "sales_invoice", sourceId: id },
    { type: "sales.rebate_settled", customerId, amountMinor: claimMinor });
  assert(entry !== null, "a positive settlement posts");
  await tx.update(salesInvoice).set({ journalEntryId: entry.id }).where(eq(salesInvoice.id, id));
  return { memoId: id, entryId: entry.id };
}

export async function settleCustomerRebateAgreement(tx: Tx, actor: Actor, raw: z.input<typeof SettleCustomerRebateInput>): Promise<CustomerRebateSettlement> {
  requirePermission(actor, "sales.receivables:write");
  const input = parseInput(SettleCustomerRebateInput, raw);
  const agreement = await lockCustomerAgreementOrThrow(tx, input.agreementId);
  if (agreement.status !== "open") throw new DomainError(CustomerRebateError.AGREEMENT_STATE, "conflict", `Customer rebate agreement ${agreement.id} is already ${agreement.status}`);
  if (input.settlementDate <= agreement.periodEnd) {
    throw new DomainError(CustomerRebateError.PERIOD_OPEN, "unprocessable", `settlementDate: the agreement's period runs until ${agreement.periodEnd}`);
  }
  const sales = await qualifyingSalesByInvoice(tx, agreement, null);
  const salesMinor = [...sales.values()].reduce((s, v) => s + v, 0n);
  const ratePpm = volumeTierRatePpm(tiersOfAgreement(agreement), salesMinor);
  const claimMinor = salesMinor > 0n ? applyRatePpm(salesMinor, ratePpm, "halfEven") : 0n;
  const [accrued] = await tx.select({ total: sql<string>`coalesce(sum(${customerRebateAccrual.amountMinor}), 0)` }).from(customerRebateAccrual)
    .where(eq(customerRebateAccrual.agreementId, agreement.id));
  const accruedMinor = BigInt(accrued?.total ?? "0");
  const trueUpMinor = claimMinor - accruedMinor;
  const journalEntryIds: number[] = [];
  const trueUp = trueUpMinor === 0n ? null : await postEvent(tx, actor, {
    entityId: agreement.entityId, postingDate: input.settlementDate, description: `Customer rebate true-up ${agreement.name}`, sourceType: "customer_rebate_agreement", sourceId: agreement.id,
  }, { type: "sales.rebate_accrued", customerId: agreement.customerId, amountMinor: trueUpMinor, itemCategoryId: agreement.itemCategoryId });
  if (trueUp) journalEntryIds.push(trueUp.id);
  await tx.insert(customerRebateAccrual).values({ agreementId: agreement.id, sourceType: "settlement", sourceId: agreement.id, salesBaseMinor: salesMinor,
    amountMinor: trueUpMinor, journalEntryId: trueUp?.id ?? null });
  const memo = claimMinor > 0n ? await issueRebateCreditMemo(tx, actor, agreement.id, agreement.customerId, agreement.entityId, input.settlementDate, claimMinor) : null;
  if (memo) journalEntryIds.push(memo.entryId);
  await tx.update(customerRebateAgreement).set({ status: "settled", settledAt: new Date(), creditMemoId: memo?.memoId ?? null }).where(eq(customerRebateAgreement.id, agreement.id));
  const settlement = { agreementId: agreement.id, salesMinor, ratePpm, claimMinor, accruedMinor, trueUpMinor, creditMemoId: memo?.memoId ?? null, journalEntryIds };
  await recordAudit(tx, actor, { action: "state_change", objectKind: "customer_rebate_agreement", objectId: agreement.id, entityId: agreement.entityId,
    before: { status: "open" }, after: { status: "settled", ...settlement } });
  return settlement;
}

export type CustomerRebateReconciliation = { entityId: number; subledgerMinor: bigint; glMinor: bigint; differenceMinor: bigint };

/** Accrued rebates not yet credited (accruals less settlement credit memos) against the rebate-accrual accounts. */
export async function customerRebateReconciliation(tx: Tx, entityId: number): Promise<CustomerRebateReconciliation> {
  const [row] = await tx.execute<{ accrued: string; credited: string; gl: string }>(sql`
    select (select coalesce(sum(x.amount_minor), 0) from customer_rebate_accrual x join customer_rebate_agreement a on a.id = x.agreement_id where a.entity_id = ${entityId})::text as accrued,
           (select coalesce(sum(i.total_base_minor), 0) from customer_rebate_agreement a join sales_invoice i on i.id = a.credit_memo_id where a.entity_id = ${entityId})::text as credited,
           (select coalesce(sum(l.credit_minor - l.debit_minor), 0) from journal_line l where l.entity_id = ${entityId}
              and l.account_id in (select account_id from account_rule where entity_id = ${entityId} and role = 'rebate_accrual'))::text as gl`);
  assert(row !== undefined, "the reconciliation query returns one row");
  const subledgerMinor = BigInt(row.accrued) - BigInt(row.credited);
  const glMinor = BigInt(row.gl);
  return { entityId, subledgerMinor, glMinor, differenceMinor: subledgerMinor - glMinor };
}
