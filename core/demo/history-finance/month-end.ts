// At each month boundary of the history (both entities have run the month): the intercompany
// sales of the month's last business day, approved by the controller, and the settlement of the
// customer rebate agreements whose quarter ended, on the next month's first business day.
import { and, asc, eq, lt, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import { inTransaction } from "../../db/transaction";
import { requestIntercompanySale, type IntercompanyTrade } from "../../ledger/intercompany";
import { settleCustomerRebateAgreement } from "../../sales/rebates";
import { customerRebateAgreement } from "../../sales/rebates/schema";
import { exchangeRateOn } from "../../masters";
import { entityInfoOrThrow } from "../../sales/fulfilment/document-number";
import { assert } from "../../shared/assert";
import { applyRatePpm } from "../../shared/money";
import { formatQty, parseQty, QTY_SCALE } from "../../shared/quantity";
import { decideThrough } from "../history-sales/approvals";
import { demoPeople, type People } from "../history-sales/context";
import { DemoIds } from "../ids";

/** Lines per intercompany sale, and the share of the seller's free stock each line takes. */
export const TRADE_LINES = 5;
const TRADE_SHARE_PERCENT = 10n;
/** Free stock (base units) an item needs in the seller's warehouse before part of it is sold on. */
const TRADE_MIN_FREE_QTY = 50n;
const TRADE_CANDIDATES = 60;
/** Transfer price: the seller's average cost plus this markup (cost-plus transfer pricing). */
export const TRANSFER_MARKUP_PERCENT = 3n;

/** Who sells to whom, from which warehouse to which, and in which months (1-12). */
export type TradeRoute = { sellerCode: string; buyerCode: string; fromWarehouse: string; toWarehouse: string; months: readonly number[] };

/**
 * The US entity buys for the group and sells stock on to Canada every month. (Canadian stock
 * carries freight and duty, so selling it back would never land below the US cost.)
 */
export const TRADE_ROUTES: readonly TradeRoute[] = [
  { sellerCode: "US01", buyerCode: "CA01", fromWarehouse: "CHI", toWarehouse: "TOR", months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] },
];

type Candidate = { item_id: string; free_qty: string; on_hand: string; value_minor: string; buyer_on_hand: string; buyer_value_minor: string };

/** Cost per base unit (minor units, rounded up) of a balance. */
function unitCostOf(valueMinor: string, onHand: string): bigint {
  const qty = parseQty(onHand);
  assert(qty > 0n, "a stocked item has quantity on hand");
  return (BigInt(valueMinor) * QTY_SCALE + qty - 1n) / qty;
}

/**
 * The items both warehouses stock with the most free stock at the seller, each traded at a tenth
 * of that free stock (whole units) and priced at average cost plus the markup, rounded up. Only
 * items the buyer gets no dearer than its own average cost are traded: the point of the trade is
 * cheaper stock for the buyer, and its margins (and pricing approvals) must not suffer from it.
 */
async function tradeLines(tx: Tx, entities: { sellerEntityId: number; buyerEntityId: number }, fromWarehouseId: number, toWarehouseId: number, tradeDate: string) {
  const { sellerEntityId, buyerEntityId } = entities;
  const rows = await tx.execute<Candidate>(sql`
    select s.item_id::text, (s.qty_on_hand - s.qty_allocated)::text as free_qty, s.qty_on_hand::text as on_hand, s.value_minor::text,
           b.qty_on_hand::text as buyer_on_hand, b.value_minor::text as buyer_value_minor
      from stock_balance s join stock_balance b on b.item_id = s.item_id and b.warehouse_id = ${toWarehouseId} and b.qty_on_hand > 0
     where s.warehouse_id = ${fromWarehouseId} and s.qty_on_hand - s.qty_allocated >= ${TRADE_MIN_FREE_QTY.toString()}
     order by s.qty_on_hand - s.qty_allocated desc, s.item_id limit ${TRADE_CANDIDATES}`);
  const seller = await entityInfoOrThrow(tx, sellerEntityId);
  const buyer = await entityInfoOrThrow(tx, buyerEntityId);
  const ratePpm = await exchangeRateOn(tx, seller.baseCurrency, buyer.baseCurrency, tradeDate);
  const lines = rows.map((row) => {
    const qty = ((parseQty(row.free_qty) / QTY_SCALE) * TRADE_SHARE_PERCENT) / 100n;
    const unitPriceMinor = (unitCostOf(row.value_minor, row.on_hand) * (100n + TRANSFER_MARKUP_PERCENT) + 99n) / 100n;
    const cheaper = applyRatePpm(unitPriceMinor, ratePpm, "halfEven") <= unitCostOf(row.buyer_value_minor, row.buyer_on_hand);
    return { itemId: Number(row.item_id), qty: formatQty(qty * QTY_SCALE), unitPriceMinor, cheaper };
  });
  return lines.filter((l) => l.cheaper && parseQty(l.qty) > 0n).slice(0, TRADE_LINES).map(({ cheaper: _, ...line }) => line);
}

/** One intercompany sale keyed in by the warehouse and approved by the controller; null when nothing qualifies. */
export async function runIntercompanySale(tx: Tx, people: People, ids: DemoIds, route: TradeRoute, tradeDate: string): Promise<IntercompanyTrade | null> {
  const fromWarehouseId = DemoIds.of(ids.warehouses, route.fromWarehouse, "warehouse");
  const toWarehouseId = DemoIds.of(ids.warehouses, route.toWarehouse, "warehouse");
  const entities = { sellerEntityId: DemoIds.of(ids.entities, route.sellerCode, "entity"), buyerEntityId: DemoIds.of(ids.entities, route.buyerCode, "entity") };
  const lines = await tradeLines(tx, entities, fromWarehouseId, toWarehouseId, tradeDate);
  if (lines.length === 0) return null;
  const trade = await requestIntercompanySale(tx, people.warehouse, {
    ...entities, tradeDate, fromWarehouseId, toWarehouseId, lines, idempotencyKey: `demo-intercompany:${route.sellerCode}:${tradeDate}`,
  });
  assert(trade.approvalRequestId !== null, "an intercompany sale goes through the approval engine");
  await decideThrough(tx, trade.approvalRequestId, [people.controller, people.admin], "approve", "Monthly stock rebalancing at the agreed transfer price");
  return trade;
}

/** Settles, as the controller, every open agreement whose period ended before `settlementDate`. */
export async function settleEndedRebates(tx: Tx, people: People, settlementDate: string): Promise<number> {
  const ended = await tx.select({ id: customerRebateAgreement.id }).from(customerRebateAgreement)
    .where(and(eq(customerRebateAgreement.status, "open"), lt(customerRebateAgreement.periodEnd, settlementDate)))
    .orderBy(asc(customerRebateAgreement.id)).limit(500);
  for (const agreement of ended) await settleCustomerRebateAgreement(tx, people.controller, { agreementId: agreement.id, settlementDate });
  return ended.length;
}

/** What the sales history calls after both entities ran a month: the month, its last business day, the next one (null at the end). */
export type MonthBoundary = { month: string; lastDay: string; nextDay: string | null };

/**
 * The month-end work of the finance history, in one transaction: each route's intercompany sale
 * on the month's last business day, then the rebate settlements due on the next business day.
 */
export function financeMonthEnd(db: Db, ids: DemoIds): (boundary: MonthBoundary) => Promise<string> {
  return (boundary) => inTransaction(db, async (tx) => {
    const people = await demoPeople(tx);
    const monthNumber = Number(boundary.month.slice(5, 7));
    const trades: string[] = [];
    for (const route of TRADE_ROUTES.filter((r) => r.months.includes(monthNumber))) {
      const trade = await runIntercompanySale(tx, people, ids, route, boundary.lastDay);
      if (trade) trades.push(`${trade.tradeNumber} ${route.sellerCode}->${route.buyerCode} ${trade.totalMinor}`);
    }
    const settled = boundary.nextDay === null ? 0 : await settleEndedRebates(tx, people, boundary.nextDay);
    return `${trades.length > 0 ? trades.join(", ") : "no intercompany sale"}; ${settled} rebate agreements settled`;
  });
}
