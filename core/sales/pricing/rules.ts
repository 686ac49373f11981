// Pure price resolution: no I/O. The loader (resolve-price.ts) gathers the candidates; these
// functions pick the price, convert it into the ordered unit, apply a promotion and measure the
// margin. Everything is bigint: money in minor units, quantities scaled by QTY_SCALE.
import { assert } from "../../shared/assert";
import { divideRounded, PPM } from "../../shared/money";
import { QTY_SCALE, type QtyScaled } from "../../shared/quantity";

export const CUSTOMER_TIERS = ["platinum", "gold", "silver", "standard"] as const;
export type CustomerTier = (typeof CUSTOMER_TIERS)[number];

/** The lowest margin a line may carry without a pricing-override approval, by customer tier. */
export const MARGIN_FLOOR_BPS: Record<CustomerTier, number> = { standard: 1500, silver: 1200, gold: 1000, platinum: 800 };

export const BPS_SCALE = 10_000n;
/** marginBps is an int column: a price far below cost is clamped rather than overflowing it. */
export const MARGIN_BPS_MIN = -1_000_000_000;

export type PriceSource = "customer_price" | "price_break" | "price_list" | "promotion";
export type LinePriceSource = PriceSource | "manual_override";

/** One stored price (a customer price or a price list line) in its own unit. */
export type PriceCandidate = {
  ref: string;
  uom: string;
  /** Base units in one `uom` (scaled); 1 (QTY_SCALE) for the base unit. */
  baseQtyPerUnit: QtyScaled;
  minQty: QtyScaled;
  unitPriceMinor: bigint;
};

export type OrderedUnit = { uom: string; baseUom: string; baseQtyPerUnit: QtyScaled; baseQty: QtyScaled };

export type ChosenPrice = { candidate: PriceCandidate; unitPriceMinor: bigint; isBreak: boolean; listPriceMinor: bigint };

export type PromotionCandidate = { code: string; discountPpm: bigint; itemSpecific: boolean; categorySpecific: boolean };

export function isCustomerTier(value: string): value is CustomerTier {
  return (CUSTOMER_TIERS as readonly string[]).includes(value);
}

export function marginFloorBps(tier: string): number {
  return isCustomerTier(tier) ? MARGIN_FLOOR_BPS[tier] : MARGIN_FLOOR_BPS.standard;
}

/** A price per one unit of `from` expressed per one unit of `to`, rounded half-even. */
export function convertUnitPrice(unitPriceMinor: bigint, fromBaseQtyPerUnit: QtyScaled, toBaseQtyPerUnit: QtyScaled): bigint {
  assert(fromBaseQtyPerUnit > 0n, "a price unit holds a positive base quantity");
  assert(toBaseQtyPerUnit > 0n, "an ordered unit holds a positive base quantity");
  if (fromBaseQtyPerUnit === toBaseQtyPerUnit) return unitPriceMinor;
  return divideRounded(unitPriceMinor * toBaseQtyPerUnit, fromBaseQtyPerUnit, "halfEven");
}

/** The break applies when its minimum, in base units, is not above the ordered base quantity. */
function breakApplies(candidate: PriceCandidate, baseQty: QtyScaled): boolean {
  return candidate.minQty * candidate.baseQtyPerUnit <= baseQty * QTY_SCALE;
}

function unitRank(uom: string, ordered: OrderedUnit): number {
  if (uom === ordered.uom) return 0;
  if (uom === ordered.baseUom) return 1;
  return 2;
}

/**
 * Picks the highest applicable quantity break. Prices stated in the ordered unit win; then the
 * base unit; then any other unit (converted). A case price therefore beats an each price times
 * twelve, which is how distributors price cases.
 */
export function chooseBreak(candidates: readonly PriceCandidate[], ordered: OrderedUnit): ChosenPrice | null {
  const groups = new Map<string, PriceCandidate[]>();
  for (const c of candidates) groups.set(c.uom, [...(groups.get(c.uom) ?? []), c]);
  const units = [...groups.keys()].sort((a, b) => unitRank(a, ordered) - unitRank(b, ordered) || a.localeCompare(b));
  for (const uom of units) {
    const group = (groups.get(uom) ?? []).slice().sort((a, b) => (a.minQty < b.minQty ? -1 : a.minQty > b.minQty ? 1 : 0));
    const applicable = group.filter((c) => breakApplies(c, ordered.baseQty));
    const best = applicable[applicable.length - 1];
    const lowest = group[0];
    if (!best || !lowest) continue;
    return {
      candidate: best,
      unitPriceMinor: convertUnitPrice(best.unitPriceMinor, best.baseQtyPerUnit, ordered.baseQtyPerUnit),
      isBreak: best !== lowest,
      listPriceMinor: convertUnitPrice(lowest.unitPriceMinor, lowest.baseQtyPerUnit, ordered.baseQtyPerUnit),
    };
  }
  return null;
}

/** The deepest discount wins; on a tie the narrower scope (item, then category), then the code. */
export function choosePromotion(promotions: readonly PromotionCandidate[]): PromotionCandidate | null {
  const scope = (p: PromotionCandidate) => (p.itemSpecific ? 0 : p.categorySpecific ? 1 : 2);
  const sorted = promotions.slice().sort((a, b) =>
    (a.discountPpm > b.discountPpm ? -1 : a.discountPpm < b.discountPpm ? 1 : 0) || scope(a) - scope(b) || a.code.localeCompare(b.code));
  return sorted[0] ?? null;
}

export function applyDiscountPpm(unitPriceMinor: bigint, discountPpm: bigint): bigint {
  assert(discountPpm > 0n && discountPpm < PPM, "a discount is between 0 and 100%");
  return divideRounded(unitPriceMinor * (PPM - discountPpm), PPM, "halfEven");
}

/**
 * Margin in basis points of the price: (price - cost) / price, rounded down so a line is never
 * shown above its true margin. priceBaseMinor is per ordered unit in base currency; cost is per
 * base unit; baseQtyPerUnit converts between them.
 */
export function marginBpsOf(priceBaseMinor: bigint, unitCostMinor: bigint, baseQtyPerUnit: QtyScaled): number {
  assert(baseQtyPerUnit > 0n, "an ordered unit holds a positive base quantity");
  assert(unitCostMinor >= 0n, "cost is not negative");
  const revenue = priceBaseMinor * QTY_SCALE;
  const cost = unitCostMinor * baseQtyPerUnit;
  if (revenue <= 0n) return cost > 0n ? MARGIN_BPS_MIN : 0;
  const bps = divideRounded((revenue - cost) * BPS_SCALE, revenue, "floor");
  return bps < BigInt(MARGIN_BPS_MIN) ? MARGIN_BPS_MIN : Number(bps);
}

export type PriceDecision = {
  unitPriceMinor: bigint;
  listPriceMinor: bigint;
  source: PriceSource;
  sourceRef: string;
  /** What the promotion discounted, when one applied. */
  basePriceSource: PriceSource;
  basePriceSourceRef: string;
};

/**
 * The order of precedence: a valid customer-specific price beats the price list; an active
 * promotion then discounts whichever applied. listPriceMinor is the list's lowest break.
 */
export function decidePrice(input: {
  ordered: OrderedUnit;
  customerPrices: readonly PriceCandidate[];
  listPrices: readonly PriceCandidate[];
  promotions: readonly PromotionCandidate[];
}): PriceDecision | null {
  const fromCustomer = chooseBreak(input.customerPrices, input.ordered);
  const fromList = chooseBreak(input.listPrices, input.ordered);
  const chosen = fromCustomer ?? fromList;
  if (!chosen) return null;
  const baseSource: PriceSource = fromCustomer ? "customer_price" : chosen.isBreak ? "price_break" : "price_list";
  const listPriceMinor = fromList?.listPriceMinor ?? chosen.unitPriceMinor;
  const promotion = choosePromotion(input.promotions);
  const base = { basePriceSource: baseSource, basePriceSourceRef: chosen.candidate.ref, listPriceMinor };
  if (!promotion) return { ...base, unitPriceMinor: chosen.unitPriceMinor, source: baseSource, sourceRef: chosen.candidate.ref };
  return { ...base, unitPriceMinor: applyDiscountPpm(chosen.unitPriceMinor, promotion.discountPpm), source: "promotion", sourceRef: promotion.code };
}
