// The planning formulas of DOMAIN.md as pure functions. Statistics are numbers (means and
// standard deviations are not exact quantities anyway); what becomes an order is converted to
// a scaled bigint quantity at the end, rounded up to whole base units.
import { assert } from "../../shared/assert";
import { QTY_SCALE, type QtyScaled } from "../../shared/quantity";

export const DAYS_PER_YEAR = 365;
const PPM = 1_000_000;
/** Float noise below this is not a reason to order one more unit (10.000000000002 is 10). */
const WHOLE_UNIT_EPSILON = 1e-9;

// Acklam's rational approximation of the inverse normal CDF (relative error < 1.15e-9).
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

function tail(q: number): number {
  const [c0, c1, c2, c3, c4, c5] = C as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = D as [number, number, number, number];
  return (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
}

/** The standard normal quantile: the z with P(Z <= z) = p, for 0 < p < 1. */
export function inverseNormalCdf(p: number): number {
  assert(Number.isFinite(p), "probability must be a finite number");
  assert(p > 0 && p < 1, `probability ${p} must lie strictly between 0 and 1`);
  if (p < P_LOW) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - P_LOW) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const [a0, a1, a2, a3, a4, a5] = A as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = B as [number, number, number, number, number];
  const q = p - 0.5;
  const r = q * q;
  return ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
}

/** z for a cycle service level given in parts per million (950000 = 95%). */
export function serviceLevelZ(serviceLevelPpm: bigint | number): number {
  const ppm = Number(serviceLevelPpm);
  assert(ppm > 0 && ppm < PPM, `service level ${ppm} ppm must lie strictly between 0 and 1,000,000`);
  return inverseNormalCdf(ppm / PPM);
}

export type DemandStats = { meanPerDay: number; sdPerDay: number };
export type LeadTimeStats = { meanDays: number; sdDays: number };

function checkStats(demand: DemandStats, leadTime: LeadTimeStats): void {
  assert(demand.meanPerDay >= 0 && demand.sdPerDay >= 0, "demand mean and sd must not be negative");
  assert(leadTime.meanDays >= 0 && leadTime.sdDays >= 0, "lead time mean and sd must not be negative");
}

/** z * sqrt(L * sd_d^2 + d^2 * sd_L^2): covers demand and lead-time variability at the service level. */
export function safetyStock(z: number, demand: DemandStats, leadTime: LeadTimeStats): number {
  checkStats(demand, leadTime);
  const variance = leadTime.meanDays * demand.sdPerDay ** 2 + demand.meanPerDay ** 2 * leadTime.sdDays ** 2;
  // A service level below 50% gives a negative z; planning never holds negative safety stock.
  return Math.max(0, z * Math.sqrt(variance));
}

/** d * L + safety stock: the position at which an order must be placed. */
export function reorderPoint(demand: DemandStats, leadTime: LeadTimeStats, safetyStockUnits: number): number {
  checkStats(demand, leadTime);
  assert(safetyStockUnits >= 0, "safety stock must not be negative");
  return demand.meanPerDay * leadTime.meanDays + safetyStockUnits;
}

/**
 * sqrt(2 * D * S / H) in base units, D annual demand in units, S the cost of one order and H
 * the cost of holding one unit for a year (both in the same minor units). Null when H is zero:
 * without a holding cost the formula has no finite answer.
 */
export function economicOrderQuantity(annualDemand: number, orderCostMinor: number, holdingCostPerUnitYearMinor: number): number | null {
  assert(annualDemand >= 0, "annual demand must not be negative");
  assert(orderCostMinor >= 0, "order cost must not be negative");
  assert(holdingCostPerUnitYearMinor >= 0, "holding cost must not be negative");
  if (holdingCostPerUnitYearMinor === 0) return null;
  return Math.sqrt((2 * annualDemand * orderCostMinor) / holdingCostPerUnitYearMinor);
}

/** A statistic in base units as a scaled quantity, rounded up to whole base units. */
export function wholeUnitsUp(units: number): QtyScaled {
  assert(Number.isFinite(units), "units must be finite");
  const whole = Math.max(0, Math.ceil(units - WHOLE_UNIT_EPSILON));
  assert(Number.isSafeInteger(whole), `${units} units is beyond the safe integer range`);
  return BigInt(whole) * QTY_SCALE;
}

/** At least the minimum, then up to the next multiple: suppliers refuse anything else. */
export function roundToOrderConstraints(qty: QtyScaled, constraints: { orderMultiple: QtyScaled; minOrderQty: QtyScaled }): QtyScaled {
  assert(constraints.orderMultiple > 0n, "order multiple must be positive");
  assert(constraints.minOrderQty > 0n, "minimum order quantity must be positive");
  if (qty <= 0n) return 0n;
  const atLeastMinimum = qty > constraints.minOrderQty ? qty : constraints.minOrderQty;
  const remainder = atLeastMinimum % constraints.orderMultiple;
  const rounded = remainder === 0n ? atLeastMinimum : atLeastMinimum + constraints.orderMultiple - remainder;
  assert(rounded >= qty && rounded % constraints.orderMultiple === 0n, "rounded quantity covers the need in whole multiples");
  return rounded;
}

/** Mean and sample standard deviation per day of daily demand buckets (zero days included). */
export function dailyDemandStats(daily: readonly number[]): DemandStats {
  if (daily.length === 0) return { meanPerDay: 0, sdPerDay: 0 };
  const mean = daily.reduce((sum, x) => sum + x, 0) / daily.length;
  if (daily.length === 1) return { meanPerDay: mean, sdPerDay: 0 };
  const squares = daily.reduce((sum, x) => sum + (x - mean) ** 2, 0);
  return { meanPerDay: mean, sdPerDay: Math.sqrt(squares / (daily.length - 1)) };
}

/** Mean and sample standard deviation of observed lead times in days. */
export function leadTimeStatsOf(samples: readonly number[]): LeadTimeStats {
  const stats = dailyDemandStats(samples);
  return { meanDays: stats.meanPerDay, sdDays: stats.sdPerDay };
}
