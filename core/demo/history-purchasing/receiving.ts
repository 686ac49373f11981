// Goods arrive on the receipt day they were planned for when the order was placed: most on the
// expected date, some a week or two late (a delayed-receipt exception, and an alert when customers
// wait), some in two parts. The warehouse receives against the order (the command reallocates
// backorders and accrues rebates); an import's freight (the importer's invoice, by weight) and duty
// (an estimate, by value) are added as landed cost by the buyer. Each receipt is then due to be
// invoiced by the supplier after a lag drawn from its own stream.
import type { Tx } from "../../db/client";
import { addLandedCost, receivePurchaseOrder } from "../../purchasing";
import { assert } from "../../shared/assert";
import { applyRatePpm } from "../../shared/money";
import { formatQty, QTY_SCALE } from "../../shared/quantity";
import { addDays } from "../dates";
import type { OpenOrder, PurchasingRun, ReceiptLineToInvoice } from "./context";

/** A partial arrival brings about this share of each line, in whole packs. */
const PART_SHARE_PPM = 600_000n;
/** Freight on an import, share of its value (importer's currency); duty, share of its base value. */
const FREIGHT_PPM = 60_000n;
const DUTY_PPM = 45_000n;

function arrivingQty(line: OpenOrder["lines"][number], share: "all" | "part"): bigint {
  const open = line.orderedQty - line.receivedQty;
  if (share === "all") return open;
  const part = ((applyRatePpm(line.orderedQty, PART_SHARE_PPM, "halfEven")) / line.packQty) * line.packQty;
  return part > 0n && part < open ? part : 0n;
}

function invoiceLag(run: PurchasingRun, key: string): number {
  const draw = run.random.fork(`invoice-lag:${key}`).next();
  return draw < 0.3 ? 0 : draw < 0.75 ? 7 : draw < 0.95 ? 14 : 21;
}

async function addImportCosts(tx: Tx, run: PurchasingRun, order: OpenOrder, receiptId: number, key: string, lines: ReceiptLineToInvoice[], valueBaseMinor: bigint): Promise<void> {
  const valueMinor = lines.reduce((sum, l) => sum + (l.baseQty * l.unitPriceMinor) / QTY_SCALE, 0n);
  const freightMinor = applyRatePpm(valueMinor, FREIGHT_PPM, "halfEven");
  const dutyMinor = applyRatePpm(valueBaseMinor, DUTY_PPM, "halfEven");
  if (freightMinor > 0n) {
    await addLandedCost(tx, run.people.buyer, {
      receiptId, kind: "freight", method: "weight", currency: order.supplier.currency, amountMinor: freightMinor, source: "invoiced",
      supplierInvoiceRef: `${order.supplier.code}-FRT-${key}`, idempotencyKey: `demo-p2p:freight:${key}`,
    });
    run.stats.landedCosts++;
  }
  if (dutyMinor > 0n) {
    await addLandedCost(tx, run.people.buyer, {
      receiptId, kind: "duty", method: "value", currency: run.baseCurrency, amountMinor: dutyMinor, source: "estimate", idempotencyKey: `demo-p2p:duty:${key}`,
    });
    run.stats.landedCosts++;
  }
}

async function receiveArrival(tx: Tx, run: PurchasingRun, order: OpenOrder, date: string): Promise<void> {
  const arrival = order.arrivals.shift();
  assert(arrival !== undefined, `${order.key} has an arrival due`);
  const arriving = order.lines.map((line) => ({ line, qty: arrivingQty(line, arrival.share) })).filter((a) => a.qty > 0n);
  if (arriving.length === 0) return;
  const key = `${order.key}:r${++order.receipts}`;
  const receipt = await receivePurchaseOrder(tx, run.people.warehouse, {
    purchaseOrderId: order.poId, warehouseId: order.warehouseId, receiptDate: date, idempotencyKey: `demo-p2p:receipt:${key}`,
    lines: arriving.map((a) => ({ purchaseOrderLineId: a.line.poLineId, itemId: a.line.itemId, qty: formatQty(a.qty) })),
  });
  for (const a of arriving) a.line.receivedQty += a.qty;
  const lines = arriving.map((a) => ({ poLineId: a.line.poLineId, itemId: a.line.itemId, baseQty: a.qty, unitPriceMinor: a.line.unitPriceMinor, packQty: a.line.packQty }));
  if (order.landedCost) await addImportCosts(tx, run, order, receipt.id, key, lines, receipt.lines.reduce((sum, l) => sum + l.valueBaseMinor, 0n));
  run.toInvoice.push({ key, receiptId: receipt.id, supplier: order.supplier, invoiceOn: addDays(date, invoiceLag(run, key)), lines });
  run.stats.receipts++;
  if (receipt.delayedReceiptExceptionId !== null) run.stats.lateReceipts++;
  run.sales.stats.receipts++;
}

/** Receives every arrival due by `date`, oldest order first; fully received orders leave the open list. */
export async function receiveDue(tx: Tx, run: PurchasingRun, date: string): Promise<void> {
  for (const order of run.openOrders) {
    while (order.arrivals.length > 0 && (order.arrivals[0]?.date ?? "") <= date) await receiveArrival(tx, run, order, date);
  }
  const done = run.openOrders.filter((o) => o.arrivals.length === 0 || o.lines.every((l) => l.receivedQty >= l.orderedQty));
  for (const order of done) run.openOrders.splice(run.openOrders.indexOf(order), 1);
}
