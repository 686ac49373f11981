import { and, asc, eq, gte, lte, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { requirePermission, type Actor } from "../../governance/permissions";
import { postEvent } from "../../ledger";
import { assert } from "../../shared/assert";
import { applyRatePpm } from "../../shared/money";
import { DomainError, parseInput } from "../../shared/errors";
import { PurchasingError } from "../errors";
import { purchaseReceipt, purchaseReceiptLine, supplierRebateAccrual, supplierRebateAgreement } from "../schema";
import { Id } from "../shared/inputs";
import { tierRatePpm } from "../shared/values";
import { purchasesInPeriod, tiersOf, type RebateAgreementRow } from "./agreements";

export type RebateAccrualRow = typeof supplierRebateAccrual.$inferSelect;

async function accrueOne(tx: Tx, actor: Actor, agreement: RebateAgreementRow, receipt: typeof purchaseReceipt.$inferSelect, valueMinor: bigint): Promise<RebateAccrualRow> {
  const [existing] = await tx.select().from(supplierRebateAccrual).where(and(eq(supplierRebateAccrual.agreementId, agreement.id),
    eq(supplierRebateAccrual.sourceType, "purchase_receipt"), eq(supplierRebateAccrual.sourceId, receipt.id))).limit(1);
  if (existing) return existing;
  // The rate of the tier that cumulative purchases reach with this receipt, applied to this receipt.
  const cumulative = await purchasesInPeriod(tx, agreement, receipt.id);
  const amountMinor = applyRatePpm(valueMinor, tierRatePpm(tiersOf(agreement), cumulative), "halfEven");
  const entry = amountMinor === 0n ? null : await postEvent(tx, actor, {
    entityId: agreement.entityId, postingDate: receipt.receiptDate, description: `Rebate accrual ${agreement.name} on ${receipt.receiptNumber}`,
    sourceType: "purchase_receipt", sourceId: receipt.id,
  }, { type: "purchase.rebate_accrued", supplierId: agreement.supplierId, amountMinor, credit: "cogs", itemCategoryId: null });
  const [row] = await tx.insert(supplierRebateAccrual).values({
    agreementId: agreement.id, sourceType: "purchase_receipt", sourceId: receipt.id, purchasesBaseMinor: valueMinor, amountMinor, journalEntryId: entry?.id ?? null,
  }).returning();
  assert(row !== undefined, "rebate accrual insert returned its row");
  return row;
}

/**
 * Accrues every open rebate agreement of the receipt's supplier whose period holds the
 * receipt date: Dr Rebate receivable, Cr COGS. Once per agreement and receipt; receiving
 * calls it, so no permission of its own here.
 */
export async function accrueRebatesForReceipt(tx: Tx, actor: Actor, receiptId: number): Promise<RebateAccrualRow[]> {
  const [receipt] = await tx.select().from(purchaseReceipt).where(eq(purchaseReceipt.id, receiptId)).limit(1);
  if (!receipt) throw new DomainError(PurchasingError.RECEIPT_NOT_FOUND, "not_found", `receiptId: purchase receipt ${receiptId} does not exist`);
  const agreements = await tx.select().from(supplierRebateAgreement).where(and(eq(supplierRebateAgreement.entityId, receipt.entityId),
    eq(supplierRebateAgreement.supplierId, receipt.supplierId), eq(supplierRebateAgreement.status, "open"),
    lte(supplierRebateAgreement.periodStart, receipt.receiptDate), gte(supplierRebateAgreement.periodEnd, receipt.receiptDate)))
    .orderBy(asc(supplierRebateAgreement.id)).for("update").limit(50);
  if (agreements.length === 0) return [];
  const [value] = await tx.select({ total: sql<string>`coalesce(sum(${purchaseReceiptLine.valueBaseMinor}), 0)` }).from(purchaseReceiptLine)
    .where(eq(purchaseReceiptLine.receiptId, receipt.id));
  const valueMinor = BigInt(value?.total ?? "0");
  const accruals: RebateAccrualRow[] = [];
  for (const agreement of agreements) accruals.push(await accrueOne(tx, actor, agreement, receipt, valueMinor));
  return accruals;
}

export const AccrueSupplierRebatesInput = z.object({ receiptId: Id });

/** Accrues rebates on one receipt (again safely: an accrued receipt is not accrued twice). */
export async function accrueSupplierRebates(tx: Tx, actor: Actor, raw: z.input<typeof AccrueSupplierRebatesInput>): Promise<RebateAccrualRow[]> {
  requirePermission(actor, "payables:write");
  const input = parseInput(AccrueSupplierRebatesInput, raw);
  return accrueRebatesForReceipt(tx, actor, input.receiptId);
}
