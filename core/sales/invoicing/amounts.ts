// Invoice arithmetic, pure: line values in the order's unit converted to base quantities,
// tax per line, and base-currency amounts converted part by part so the entry balances exactly.
import { assert } from "../../shared/assert";
import { applyRatePpm, divideRounded } from "../../shared/money";
import { QTY_SCALE, type QtyScaled } from "../../shared/quantity";
import type { DualAmount } from "../../ledger/posting/types";
import { incrementalShare } from "../receivables/carrying-value";

export type OrderLinePrice = {
  /** Per unit of the order line's unit of measure, document currency. */
  unitPriceMinor: bigint;
  /** Ordered quantity in the line's unit, scaled. */
  qty: QtyScaled;
  /** Ordered quantity in base units, scaled. */
  baseQtyOrdered: QtyScaled;
};

/** The whole order line's value: price per unit times the quantity in that unit. */
export function orderLineValueMinor(line: OrderLinePrice): bigint {
  assert(line.qty > 0n && line.baseQtyOrdered > 0n, "ordered quantities are positive");
  return divideRounded(line.unitPriceMinor * line.qty, QTY_SCALE, "halfEven");
}

/**
 * Net value of `baseQty` base units of an order line after `invoicedBefore` were invoiced: a
 * cumulative share of the line value, so partial invoices add up to the whole line exactly.
 */
export function invoiceLineNetMinor(line: OrderLinePrice, invoicedBefore: QtyScaled, baseQty: QtyScaled): bigint {
  return incrementalShare(orderLineValueMinor(line), line.baseQtyOrdered, invoicedBefore, baseQty);
}

export function taxMinorOf(netMinor: bigint, taxRatePpm: bigint): bigint {
  return applyRatePpm(netMinor, taxRatePpm, "halfEven");
}

export type DocumentLineAmounts = { netMinor: bigint; taxMinor: bigint };
export type ConvertedLine = { net: DualAmount; tax: DualAmount };
export type DocumentTotals = {
  lines: ConvertedLine[];
  subtotal: DualAmount;
  tax: DualAmount;
  total: DualAmount;
};

/** Converts every part at the document rate and sums the parts, never a total on its own. */
export function documentTotals(lines: readonly DocumentLineAmounts[], exchangeRatePpm: bigint): DocumentTotals {
  assert(exchangeRatePpm > 0n, "exchange rates are positive");
  const converted = lines.map((l) => ({
    net: { documentMinor: l.netMinor, baseMinor: applyRatePpm(l.netMinor, exchangeRatePpm, "halfEven") },
    tax: { documentMinor: l.taxMinor, baseMinor: applyRatePpm(l.taxMinor, exchangeRatePpm, "halfEven") },
  }));
  const sum = (pick: (l: ConvertedLine) => DualAmount): DualAmount => converted.reduce(
    (acc, l) => ({ baseMinor: acc.baseMinor + pick(l).baseMinor, documentMinor: acc.documentMinor + pick(l).documentMinor }), { baseMinor: 0n, documentMinor: 0n });
  const subtotal = sum((l) => l.net);
  const tax = sum((l) => l.tax);
  return { lines: converted, subtotal, tax, total: { baseMinor: subtotal.baseMinor + tax.baseMinor, documentMinor: subtotal.documentMinor + tax.documentMinor } };
}
