import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { recordAudit } from "../../governance/audit";
import { requirePermission, type Actor } from "../../governance/permissions";
import { postEvent } from "../../ledger";
import { applyRatePpm } from "../../shared/money";
import { DomainError, parseInput } from "../../shared/errors";
import { PurchasingError } from "../errors";
import { supplierRebateAccrual, supplierRebateAgreement } from "../schema";
import { Id, IsoDate } from "../shared/inputs";
import { tierRatePpm } from "../shared/values";
import { lockAgreementOrThrow, purchasesInPeriod, tiersOf } from "./agreements";

export const SettleRebateAgreementInput = z.object({ agreementId: Id, settlementDate: IsoDate });

export type RebateSettlement = {
  agreementId: number;
  purchasesMinor: bigint;
  ratePpm: bigint;
  /** What the supplier owes: the final tier's rate on all purchases in the period (base currency). */
  claimMinor: bigint;
  accruedMinor: bigint;
  /** Claim minus what receipts accrued, posted as a final accrual (negative reverses the excess). */
  trueUpMinor: bigint;
  journalEntryId: number | null;
};

/**
 * Closes an agreement after its period: the claim is the rate of the tier reached by all
 * purchases, times those purchases; the difference to what was accrued receipt by receipt is
 * posted so the rebate receivable equals the claim. Collecting the claim (supplier credit note
 * or payment) is a separate step that needs its own event type.
 */
export async function settleRebateAgreement(tx: Tx, actor: Actor, raw: z.input<typeof SettleRebateAgreementInput>): Promise<RebateSettlement> {
  requirePermission(actor, "payables:write");
  const input = parseInput(SettleRebateAgreementInput, raw);
  const agreement = await lockAgreementOrThrow(tx, input.agreementId);
  if (agreement.status !== "open") throw new DomainError(PurchasingError.REBATE_AGREEMENT_STATE, "conflict", `Rebate agreement ${agreement.id} is already ${agreement.status}`);
  if (input.settlementDate <= agreement.periodEnd) {
    throw new DomainError(PurchasingError.REBATE_PERIOD_OPEN, "unprocessable", `settlementDate: the agreement's period runs until ${agreement.periodEnd}`);
  }
  const purchasesMinor = await purchasesInPeriod(tx, agreement, null);
  const ratePpm = tierRatePpm(tiersOf(agreement), purchasesMinor);
  const claimMinor = applyRatePpm(purchasesMinor, ratePpm, "halfEven");
  const [accrued] = await tx.select({ total: sql<string>`coalesce(sum(${supplierRebateAccrual.amountMinor}), 0)` }).from(supplierRebateAccrual)
    .where(eq(supplierRebateAccrual.agreementId, agreement.id));
  const accruedMinor = BigInt(accrued?.total ?? "0");
  const trueUpMinor = claimMinor - accruedMinor;
  const entry = trueUpMinor === 0n ? null : await postEvent(tx, actor, {
    entityId: agreement.entityId, postingDate: input.settlementDate, description: `Rebate settlement ${agreement.name}`,
    sourceType: "supplier_rebate_agreement", sourceId: agreement.id,
  }, { type: "purchase.rebate_accrued", supplierId: agreement.supplierId, amountMinor: trueUpMinor, credit: "cogs", itemCategoryId: null });
  await tx.insert(supplierRebateAccrual).values({
    agreementId: agreement.id, sourceType: "settlement", sourceId: agreement.id, purchasesBaseMinor: purchasesMinor, amountMinor: trueUpMinor, journalEntryId: entry?.id ?? null,
  });
  await tx.update(supplierRebateAgreement).set({ status: "settled", settledAt: new Date() }).where(eq(supplierRebateAgreement.id, agreement.id));
  const settlement = { agreementId: agreement.id, purchasesMinor, ratePpm, claimMinor, accruedMinor, trueUpMinor, journalEntryId: entry?.id ?? null };
  await recordAudit(tx, actor, { action: "state_change", objectKind: "supplier_rebate_agreement", objectId: agreement.id, entityId: agreement.entityId,
    before: { status: "open" }, after: { status: "settled", ...settlement } });
  return settlement;
}
