// Accrual of customer rebates as invoices post, once per agreement and invoice (the unique key
// and the entry's idempotency key make re-runs harmless): Dr Sales rebates, Cr Rebate accrual.
import { and, asc, eq, gte, lte, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { requirePermission, type Actor } from "../../governance/permissions";
import { postEvent } from "../../ledger/posting/post-event";
import { assert } from "../../shared/assert";
import { DomainError, parseInput } from "../../shared/errors";
import { salesInvoice } from "../schema";
import { incrementalRebateMinor, qualifyingSalesByInvoice, tiersOfAgreement, type CustomerRebateAgreementRow } from "./agreements";
import { customerRebateAccrual, customerRebateAgreement } from "./schema";

export type CustomerRebateAccrualRow = typeof customerRebateAccrual.$inferSelect;
export const REBATE_INVOICES_BATCH_MAX = 2_000;

type InvoiceRow = typeof salesInvoice.$inferSelect;

async function accrueOne(tx: Tx, actor: Actor, agreement: CustomerRebateAgreementRow, invoice: InvoiceRow): Promise<CustomerRebateAccrualRow> {
  const [existing] = await tx.select().from(customerRebateAccrual).where(and(eq(customerRebateAccrual.agreementId, agreement.id),
    eq(customerRebateAccrual.sourceType, "sales_invoice"), eq(customerRebateAccrual.sourceId, invoice.id))).limit(1);
  if (existing) return existing;
  const sales = await qualifyingSalesByInvoice(tx, agreement, invoice.id);
  const amount = sales.get(invoice.id) ?? 0n;
  const before = [...sales.entries()].filter(([id]) => id !== invoice.id).reduce((sum, [, value]) => sum + value, 0n);
  const rebateMinor = incrementalRebateMinor(tiersOfAgreement(agreement), before, amount);
  const entry = rebateMinor === 0n ? null : await postEvent(tx, actor, {
    entityId: agreement.entityId, postingDate: invoice.invoiceDate, description: `Customer rebate ${agreement.name} on ${invoice.invoiceNumber}`,
    sourceType: "sales_invoice", sourceId: invoice.id, idempotencyKey: `customer_rebate:${agreement.id}:${invoice.id}`,
  }, { type: "sales.rebate_accrued", customerId: agreement.customerId, amountMinor: rebateMinor, itemCategoryId: agreement.itemCategoryId });
  const [row] = await tx.insert(customerRebateAccrual).values({
    agreementId: agreement.id, sourceType: "sales_invoice", sourceId: invoice.id, salesBaseMinor: amount, amountMinor: rebateMinor, journalEntryId: entry?.id ?? null,
  }).returning();
  assert(row !== undefined, "customer rebate accrual insert returned its row");
  return row;
}

/** Accrues every open agreement of the invoice's customer whose period holds the invoice date. No permission: callers checked theirs. */
export async function accrueRebatesForInvoice(tx: Tx, actor: Actor, invoiceId: number): Promise<CustomerRebateAccrualRow[]> {
  const [invoice] = await tx.select().from(salesInvoice).where(eq(salesInvoice.id, invoiceId)).limit(1);
  if (!invoice) throw new DomainError("SALES_INVOICE_NOT_FOUND", "not_found", `invoiceId: invoice ${invoiceId} does not exist`);
  if (invoice.status === "void") return [];
  const agreements = await tx.select().from(customerRebateAgreement).where(and(eq(customerRebateAgreement.entityId, invoice.entityId),
    eq(customerRebateAgreement.customerId, invoice.customerId), eq(customerRebateAgreement.status, "open"),
    lte(customerRebateAgreement.periodStart, invoice.invoiceDate), gte(customerRebateAgreement.periodEnd, invoice.invoiceDate)))
    .orderBy(asc(customerRebateAgreement.id)).for("update").limit(20);
  const rows: CustomerRebateAccrualRow[] = [];
  for (const agreement of agreements) rows.push(await accrueOne(tx, actor, agreement, invoice));
  return rows;
}

export const AccrueCustomerRebatesInput = z.object({
  entityId: z.number().int().positive(),
  fromDate: z.iso.date(),
  toDate: z.iso.date(),
});

/**
 * Accrues rebates on every invoice and credit memo of the range that an open agreement covers and
 * that has no accrual yet, oldest first (so tiers climb in invoice order). Safe to run again.
 */
export async function accrueCustomerRebates(tx: Tx, actor: Actor, raw: z.input<typeof AccrueCustomerRebatesInput>): Promise<CustomerRebateAccrualRow[]> {
  requirePermission(actor, "sales.receivables:write");
  const input = parseInput(AccrueCustomerRebatesInput, raw);
  const pending = await tx.execute<{ id: string }>(sql`
    select distinct i.id::text as id from sales_invoice i join customer_rebate_agreement a on a.entity_id = i.entity_id and a.customer_id = i.customer_id
       and a.status = 'open' and i.invoice_date between a.period_start and a.period_end
     where i.entity_id = ${input.entityId} and i.status <> 'void' and i.invoice_date between ${input.fromDate} and ${input.toDate}
       and exists (select 1 from sales_invoice_line l where l.invoice_id = i.id)
       and not exists (select 1 from customer_rebate_accrual x where x.agreement_id = a.id and x.source_type = 'sales_invoice' and x.source_id = i.id)
     order by 1 limit ${REBATE_INVOICES_BATCH_MAX}`);
  const ids = pending.map((r) => Number(r.id)).sort((a, b) => a - b);
  const rows: CustomerRebateAccrualRow[] = [];
  for (const id of ids) rows.push(...await accrueRebatesForInvoice(tx, actor, id));
  return rows;
}
