// Customer rebate agreements: a percentage of net sales (base currency) over a period, at the
// rate of the volume tier cumulative sales reach, optionally only on one item category.
import { and, asc, eq, gte, lte, ne } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { recordAudit } from "../../governance/audit";
import { requirePermission, type Actor } from "../../governance/permissions";
import { customer } from "../../masters/schema";
import { assert } from "../../shared/assert";
import { DomainError, parseInput } from "../../shared/errors";
import { applyRatePpm, PPM } from "../../shared/money";
import { salesInvoice, salesInvoiceLine } from "../schema";
import { item } from "../../masters/schema";
import { customerRebateAgreement } from "./schema";

export const CustomerRebateError = {
  AGREEMENT_NOT_FOUND: "SALES_REBATE_AGREEMENT_NOT_FOUND",
  AGREEMENT_STATE: "SALES_REBATE_AGREEMENT_STATE",
  PERIOD_OPEN: "SALES_REBATE_PERIOD_OPEN",
  TIERS_INVALID: "SALES_REBATE_TIERS_INVALID",
  CUSTOMER_NOT_FOUND: "SALES_REBATE_CUSTOMER_NOT_FOUND",
} as const;

export const REBATE_TIERS_MAX = 10;
export type CustomerRebateAgreementRow = typeof customerRebateAgreement.$inferSelect;
export type VolumeTier = { fromMinor: bigint; ratePpm: bigint };

const Minor = z.union([z.bigint(), z.string().regex(/^\d{1,18}$/), z.number().int().nonnegative()]).transform((v) => BigInt(v));

export const CreateCustomerRebateAgreementInput = z.object({
  entityId: z.number().int().positive(),
  customerId: z.number().int().positive(),
  itemCategoryId: z.number().int().positive().nullish(),
  name: z.string().trim().min(1).max(200),
  periodStart: z.iso.date(),
  periodEnd: z.iso.date(),
  tiers: z.array(z.object({ fromMinor: Minor, ratePpm: Minor })).min(1).max(REBATE_TIERS_MAX),
});

/** The rate of the highest tier reached; 0 below the first. Pure. */
export function volumeTierRatePpm(tiers: readonly VolumeTier[], salesMinor: bigint): bigint {
  let rate = 0n;
  for (const tier of tiers) if (salesMinor >= tier.fromMinor) rate = tier.ratePpm;
  return rate;
}

/**
 * The rebate on `amountMinor` more sales after `beforeMinor`: the tier reached by the cumulative
 * total applies to the new amount (earlier accruals are trued up at settlement). Pure.
 */
export function incrementalRebateMinor(tiers: readonly VolumeTier[], beforeMinor: bigint, amountMinor: bigint): bigint {
  const rate = volumeTierRatePpm(tiers, beforeMinor + amountMinor);
  return amountMinor >= 0n ? applyRatePpm(amountMinor, rate, "halfEven") : -applyRatePpm(-amountMinor, rate, "halfEven");
}

export function tiersOfAgreement(agreement: CustomerRebateAgreementRow): VolumeTier[] {
  const raw = agreement.tiers as { fromMinor: string; ratePpm: string }[];
  assert(Array.isArray(raw) && raw.length > 0, `customer rebate agreement ${agreement.id} has tiers`);
  return raw.map((t) => ({ fromMinor: BigInt(t.fromMinor), ratePpm: BigInt(t.ratePpm) }));
}

function checkTiers(tiers: readonly VolumeTier[]): void {
  tiers.forEach((tier, index) => {
    if (tier.ratePpm > PPM) throw new DomainError(CustomerRebateError.TIERS_INVALID, "invalid", `tiers.${index}.ratePpm: at most 1000000 (100%)`);
    const previous = tiers[index - 1];
    if (previous && tier.fromMinor <= previous.fromMinor) throw new DomainError(CustomerRebateError.TIERS_INVALID, "invalid", `tiers.${index}.fromMinor: thresholds must rise strictly`);
  });
}

export async function createCustomerRebateAgreement(tx: Tx, actor: Actor, raw: z.input<typeof CreateCustomerRebateAgreementInput>): Promise<CustomerRebateAgreementRow> {
  requirePermission(actor, "sales:write");
  const input = parseInput(CreateCustomerRebateAgreementInput, raw);
  if (input.periodEnd < input.periodStart) throw new DomainError(CustomerRebateError.TIERS_INVALID, "invalid", "periodEnd: must not be before periodStart");
  checkTiers(input.tiers);
  const [found] = await tx.select({ id: customer.id }).from(customer).where(and(eq(customer.id, input.customerId), eq(customer.entityId, input.entityId))).limit(1);
  if (!found) throw new DomainError(CustomerRebateError.CUSTOMER_NOT_FOUND, "not_found", `customerId: customer ${input.customerId} is not in entity ${input.entityId}`);
  const [row] = await tx.insert(customerRebateAgreement).values({
    entityId: input.entityId, customerId: input.customerId, itemCategoryId: input.itemCategoryId ?? null, name: input.name,
    periodStart: input.periodStart, periodEnd: input.periodEnd, status: "open",
    tiers: input.tiers.map((t) => ({ fromMinor: t.fromMinor.toString(), ratePpm: t.ratePpm.toString() })),
  }).returning();
  assert(row !== undefined, "customer rebate agreement insert returned its row");
  await recordAudit(tx, actor, { action: "create", objectKind: "customer_rebate_agreement", objectId: row.id, entityId: row.entityId, after: row });
  return row;
}

/**
 * Qualifying net sales (base currency, before tax) of the agreement's customer in its period,
 * per invoice: credit memos count negative; lines of other categories are left out when the
 * agreement names one. Each line's net converts at its document's rate, like the invoice's own base.
 */
export async function qualifyingSalesByInvoice(tx: Tx, agreement: CustomerRebateAgreementRow, upToInvoiceId: number | null): Promise<Map<number, bigint>> {
  const rows = await tx.select({
    invoiceId: salesInvoice.id, kind: salesInvoice.kind, rate: salesInvoice.exchangeRatePpm, netMinor: salesInvoiceLine.netMinor,
  }).from(salesInvoice).innerJoin(salesInvoiceLine, eq(salesInvoiceLine.invoiceId, salesInvoice.id)).innerJoin(item, eq(item.id, salesInvoiceLine.itemId))
    .where(and(eq(salesInvoice.entityId, agreement.entityId), eq(salesInvoice.customerId, agreement.customerId), ne(salesInvoice.status, "void"),
      gte(salesInvoice.invoiceDate, agreement.periodStart), lte(salesInvoice.invoiceDate, agreement.periodEnd),
      agreement.itemCategoryId === null ? undefined : eq(item.categoryId, agreement.itemCategoryId),
      upToInvoiceId === null ? undefined : lte(salesInvoice.id, upToInvoiceId)))
    .orderBy(asc(salesInvoice.id)).limit(100_000);
  const byInvoice = new Map<number, bigint>();
  for (const row of rows) {
    const base = applyRatePpm(row.netMinor, row.rate, "halfEven");
    byInvoice.set(row.invoiceId, (byInvoice.get(row.invoiceId) ?? 0n) + (row.kind === "credit_memo" ? -base : base));
  }
  return byInvoice;
}

export async function lockCustomerAgreementOrThrow(tx: Tx, agreementId: number): Promise<CustomerRebateAgreementRow> {
  const [row] = await tx.select().from(customerRebateAgreement).where(eq(customerRebateAgreement.id, agreementId)).for("update").limit(1);
  if (!row) throw new DomainError(CustomerRebateError.AGREEMENT_NOT_FOUND, "not_found", `agreementId: customer rebate agreement ${agreementId} does not exist`);
  return row;
}

export async function listCustomerRebateAgreements(tx: Tx, actor: Actor, options: { entityId: number }): Promise<CustomerRebateAgreementRow[]> {
  requirePermission(actor, "sales:read");
  return tx.select().from(customerRebateAgreement).where(eq(customerRebateAgreement.entityId, options.entityId))
    .orderBy(asc(customerRebateAgreement.id)).limit(500);
}
