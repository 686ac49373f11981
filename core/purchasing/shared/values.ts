// Pure money and quantity arithmetic of purchasing, tested directly. Quantities are scaled by
// QTY_SCALE; money is minor units; every division names its rounding.
import { assert } from "../../shared/assert";
import { divideRounded, PPM } from "../../shared/money";
import { QTY_SCALE, type QtyScaled } from "../../shared/quantity";

/** qty (scaled, in the line's unit) x unit price per unit, half-even. */
export function lineValueMinor(qty: QtyScaled, unitPriceMinor: bigint): bigint {
  assert(qty >= 0n, "line quantity is not negative");
  assert(unitPriceMinor >= 0n, "unit price is not negative");
  return divideRounded(qty * unitPriceMinor, QTY_SCALE, "halfEven");
}

export type PoLinePrice = { qty: QtyScaled; baseQtyOrdered: QtyScaled; unitPriceMinor: bigint };

/**
 * Document-currency value of a base quantity of a PO line: the PO price is per unit of the
 * line's unit, which holds baseQtyOrdered / qty base units.
 */
export function poValueOfBaseQty(line: PoLinePrice, baseQty: QtyScaled): bigint {
  assert(line.qty > 0n && line.baseQtyOrdered > 0n, "a PO line has positive quantities");
  assert(baseQty >= 0n, "base quantity is not negative");
  return divideRounded(baseQty * line.qty * line.unitPriceMinor, line.baseQtyOrdered * QTY_SCALE, "halfEven");
}

/**
 * The part of a total that belongs to `taken` more units after `before` units were already
 * taken, rounded cumulatively: the parts of successive takes always sum to the rounded share
 * of their sum, and taking everything leaves exactly nothing.
 */
export function cumulativeShare(totalMinor: bigint, totalQty: bigint, before: bigint, taken: bigint): bigint {
  assert(totalQty > 0n, "share of a positive quantity");
  assert(before >= 0n && taken >= 0n, "quantities are not negative");
  assert(before + taken <= totalQty, "cannot take more than the whole");
  const upTo = (qty: bigint) => (qty === totalQty ? totalMinor : divideRounded(totalMinor * qty, totalQty, "halfEven"));
  return upTo(before + taken) - upTo(before);
}

/** AP still carried for an invoice (base currency) after `settledMinor` of its document total was settled. */
export function openCarryingBase(totalBaseMinor: bigint, totalMinor: bigint, settledMinor: bigint): bigint {
  if (totalMinor === 0n) return 0n;
  return totalBaseMinor - cumulativeShare(totalBaseMinor, totalMinor, 0n, settledMinor);
}

/**
 * Invoice price per base unit against the PO price (per line unit) as a signed ppm of the PO
 * price; null when the PO price is zero and the invoice price is not.
 */
export function priceVariancePpm(line: PoLinePrice, invoicePricePerBaseMinor: bigint): bigint | null {
  const poScaled = line.unitPriceMinor * line.qty;
  const invoiceScaled = invoicePricePerBaseMinor * line.baseQtyOrdered;
  if (poScaled === 0n) return invoiceScaled === 0n ? 0n : null;
  return divideRounded((invoiceScaled - poScaled) * PPM, poScaled, "halfEven");
}

/** Exact tolerance test, no rounding: |invoice - PO| <= tolerance x PO. */
export function priceWithinTolerance(line: PoLinePrice, invoicePricePerBaseMinor: bigint, tolerancePpm: bigint): boolean {
  const poScaled = line.unitPriceMinor * line.qty;
  const difference = invoicePricePerBaseMinor * line.baseQtyOrdered - poScaled;
  const absolute = difference < 0n ? -difference : difference;
  return absolute * PPM <= tolerancePpm * poScaled;
}

/** The most a PO line may have received in total: open plus the over-receipt tolerance. */
export function receiptLimit(effectiveOrdered: QtyScaled, cancelled: QtyScaled, tolerancePpm: bigint): QtyScaled {
  return effectiveOrdered - cancelled + divideRounded(effectiveOrdered * tolerancePpm, PPM, "floor");
}

export type RebateTier = { fromMinor: bigint; ratePpm: bigint };

/** The rate of the highest tier whose threshold the purchases reached; 0 below the first. */
export function tierRatePpm(tiers: readonly RebateTier[], purchasesMinor: bigint): bigint {
  let rate = 0n;
  for (const tier of tiers) if (purchasesMinor >= tier.fromMinor) rate = tier.ratePpm;
  return rate;
}

export function minBigint(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

export function maxBigint(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
