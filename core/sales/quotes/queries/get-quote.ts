import { asc, eq } from "drizzle-orm";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { customer, item, warehouse } from "../../../masters/schema";
import { DomainError } from "../../../shared/errors";
import { formatQty, parseQty } from "../../../shared/quantity";
import { SalesError } from "../../errors";
import { lineValueMinor } from "../../orders/status";
import { salesQuote, salesQuoteLine } from "../../schema";

export const QUOTE_LINES_MAX = 500;

export type SalesQuoteRow = typeof salesQuote.$inferSelect;
export type SalesQuoteLineRow = typeof salesQuoteLine.$inferSelect;

export type SalesQuoteLineDetail = SalesQuoteLineRow & { sku: string; description: string; warehouseCode: string; remainingBaseQty: string; lineValueMinor: bigint };
export type SalesQuoteDetail = SalesQuoteRow & { customerCode: string; customerName: string; lines: SalesQuoteLineDetail[]; totalMinor: bigint };

export async function loadQuoteDetail(tx: Tx, quoteId: number): Promise<SalesQuoteDetail | null> {
  const [head] = await tx.select({ quote: salesQuote, code: customer.code, name: customer.name }).from(salesQuote)
    .innerJoin(customer, eq(customer.id, salesQuote.customerId)).where(eq(salesQuote.id, quoteId)).limit(1);
  if (!head) return null;
  const rows = await tx.select({ line: salesQuoteLine, sku: item.sku, description: item.description, warehouseCode: warehouse.code }).from(salesQuoteLine)
    .innerJoin(item, eq(item.id, salesQuoteLine.itemId)).innerJoin(warehouse, eq(warehouse.id, salesQuoteLine.warehouseId))
    .where(eq(salesQuoteLine.quoteId, quoteId)).orderBy(asc(salesQuoteLine.lineNumber)).limit(QUOTE_LINES_MAX);
  const lines = rows.map((r) => ({
    ...r.line, sku: r.sku, description: r.description, warehouseCode: r.warehouseCode,
    remainingBaseQty: formatQty(parseQty(r.line.baseQty) - parseQty(r.line.baseQtyConverted)),
    lineValueMinor: lineValueMinor(r.line.unitPriceMinor, parseQty(r.line.qty)),
  }));
  return { ...head.quote, customerCode: head.code, customerName: head.name, lines, totalMinor: lines.reduce((sum, l) => sum + l.lineValueMinor, 0n) };
}

export async function getQuoteOrThrow(tx: Tx, actor: Actor, quoteId: number): Promise<SalesQuoteDetail> {
  requirePermission(actor, "sales:read");
  const detail = await loadQuoteDetail(tx, quoteId);
  if (!detail) throw new DomainError(SalesError.QUOTE_NOT_FOUND, "not_found", `Sales quote ${quoteId} does not exist`, { quoteId });
  return detail;
}
