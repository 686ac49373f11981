// Supplier rebate agreements: a percentage of purchases in a period, by tier of cumulative
// purchases (base currency), stored as JSON tiers ascending by threshold.
import { and, eq, gte, lte, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { recordAudit } from "../../governance/audit";
import { requirePermission, type Actor } from "../../governance/permissions";
import { assert } from "../../shared/assert";
import { DomainError, parseInput } from "../../shared/errors";
import { PPM } from "../../shared/money";
import { PurchasingError } from "../errors";
import { REBATE_TIERS_MAX } from "../limits";
import { purchaseReceipt, purchaseReceiptLine, supplierRebateAgreement } from "../schema";
import { loadEntityOrThrow, loadSupplierOrThrow } from "../shared/context";
import { Id, IsoDate, MinorAmount } from "../shared/inputs";
import type { RebateTier } from "../shared/values";

export type RebateAgreementRow = typeof supplierRebateAgreement.$inferSelect;

export function tiersOf(agreement: RebateAgreementRow): RebateTier[] {
  const raw = agreement.tiers as { fromMinor: string; ratePpm: string }[];
  assert(Array.isArray(raw) && raw.length > 0, `rebate agreement ${agreement.id} has tiers`);
  return raw.map((t) => ({ fromMinor: BigInt(t.fromMinor), ratePpm: BigInt(t.ratePpm) }));
}

/** Receipt value (base currency) from the supplier in the agreement's period, up to a receipt id when given. */
export async function purchasesInPeriod(tx: Tx, agreement: RebateAgreementRow, upToReceiptId: number | null): Promise<bigint> {
  const [row] = await tx.select({ total: sql<string>`coalesce(sum(${purchaseReceiptLine.valueBaseMinor}), 0)` }).from(purchaseReceiptLine)
    .innerJoin(purchaseReceipt, eq(purchaseReceipt.id, purchaseReceiptLine.receiptId))
    .where(and(eq(purchaseReceipt.entityId, agreement.entityId), eq(purchaseReceipt.supplierId, agreement.supplierId),
      gte(purchaseReceipt.receiptDate, agreement.periodStart), lte(purchaseReceipt.receiptDate, agreement.periodEnd),
      upToReceiptId === null ? undefined : lte(purchaseReceipt.id, upToReceiptId)));
  return BigInt(row?.total ?? "0");
}

export const CreateRebateAgreementInput = z.object({
  entityId: Id,
  supplierId: Id,
  name: z.string().trim().min(1).max(200),
  periodStart: IsoDate,
  periodEnd: IsoDate,
  /** Ascending thresholds of cumulative purchases (base minor units) and the rate from there on. */
  tiers: z.array(z.object({ fromMinor: MinorAmount, ratePpm: MinorAmount })).min(1).max(REBATE_TIERS_MAX),
});

function checkTiers(tiers: readonly RebateTier[]): void {
  tiers.forEach((tier, index) => {
    const previous = tiers[index - 1];
    if (tier.ratePpm > PPM) throw new DomainError(PurchasingError.REBATE_TIERS_INVALID, "invalid", `tiers.${index}.ratePpm: at most 1000000 (100%)`);
    if (previous && tier.fromMinor <= previous.fromMinor) {
      throw new DomainError(PurchasingError.REBATE_TIERS_INVALID, "invalid", `tiers.${index}.fromMinor: thresholds must rise strictly`);
    }
  });
}

export async function createRebateAgreement(tx: Tx, actor: Actor, raw: z.input<typeof CreateRebateAgreementInput>): Promise<RebateAgreementRow> {
  requirePermission(actor, "purchasing:write");
  const input = parseInput(CreateRebateAgreementInput, raw);
  if (input.periodEnd < input.periodStart) throw new DomainError(PurchasingError.REBATE_TIERS_INVALID, "invalid", "periodEnd: must not be before periodStart");
  checkTiers(input.tiers);
  await loadEntityOrThrow(tx, input.entityId);
  await loadSupplierOrThrow(tx, input.entityId, input.supplierId);
  const [row] = await tx.insert(supplierRebateAgreement).values({
    entityId: input.entityId, supplierId: input.supplierId, name: input.name, periodStart: input.periodStart, periodEnd: input.periodEnd,
    tiers: input.tiers.map((t) => ({ fromMinor: t.fromMinor.toString(), ratePpm: t.ratePpm.toString() })), status: "open",
  }).returning();
  assert(row !== undefined, "rebate agreement insert returned its row");
  await recordAudit(tx, actor, { action: "create", objectKind: "supplier_rebate_agreement", objectId: row.id, entityId: row.entityId, after: row });
  return row;
}

export async function lockAgreementOrThrow(tx: Tx, agreementId: number): Promise<RebateAgreementRow> {
  const [row] = await tx.select().from(supplierRebateAgreement).where(eq(supplierRebateAgreement.id, agreementId)).for("update").limit(1);
  if (!row) throw new DomainError(PurchasingError.REBATE_AGREEMENT_NOT_FOUND, "not_found", `agreementId: rebate agreement ${agreementId} does not exist`);
  return row;
}
