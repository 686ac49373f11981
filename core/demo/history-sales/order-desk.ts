// The order desk of the history: quotes, orders (phone ones keyed by the sales user; web, EDI and
// API ones by the system), quote conversions, substitutes accepted for backordered lines, and the
// credit and pricing decisions their holds route to the controller and the sales desk.
import type { Tx } from "../../db/client";
import { acceptSubstitute, convertQuoteToOrder, createQuote, enterSalesOrder, type EnteredSalesOrder, type LineProposals } from "../../sales";
import { assert } from "../../shared/assert";
import { parseQty } from "../../shared/quantity";
import type { Random } from "../random";
import { creditDecision, oldestOverdueDays } from "./approvals";
import type { Action, EntityRun } from "./context";
import type { PlannedLine, PlannedOrder, PlannedQuote } from "./types";

/** Business days an approver takes: most decide the same day, some a day or three later (so the last days' requests still wait). */
const DECISION_DELAYS = [[0, 50], [1, 35], [2, 10], [3, 5]] as const;
const SUBSTITUTE_ACCEPTED_SHARE = 0.7;
const PRICE_OVERRIDE_REJECTED_SHARE = 0.25;

function lineInputs(run: EntityRun, lines: readonly PlannedLine[], withPrices: boolean) {
  return lines.map((l) => ({
    itemId: run.itemId(l.sku), warehouseId: run.warehouseId(l.warehouseCode), uom: l.uom, qty: l.qty,
    unitPriceMinor: withPrices ? l.customerPriceMinor : null,
  }));
}

function decideOn(run: EntityRun, random: Random, date: string, action: Action): void {
  run.later(date, random.weighted(DECISION_DELAYS), action);
}

async function acceptSubstitutes(tx: Tx, run: EntityRun, random: Random, proposals: readonly LineProposals[]): Promise<void> {
  for (const proposal of proposals) {
    const missing = parseQty(proposal.backorderedBaseQty);
    const fits = (w: { canShipTodayBaseQty: string }) => parseQty(w.canShipTodayBaseQty) >= missing;
    const substitute = proposal.substitutes.find((s) => s.unitPriceMinor !== null && s.warehouses.some(fits));
    if (!substitute || !random.chance(SUBSTITUTE_ACCEPTED_SHARE)) continue;
    const from = substitute.warehouses.find((w) => w.warehouseId === proposal.warehouseId && fits(w)) ?? substitute.warehouses.find(fits);
    assert(from !== undefined, "a warehouse that can ship the substitute");
    await acceptSubstitute(tx, run.people.sales, { orderLineId: proposal.orderLineId, substituteItemId: substitute.itemId, warehouseId: from.warehouseId });
    run.stats.substitutes++;
  }
}

/** What follows an entered order: holds go to their approvers, missing lines may take a substitute. */
async function afterEntry(tx: Tx, run: EntityRun, entered: EnteredSalesOrder, key: string, date: string): Promise<void> {
  const random = run.random.fork(`entered:${key}`);
  const order = entered.order;
  run.stats.orders++;
  const party = run.partyById(order.customerId);
  if (order.status === "credit_hold" && entered.creditRequestId !== null) {
    run.stats.holds++;
    const call = creditDecision(party, entered.credit, await oldestOverdueDays(tx, party.id, date));
    decideOn(run, random, date, { kind: "decide", requestId: entered.creditRequestId, approvers: [run.people.controller, run.people.admin], ...call });
  }
  if (entered.pricingRequestId !== null && order.lines.some((l) => l.status === "pricing_hold")) {
    run.stats.overrides++;
    const reject = random.chance(PRICE_OVERRIDE_REJECTED_SHARE);
    decideOn(run, random, date, {
      // The desk never approves a price it keyed itself (segregation of duties): the controller does.
      kind: "decide", requestId: entered.pricingRequestId, approvers: [run.people.sales, run.people.controller].filter((a) => a.userId !== order.createdByUserId),
      decision: reject ? "reject" : "approve",
      comment: order.channel !== "edi" ? (reject ? "Below our margin floor for this account; quote the list price" : "Accepted to keep the account; cost rose after stock came in from our sister company")
        : reject ? "Price on the customer's EDI order was never agreed; bill at our price" : "Matches the price agreed with the buyer for this order",
    });
  }
  if (order.status === "released" && entered.proposals.length > 0) await acceptSubstitutes(tx, run, random, entered.proposals);
}

export async function enterPlannedOrder(tx: Tx, run: EntityRun, order: PlannedOrder): Promise<void> {
  const party = run.party(order.customerCode);
  const entered = await enterSalesOrder(tx, order.keyedBy === "sales" ? run.people.sales : run.people.system, {
    entityId: run.entityId, customerId: party.id, shipToId: run.shipToId(party.id, order.shipToCode), channel: order.channel,
    customerPoNumber: order.customerPoNumber, requestedDate: order.requestedDate, orderDate: order.date,
    lines: lineInputs(run, order.lines, true), idempotencyKey: `demo-history:${order.key}`,
  });
  await afterEntry(tx, run, entered, order.key, order.date);
}

export async function createPlannedQuote(tx: Tx, run: EntityRun, quote: PlannedQuote): Promise<void> {
  const party = run.party(quote.customerCode);
  const created = await createQuote(tx, run.people.sales, {
    entityId: run.entityId, customerId: party.id, shipToId: run.shipToId(party.id, quote.shipToCode), quoteDate: quote.date, validUntil: quote.validUntil,
    lines: lineInputs(run, quote.lines, false), idempotencyKey: `demo-history:${quote.key}`,
  });
  run.stats.quotes++;
  if (quote.outcome.kind !== "convert") return;
  const lineIds = [...created.quote.lines].sort((a, b) => a.lineNumber - b.lineNumber).map((l) => l.id);
  run.at(quote.outcome.date, { kind: "convert", quote, quoteId: created.quote.id, quoteLineIds: lineIds });
}

export async function convertPlannedQuote(tx: Tx, run: EntityRun, date: string, action: Extract<Action, { kind: "convert" }>): Promise<void> {
  const outcome = action.quote.outcome;
  assert(outcome.kind === "convert", "only converting quotes are scheduled");
  const wanted = outcome.lineNumbers?.map((n) => {
    const id = action.quoteLineIds[n - 1];
    assert(id !== undefined, `quote line ${n} exists`);
    return { quoteLineId: id };
  });
  const converted = await convertQuoteToOrder(tx, run.people.sales, {
    quoteId: action.quoteId, orderDate: date, channel: "phone", requestedDate: null, lines: wanted ?? null,
    idempotencyKey: `demo-history:${action.quote.key}:order`,
  });
  await afterEntry(tx, run, converted.order, `${action.quote.key}:order`, date);
}
