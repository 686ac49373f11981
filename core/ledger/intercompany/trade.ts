import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { recordAudit } from "../../governance/audit";
import { submitApproval, type ApprovalHandler, type ApprovalRequestRow } from "../../governance/approvals";
import { requirePermission, SYSTEM_ACTOR, type Actor } from "../../governance/permissions";
import { applyStockDocument, type ValuedLine } from "../../inventory";
import { exchangeRateOn } from "../../masters";
import { legalEntity, warehouse } from "../../masters/schema";
import { assert } from "../../shared/assert";
import { DomainError, parseInput } from "../../shared/errors";
import { applyRatePpm, divideRounded } from "../../shared/money";
import { parseQty, QTY_PATTERN, QTY_SCALE } from "../../shared/quantity";
import { IntercompanyError } from "./errors";
import { intercompanyPartner, intercompanyTrade, intercompanyTradeLine } from "./schema";

export const TRADE_LINES_MAX = 200;
export type IntercompanyTrade = typeof intercompanyTrade.$inferSelect;
export type IntercompanyTradeLine = typeof intercompanyTradeLine.$inferSelect;

export const RequestIntercompanySaleInput = z.object({
  sellerEntityId: z.number().int().positive(),
  buyerEntityId: z.number().int().positive(),
  tradeDate: z.iso.date(),
  fromWarehouseId: z.number().int().positive(),
  toWarehouseId: z.number().int().positive(),
  lines: z.array(z.object({
    itemId: z.number().int().positive(),
    qty: z.string().regex(QTY_PATTERN, "a positive decimal quantity with up to 4 decimals"),
    /** The agreed transfer price per base unit, in the seller's base currency. */
    unitPriceMinor: z.union([z.bigint(), z.number().int()]).transform(BigInt).refine((v) => v >= 0n, "not negative"),
  })).min(1).max(TRADE_LINES_MAX),
  idempotencyKey: z.string().trim().min(1).max(200).nullish(),
}).refine((v) => v.sellerEntityId !== v.buyerEntityId, { message: "seller and buyer must be different entities", path: ["buyerEntityId"] });

async function checkParties(tx: Tx, input: z.output<typeof RequestIntercompanySaleInput>) {
  const entities = await tx.select().from(legalEntity).where(inArray(legalEntity.id, [input.sellerEntityId, input.buyerEntityId])).limit(2);
  const seller = entities.find((e) => e.id === input.sellerEntityId);
  const buyer = entities.find((e) => e.id === input.buyerEntityId);
  if (!seller || !buyer) throw new DomainError(IntercompanyError.ENTITY_NOT_FOUND, "not_found", "sellerEntityId: both entities must exist");
  const [partner] = await tx.select().from(intercompanyPartner).where(and(eq(intercompanyPartner.entityId, seller.id),
    eq(intercompanyPartner.partnerEntityId, buyer.id), eq(intercompanyPartner.active, true))).limit(1);
  if (!partner) {
    throw new DomainError(IntercompanyError.NOT_PARTNERS, "unprocessable", `buyerEntityId: ${buyer.code} is not configured as an intercompany partner of ${seller.code}`);
  }
  const warehouses = await tx.select().from(warehouse).where(inArray(warehouse.id, [input.fromWarehouseId, input.toWarehouseId])).limit(2);
  const from = warehouses.find((w) => w.id === input.fromWarehouseId);
  const to = warehouses.find((w) => w.id === input.toWarehouseId);
  if (!from || from.entityId !== seller.id) throw new DomainError(IntercompanyError.WAREHOUSE_OUTSIDE_ENTITY, "unprocessable", `fromWarehouseId: not a warehouse of ${seller.code}`);
  if (!to || to.entityId !== buyer.id) throw new DomainError(IntercompanyError.WAREHOUSE_OUTSIDE_ENTITY, "unprocessable", `toWarehouseId: not a warehouse of ${buyer.code}`);
  return { seller, buyer };
}

/** qty x unit price, rounded half-even to the minor unit (qty carries four decimals). */
export function lineTransferValue(qty: string, unitPriceMinor: bigint): bigint {
  return divideRounded(parseQty(qty) * unitPriceMinor, QTY_SCALE, "halfEven");
}

/**
 * Records an intercompany sale of stock between two partner entities and routes it through
 * the approval engine (kind intercompany_transfer). Once approved, the seller ships at cost
 * and invoices at the transfer price and the buyer receives and owes it, in one transaction.
 */
export async function requestIntercompanySale(tx: Tx, actor: Actor, raw: z.input<typeof RequestIntercompanySaleInput>): Promise<IntercompanyTrade> {
  requirePermission(actor, "inventory:write");
  const input = parseInput(RequestIntercompanySaleInput, raw);
  if (input.idempotencyKey) {
    const [previous] = await tx.select().from(intercompanyTrade)
      .where(and(eq(intercompanyTrade.sellerEntityId, input.sellerEntityId), eq(intercompanyTrade.idempotencyKey, input.idempotencyKey))).limit(1);
    if (previous) return previous;
  }
  const { seller } = await checkParties(tx, input);
  const values = input.lines.map((l) => lineTransferValue(l.qty, l.unitPriceMinor));
  const totalMinor = values.reduce((a, b) => a + b, 0n);
  if (totalMinor <= 0n) throw new DomainError("VALIDATION_FAILED", "invalid", "lines: the transfer value must be more than zero");
  const [idRow] = await tx.execute<{ id: string }>(sql`select nextval(pg_get_serial_sequence('intercompany_trade', 'id')) as id`);
  const id = Number(idRow?.id);
  assert(id > 0, "trade id from sequence");
  const tradeNumber = `ICT-${seller.code}-${String(id).padStart(8, "0")}`;
  await tx.insert(intercompanyTrade).values({
    id, tradeNumber, sellerEntityId: input.sellerEntityId, buyerEntityId: input.buyerEntityId, tradeDate: input.tradeDate, status: "pending_approval",
    currency: seller.baseCurrency, totalMinor, fromWarehouseId: input.fromWarehouseId, toWarehouseId: input.toWarehouseId,
    idempotencyKey: input.idempotencyKey ?? null, createdByUserId: actor.userId,
  });
  await tx.insert(intercompanyTradeLine).values(input.lines.map((l, index) => ({
    tradeId: id, lineNumber: index + 1, itemId: l.itemId, qty: l.qty, transferValueMinor: values[index]!,
  })));
  await recordAudit(tx, actor, { action: "create", objectKind: "intercompany_trade", objectId: id, entityId: input.sellerEntityId,
    after: { tradeNumber, buyerEntityId: input.buyerEntityId, totalMinor: totalMinor.toString() } });
  const submitted = await submitApproval(tx, actor, {
    kind: "intercompany_transfer", entityId: input.sellerEntityId, subjectType: "intercompany_trade", subjectId: id,
    title: `Intercompany sale ${tradeNumber}`, facts: { entityId: input.sellerEntityId, amountMinor: totalMinor }, payload: { tradeId: id },
  });
  await tx.update(intercompanyTrade).set({ approvalRequestId: submitted.request.id }).where(eq(intercompanyTrade.id, id));
  return getTradeOrThrow(tx, id);
}

export async function getTradeOrThrow(tx: Tx, tradeId: number): Promise<IntercompanyTrade> {
  const [row] = await tx.select().from(intercompanyTrade).where(eq(intercompanyTrade.id, tradeId)).limit(1);
  if (!row) throw new DomainError(IntercompanyError.TRADE_NOT_FOUND, "not_found", `Intercompany trade ${tradeId} does not exist`);
  return row;
}

function stockLines(valued: ValuedLine[]) {
  return valued.map((v) => ({ itemId: v.itemId, itemCategoryId: v.itemCategoryId, warehouseId: v.warehouseId, valueMinor: v.valueMinor }));
}

/** Ships, invoices, receives and books the payable: both ledgers, one transaction. */
async function postTrade(tx: Tx, trade: IntercompanyTrade): Promise<void> {
  const lines = await tx.select().from(intercompanyTradeLine).where(eq(intercompanyTradeLine.tradeId, trade.id)).orderBy(asc(intercompanyTradeLine.lineNumber)).limit(TRADE_LINES_MAX);
  const upstream = { upstreamType: "intercompany_trade", upstreamId: trade.id, reference: trade.tradeNumber, documentDate: trade.tradeDate };
  let costs: bigint[] = [];
  const shipped = await applyStockDocument(tx, SYSTEM_ACTOR, {
    ...upstream, entityId: trade.sellerEntityId, kind: "issue", warehouseId: trade.fromWarehouseId, description: `Intercompany sale ${trade.tradeNumber}`,
    operations: lines.map((l) => ({ op: "out" as const, itemId: l.itemId, warehouseId: trade.fromWarehouseId, qty: parseQty(l.qty) })),
    event: (valued) => { costs = valued.map((v) => v.valueMinor); return { type: "intercompany.shipped", lines: stockLines(valued), transferValueMinor: trade.totalMinor }; },
  });
  const [buyer] = await tx.select().from(legalEntity).where(eq(legalEntity.id, trade.buyerEntityId)).limit(1);
  assert(buyer !== undefined, "buyer entity exists");
  const ratePpm = await exchangeRateOn(tx, trade.currency, buyer.baseCurrency, trade.tradeDate);
  // Each line converts on its own and the payable is their sum, so the buyer's entry balances exactly.
  const buyerValues = lines.map((l) => applyRatePpm(l.transferValueMinor, ratePpm, "halfEven"));
  const received = await applyStockDocument(tx, SYSTEM_ACTOR, {
    ...upstream, entityId: trade.buyerEntityId, kind: "receipt", warehouseId: trade.toWarehouseId, description: `Intercompany purchase ${trade.tradeNumber}`,
    operations: lines.map((l, i) => ({ op: "in" as const, itemId: l.itemId, warehouseId: trade.toWarehouseId, qty: parseQty(l.qty), unitCostMinor: null, valueMinor: buyerValues[i]! })),
    event: (valued) => ({ type: "intercompany.received", lines: stockLines(valued) }),
  });
  assert(costs.length === lines.length, "every trade line was valued at cost");
  for (const [i, l] of lines.entries()) {
    await tx.update(intercompanyTradeLine).set({ costMinor: costs[i]!, buyerValueMinor: buyerValues[i]! }).where(eq(intercompanyTradeLine.id, l.id));
  }
  const updated = await tx.update(intercompanyTrade).set({
    status: "posted", ratePpm, buyerTotalMinor: buyerValues.reduce((a, b) => a + b, 0n), costMinor: costs.reduce((a, b) => a + b, 0n),
    sellerEntryId: shipped.journalEntryId, buyerEntryId: received.journalEntryId, updatedAt: new Date(),
  }).where(and(eq(intercompanyTrade.id, trade.id), eq(intercompanyTrade.status, "pending_approval"))).returning({ id: intercompanyTrade.id });
  assert(updated.length === 1, "the pending trade was posted once");
}

async function pendingTradeOf(tx: Tx, request: ApprovalRequestRow): Promise<IntercompanyTrade | null> {
  const tradeId = Number(request.subjectId);
  const [trade] = await tx.select().from(intercompanyTrade).where(eq(intercompanyTrade.id, tradeId)).limit(1).for("update");
  return trade && trade.status === "pending_approval" ? trade : null;
}

/** The approval authorizes the stock moves and postings; the approver may hold no inventory permission. */
export const intercompanyTradeHandler: ApprovalHandler = {
  async onApproved(tx: Tx, actor: Actor, request: ApprovalRequestRow) {
    const trade = await pendingTradeOf(tx, request);
    if (!trade) return;
    await postTrade(tx, trade);
    await recordAudit(tx, actor, { action: "post", objectKind: "intercompany_trade", objectId: trade.id, entityId: trade.sellerEntityId, requestId: String(request.id) });
  },
  async onRejected(tx: Tx, actor: Actor, request: ApprovalRequestRow) {
    const trade = await pendingTradeOf(tx, request);
    if (!trade) return;
    await tx.update(intercompanyTrade).set({ status: "rejected", updatedAt: new Date() }).where(eq(intercompanyTrade.id, trade.id));
    await recordAudit(tx, actor, { action: "state_change", objectKind: "intercompany_trade", objectId: trade.id, entityId: trade.sellerEntityId,
      requestId: String(request.id), after: { status: "rejected" } });
  },
};
