import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { toBaseQty } from "../../../masters";
import { assert } from "../../../shared/assert";
import { DomainError, parseInput } from "../../../shared/errors";
import { formatQty, parseQty, type QtyScaled } from "../../../shared/quantity";
import { SalesError } from "../../errors";
import type { AgreedPrice } from "../../orders/draft-lines";
import { Id, IdempotencyKey, IsoDate, QtyText } from "../../pricing/inputs";
import { ORDER_CHANNELS } from "../../orders/status";
import { placeSalesOrder, replayOf, type EnteredSalesOrder } from "../../orders/place-order";
import type { OrderLineRequest } from "../../orders/inputs";
import { fromBaseQty, loadSalesItem, loadUnitFactors } from "../../pricing/context";
import { convertUnitPrice } from "../../pricing/rules";
import { salesQuote, salesQuoteLine } from "../../schema";
import { loadQuoteDetail, QUOTE_LINES_MAX, type SalesQuoteDetail, type SalesQuoteLineRow, type SalesQuoteRow } from "../queries/get-quote";

export const ConvertQuoteToOrderInput = z.object({
  quoteId: Id,
  orderDate: IsoDate,
  channel: z.enum(ORDER_CHANNELS),
  customerPoNumber: z.string().trim().min(1).max(60).nullish(),
  requestedDate: IsoDate.nullish(),
  /** Some lines, optionally part of their quantity (in the quote line's unit); all that remains when omitted. */
  lines: z.array(z.object({ quoteLineId: Id, qty: QtyText.nullish() })).min(1).max(QUOTE_LINES_MAX).nullish(),
  idempotencyKey: IdempotencyKey.nullish(),
});
type ConvertRequest = z.output<typeof ConvertQuoteToOrderInput>;

export type ConvertedQuote = { order: EnteredSalesOrder; quote: SalesQuoteDetail };

type Take = { line: SalesQuoteLineRow; baseQty: QtyScaled };

async function lockOpenQuote(tx: Tx, quoteId: number, orderDate: string): Promise<SalesQuoteRow> {
  const [quote] = await tx.select().from(salesQuote).where(eq(salesQuote.id, quoteId)).for("update").limit(1);
  if (!quote) throw new DomainError(SalesError.QUOTE_NOT_FOUND, "not_found", `quoteId: sales quote ${quoteId} does not exist`, { quoteId });
  if (quote.status === "expired" || orderDate > quote.validUntil) {
    throw new DomainError(SalesError.QUOTE_EXPIRED, "conflict", `Quote ${quote.quoteNumber} expired on ${quote.validUntil}`, { quoteId, validUntil: quote.validUntil });
  }
  if (quote.status !== "open" && quote.status !== "partially_converted") {
    throw new DomainError(SalesError.QUOTE_NOT_OPEN, "conflict", `Quote ${quote.quoteNumber} is ${quote.status}`, { quoteId, status: quote.status });
  }
  return quote;
}

async function selectTakes(tx: Tx, lines: SalesQuoteLineRow[], request: ConvertRequest): Promise<Take[]> {
  const implicit = !request.lines;
  const wanted = request.lines ?? lines.map((l) => ({ quoteLineId: l.id, qty: null }));
  const takes: Take[] = [];
  for (const [index, want] of wanted.entries()) {
    const line = lines.find((l) => l.id === want.quoteLineId);
    if (!line) throw new DomainError(SalesError.QUOTE_LINE_NOT_FOUND, "not_found", `lines.${index}.quoteLineId: not a line of this quote`, { quoteLineId: want.quoteLineId });
    const remaining = parseQty(line.baseQty) - parseQty(line.baseQtyConverted);
    const baseQty = want.qty ? await toBaseQty(tx, line.itemId, line.uom, want.qty) : remaining;
    if (implicit && remaining === 0n) continue; // "All that remains" skips lines already converted.
    if (baseQty <= 0n || baseQty > remaining) {
      throw new DomainError(SalesError.QUOTE_QTY_EXCEEDED, "unprocessable", `lines.${index}.qty: ${formatQty(baseQty)} base units asked, ${formatQty(remaining)} remain on quote line ${line.lineNumber}`,
        { quoteLineId: line.id, remaining: formatQty(remaining) });
    }
    takes.push({ line, baseQty });
  }
  if (takes.length === 0) throw new DomainError(SalesError.QUOTE_NOT_OPEN, "conflict", "Every line of the quote is already converted", {});
  return takes;
}

/** The order line for a take: in the quote line's unit when exact, else in base units at the equivalent price. */
async function orderLineOf(tx: Tx, quote: SalesQuoteRow, take: Take, requestedDate: string | null): Promise<{ line: OrderLineRequest; agreed: AgreedPrice }> {
  const salesItem = await loadSalesItem(tx, take.line.itemId, { requireActive: false });
  const perUnit = (await loadUnitFactors(tx, salesItem.id, salesItem.baseUom)).get(take.line.uom);
  assert(perUnit !== undefined, "a quoted unit converts");
  const inUnit = fromBaseQty(take.baseQty, perUnit);
  const uom = inUnit !== null ? take.line.uom : salesItem.baseUom;
  const unitPriceMinor = inUnit !== null ? take.line.unitPriceMinor : convertUnitPrice(take.line.unitPriceMinor, perUnit, parseQty("1"));
  return {
    line: { itemId: take.line.itemId, warehouseId: take.line.warehouseId, uom, qty: formatQty(inUnit ?? take.baseQty), requestedDate },
    agreed: { unitPriceMinor, source: take.line.priceSource, sourceRef: `${quote.quoteNumber}#${take.line.lineNumber}` },
  };
}

async function recordConversion(tx: Tx, quote: SalesQuoteRow, takes: Take[]): Promise<void> {
  for (const take of takes) {
    const converted = parseQty(take.line.baseQtyConverted) + take.baseQty;
    await tx.update(salesQuoteLine).set({ baseQtyConverted: formatQty(converted) }).where(eq(salesQuoteLine.id, take.line.id));
  }
  const [left] = await tx.execute<{ open: number }>(sql`select count(*)::int as open from sales_quote_line where quote_id = ${quote.id} and base_qty_converted < base_qty`);
  const status = Number(left?.open ?? 0) === 0 ? "converted" : "partially_converted";
  await tx.update(salesQuote).set({ status, updatedAt: new Date() }).where(eq(salesQuote.id, quote.id));
}

/**
 * Turns a valid quote into a sales order in one step: all lines, or some, or part of a line.
 * Quoted prices are honoured (a quoted price below today's margin floor is held for approval).
 * Tracks base_qty_converted per line and the quote's status; an expired quote is refused.
 */
export async function convertQuoteToOrder(tx: Tx, actor: Actor, raw: z.input<typeof ConvertQuoteToOrderInput>): Promise<ConvertedQuote> {
  requirePermission(actor, "sales:write");
  const input = parseInput(ConvertQuoteToOrderInput, raw);
  const [head] = await tx.select({ entityId: salesQuote.entityId }).from(salesQuote).where(eq(salesQuote.id, input.quoteId)).limit(1);
  if (head && input.idempotencyKey) {
    const replay = await replayOf(tx, head.entityId, input.idempotencyKey);
    const quote = replay ? await loadQuoteDetail(tx, input.quoteId) : null;
    if (replay && quote) return { order: replay, quote };
  }
  const quote = await lockOpenQuote(tx, input.quoteId, input.orderDate);
  const lines = await tx.select().from(salesQuoteLine).where(eq(salesQuoteLine.quoteId, quote.id)).orderBy(salesQuoteLine.lineNumber).limit(QUOTE_LINES_MAX);
  const takes = await selectTakes(tx, lines, input);
  const built = [];
  for (const take of takes) built.push(await orderLineOf(tx, quote, take, input.requestedDate ?? null));
  const order = await placeSalesOrder(tx, actor, {
    entityId: quote.entityId, customerId: quote.customerId, shipToId: quote.shipToId, channel: input.channel, customerPoNumber: input.customerPoNumber,
    requestedDate: input.requestedDate, orderDate: input.orderDate, lines: built.map((b) => b.line), idempotencyKey: input.idempotencyKey,
  }, { quoteId: quote.id, agreed: built.map((b) => b.agreed) });
  await recordConversion(tx, quote, takes);
  const detail = await loadQuoteDetail(tx, quote.id);
  assert(detail !== null, "the quote exists");
  return { order, quote: detail };
}
