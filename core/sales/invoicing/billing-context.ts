// What invoicing and credit memos read about the customer: group, tax code, payment term,
// the tax rates of the lines and the items' categories.
import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { customer, item, paymentTerm, taxCode } from "../../masters/schema";
import { assert } from "../../shared/assert";
import { DomainError } from "../../shared/errors";
import { InvoicingError } from "./errors";

export type CustomerRow = typeof customer.$inferSelect;
export type ItemInfo = { id: number; sku: string; description: string; categoryId: number; baseUom: string };
export type BillingContext = {
  customer: CustomerRow;
  dueDays: number;
  items: Map<number, ItemInfo>;
  /** Tax rate per tax code id, parts per million. */
  taxRates: Map<number, bigint>;
};

export async function customerOrThrow(tx: Tx, entityId: number, customerId: number): Promise<CustomerRow> {
  const [row] = await tx.select().from(customer).where(and(eq(customer.id, customerId), eq(customer.entityId, entityId))).limit(1);
  if (!row) throw new DomainError(InvoicingError.CUSTOMER_NOT_FOUND, "not_found", `customerId: customer ${customerId} does not exist in this entity`, { customerId, entityId });
  return row;
}

export async function loadBillingContext(tx: Tx, entityId: number, customerId: number, itemIds: number[], taxCodeIds: number[]): Promise<BillingContext> {
  const found = await customerOrThrow(tx, entityId, customerId);
  const [term] = await tx.select({ dueDays: paymentTerm.dueDays }).from(paymentTerm).where(eq(paymentTerm.code, found.paymentTermCode)).limit(1);
  assert(term !== undefined, `payment term ${found.paymentTermCode} exists (foreign key)`);
  const codes = [...new Set([...taxCodeIds, ...(found.taxCodeId ? [found.taxCodeId] : [])])];
  const rates = codes.length > 0 ? await tx.select({ id: taxCode.id, ratePpm: taxCode.ratePpm }).from(taxCode).where(inArray(taxCode.id, codes)) : [];
  const items = await tx.select({ id: item.id, sku: item.sku, description: item.description, categoryId: item.categoryId, baseUom: item.baseUom })
    .from(item).where(inArray(item.id, [...new Set(itemIds)]));
  return { customer: found, dueDays: term.dueDays, items: new Map(items.map((i) => [i.id, i])), taxRates: new Map(rates.map((r) => [r.id, r.ratePpm])) };
}

/** The line's own tax code first, then the customer's; none means no tax. */
export function taxRateFor(context: BillingContext, lineTaxCodeId: number | null): { taxCodeId: number | null; ratePpm: bigint } {
  const taxCodeId = lineTaxCodeId ?? context.customer.taxCodeId ?? null;
  if (taxCodeId === null) return { taxCodeId, ratePpm: 0n };
  const ratePpm = context.taxRates.get(taxCodeId);
  assert(ratePpm !== undefined, `tax code ${taxCodeId} was loaded`);
  return { taxCodeId, ratePpm };
}

export function itemOf(context: BillingContext, itemId: number): ItemInfo {
  const found = context.items.get(itemId);
  assert(found !== undefined, `item ${itemId} was loaded`);
  return found;
}
