// Collecting a settled supplier rebate claim: the supplier pays what the rebate receivable holds
// for the agreement (Dr Cash, Cr Rebate receivable). The collection is recorded as a negative
// accrual row, so accrual rows per agreement always sum to what is still receivable.
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { recordAudit } from "../../governance/audit";
import { requirePermission, type Actor } from "../../governance/permissions";
import { postEvent } from "../../ledger/posting/post-event";
import { DomainError, parseInput } from "../../shared/errors";
import { PurchasingError } from "../errors";
import { supplierRebateAccrual } from "../schema";
import { Id, IsoDate } from "../shared/inputs";
import { lockAgreementOrThrow } from "./agreements";

export const CollectRebateClaimInput = z.object({ agreementId: Id, receivedDate: IsoDate });

export type RebateCollection = { agreementId: number; collectedMinor: bigint; journalEntryId: number | null; replayed: boolean };

export async function collectRebateClaim(tx: Tx, actor: Actor, raw: z.input<typeof CollectRebateClaimInput>): Promise<RebateCollection> {
  requirePermission(actor, "payables:write");
  const input = parseInput(CollectRebateClaimInput, raw);
  const agreement = await lockAgreementOrThrow(tx, input.agreementId);
  if (agreement.status !== "settled") {
    throw new DomainError(PurchasingError.REBATE_AGREEMENT_STATE, "conflict", `Rebate agreement ${agreement.id} must be settled before its claim is collected`);
  }
  const [done] = await tx.select().from(supplierRebateAccrual)
    .where(and(eq(supplierRebateAccrual.agreementId, agreement.id), eq(supplierRebateAccrual.sourceType, "collection"))).limit(1);
  if (done) return { agreementId: agreement.id, collectedMinor: -done.amountMinor, journalEntryId: done.journalEntryId, replayed: true };
  const [open] = await tx.select({ total: sql<string>`coalesce(sum(${supplierRebateAccrual.amountMinor}), 0)` }).from(supplierRebateAccrual)
    .where(eq(supplierRebateAccrual.agreementId, agreement.id));
  const collectedMinor = BigInt(open?.total ?? "0");
  const entry = collectedMinor <= 0n ? null : await postEvent(tx, actor, {
    entityId: agreement.entityId, postingDate: input.receivedDate, description: `Rebate claim collected ${agreement.name}`,
    sourceType: "supplier_rebate_agreement", sourceId: agreement.id,
  }, { type: "purchase.rebate_settled", supplierId: agreement.supplierId, amountMinor: collectedMinor });
  await tx.insert(supplierRebateAccrual).values({ agreementId: agreement.id, sourceType: "collection", sourceId: agreement.id,
    purchasesBaseMinor: 0n, amountMinor: collectedMinor > 0n ? -collectedMinor : 0n, journalEntryId: entry?.id ?? null });
  await recordAudit(tx, actor, { action: "post", objectKind: "supplier_rebate_agreement", objectId: agreement.id, entityId: agreement.entityId,
    after: { collectedMinor, journalEntryId: entry?.id ?? null } });
  return { agreementId: agreement.id, collectedMinor: collectedMinor > 0n ? collectedMinor : 0n, journalEntryId: entry?.id ?? null, replayed: false };
}
