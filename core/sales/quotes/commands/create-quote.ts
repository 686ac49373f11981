import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { assert } from "../../../shared/assert";
import { DomainError, parseInput } from "../../../shared/errors";
import { formatQty } from "../../../shared/quantity";
import { SalesError } from "../../errors";
import { lockKey, nextDocumentNumber } from "../../orders/documents";
import { draftLine, type LineDraft } from "../../orders/draft-lines";
import { checkShipTo } from "../../orders/place-order";
import { loadSalesCustomer } from "../../pricing/context";
import { Id, IdempotencyKey, IsoDate, MinorAmount, QtyText, Uom } from "../../pricing/inputs";
import { salesQuote, salesQuoteLine } from "../../schema";
import { loadQuoteDetail, QUOTE_LINES_MAX, type SalesQuoteDetail } from "../queries/get-quote";

export const CreateQuoteInput = z.object({
  entityId: Id,
  customerId: Id,
  shipToId: Id.nullish(),
  quoteDate: IsoDate,
  validUntil: IsoDate,
  note: z.string().trim().max(2000).nullish(),
  lines: z.array(z.object({ itemId: Id, warehouseId: Id.nullish(), uom: Uom, qty: QtyText, unitPriceMinor: MinorAmount.nullish() })).min(1).max(QUOTE_LINES_MAX),
  idempotencyKey: IdempotencyKey.nullish(),
});

/** A quoted line below the margin floor is allowed (it is only an offer); it is held when it becomes an order. */
export type QuoteLineMargin = { lineNumber: number; marginBps: number; marginFloorBps: number; belowMarginFloor: boolean };
export type CreatedQuote = { quote: SalesQuoteDetail; margins: QuoteLineMargin[]; replayed: boolean };

async function replayOf(tx: Tx, entityId: number, key: string): Promise<SalesQuoteDetail | null> {
  await lockKey(tx, `sales_quote|${entityId}|${key}`);
  const [row] = await tx.select({ id: salesQuote.id }).from(salesQuote).where(and(eq(salesQuote.entityId, entityId), eq(salesQuote.idempotencyKey, key))).limit(1);
  return row ? loadQuoteDetail(tx, row.id) : null;
}

async function insertQuote(tx: Tx, actor: Actor, input: z.output<typeof CreateQuoteInput>, entityCode: string, currency: string, drafts: LineDraft[]): Promise<number> {
  const { id, number } = await nextDocumentNumber(tx, "sales_quote", "QT", entityCode);
  await tx.insert(salesQuote).values({ id, entityId: input.entityId, quoteNumber: number, customerId: input.customerId, shipToId: input.shipToId ?? null,
    currency, quoteDate: input.quoteDate, validUntil: input.validUntil, note: input.note ?? null, idempotencyKey: input.idempotencyKey ?? null, createdByUserId: actor.userId });
  const rows = await tx.insert(salesQuoteLine).values(drafts.map((d, index) => ({
    quoteId: id, lineNumber: index + 1, itemId: d.itemId, warehouseId: d.warehouseId, uom: d.uom, qty: formatQty(d.qty), baseQty: formatQty(d.baseQty),
    unitPriceMinor: d.unitPriceMinor, priceSource: d.priceSource,
  }))).returning({ id: salesQuoteLine.id });
  assert(rows.length === drafts.length, "every quote line was written");
  return id;
}

/** Creates a quote valid from quoteDate to validUntil, each line priced as an order line would be. */
export async function createQuote(tx: Tx, actor: Actor, raw: z.input<typeof CreateQuoteInput>): Promise<CreatedQuote> {
  requirePermission(actor, "sales:write");
  const input = parseInput(CreateQuoteInput, raw);
  if (input.validUntil < input.quoteDate) {
    throw new DomainError(SalesError.QUOTE_DATES_INVALID, "invalid", "validUntil: must not be before quoteDate", { quoteDate: input.quoteDate, validUntil: input.validUntil });
  }
  if (input.idempotencyKey) {
    const replay = await replayOf(tx, input.entityId, input.idempotencyKey);
    if (replay) return { quote: replay, margins: [], replayed: true };
  }
  const customer = await loadSalesCustomer(tx, input.entityId, input.customerId);
  await checkShipTo(tx, customer, input.shipToId);
  const drafts: LineDraft[] = [];
  for (const [index, line] of input.lines.entries()) drafts.push(await draftLine(tx, customer, input.quoteDate, line, index));
  const quoteId = await insertQuote(tx, actor, input, customer.entityCode, customer.currency, drafts);
  const quote = await loadQuoteDetail(tx, quoteId);
  assert(quote !== null, "the quote was just written");
  const margins = drafts.map((d, index) => ({ lineNumber: index + 1, marginBps: d.marginBps, marginFloorBps: d.marginFloorBps, belowMarginFloor: d.marginBps < d.marginFloorBps }));
  return { quote, margins, replayed: false };
}
