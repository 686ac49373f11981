// What a planning run decides for one item and warehouse, as pure functions over loaded
// figures: safety stock, reorder point, EOQ, the inventory position and whether (and how much)
// to order. The run loads everything in batches and calls these; tests call them directly.
import { assert } from "../../shared/assert";
import { formatQty, QTY_SCALE, type QtyScaled } from "../../shared/quantity";
import {
  DAYS_PER_YEAR, economicOrderQuantity, reorderPoint, roundToOrderConstraints, safetyStock, serviceLevelZ, wholeUnitsUp,
  type DemandStats, type LeadTimeStats,
} from "./math";

export type PlanMethod = "reorder_point" | "min_max";

export type PlanParameters = {
  method: PlanMethod;
  serviceLevelPpm: bigint;
  minQty: QtyScaled | null;
  maxQty: QtyScaled | null;
  orderCostMinor: bigint;
  holdingCostPpm: bigint;
};

/** The parameters of a pair that has demand but no item_warehouse_plan row (the table's defaults). */
export const DEFAULT_PLAN: PlanParameters = {
  method: "reorder_point", serviceLevelPpm: 950_000n, minQty: null, maxQty: null, orderCostMinor: 5_000n, holdingCostPpm: 250_000n,
};

export type PositionParts = {
  onHand: QtyScaled;
  allocated: QtyScaled;
  /** Open purchase order quantity still to arrive. */
  openPurchaseOrders: QtyScaled;
  /** Transfer orders to this warehouse, drafted or in transit, not yet received. */
  inboundTransfers: QtyScaled;
  /** Draft transfer orders from this warehouse: still on hand, but promised elsewhere. */
  outboundTransfers: QtyScaled;
  /** Open sales order quantity not yet allocated. */
  backorders: QtyScaled;
};

/** on hand - allocated + open supply - commitments - backorders. */
export function inventoryPosition(parts: PositionParts): QtyScaled {
  return parts.onHand - parts.allocated + parts.openPurchaseOrders + parts.inboundTransfers - parts.outboundTransfers - parts.backorders;
}

export type FigureInput = {
  plan: PlanParameters;
  demand: DemandStats;
  leadTime: LeadTimeStats;
  /** Cost of one base unit in base minor units; null when nothing tells it (no EOQ then). */
  unitCostMinor: number | null;
  position: PositionParts;
};

export type Figures = {
  z: number;
  serviceLevel: number;
  safetyStock: number;
  safetyStockQty: QtyScaled;
  reorderPoint: number;
  reorderPointQty: QtyScaled;
  annualDemand: number;
  holdingCostPerUnitYearMinor: number | null;
  eoq: number | null;
  eoqQty: QtyScaled;
  position: QtyScaled;
};

export function computeFigures(input: FigureInput): Figures {
  const z = serviceLevelZ(input.plan.serviceLevelPpm);
  const ss = safetyStock(z, input.demand, input.leadTime);
  const rop = reorderPoint(input.demand, input.leadTime, ss);
  const annualDemand = input.demand.meanPerDay * DAYS_PER_YEAR;
  const holding = input.unitCostMinor === null ? null : (input.unitCostMinor * Number(input.plan.holdingCostPpm)) / 1_000_000;
  const eoq = holding === null ? null : economicOrderQuantity(annualDemand, Number(input.plan.orderCostMinor), holding);
  return {
    z, serviceLevel: Number(input.plan.serviceLevelPpm) / 1_000_000, safetyStock: ss, safetyStockQty: wholeUnitsUp(ss),
    reorderPoint: rop, reorderPointQty: wholeUnitsUp(rop), annualDemand, holdingCostPerUnitYearMinor: holding,
    eoq, eoqQty: eoq === null ? 0n : wholeUnitsUp(eoq), position: inventoryPosition(input.position),
  };
}

export type Need =
  | { kind: "order"; rule: "reorder_point" | "min_max"; qty: QtyScaled; basis: string; explanation: string }
  | { kind: "none"; explanation: string }
  | { kind: "skip"; explanation: string };

const units = (qty: QtyScaled) => formatQty(qty);

/**
 * Whether the pair needs replenishment and the quantity before supplier rounding. Reorder
 * point: order when the position is at or below it, max(EOQ, ROP - position + 1) so the
 * position ends above it. Min/max: order up to max when the position falls below min.
 */
export function needOf(plan: PlanParameters, figures: Figures, demand: DemandStats): Need {
  if (plan.method === "min_max") return minMaxNeed(plan, figures.position);
  const position = figures.position;
  const rop = figures.reorderPointQty;
  if (position > rop) return { kind: "none", explanation: `position ${units(position)} is above the reorder point ${units(rop)}` };
  // With no demand and nothing owed to customers, an empty shelf is not a reason to buy.
  if (demand.meanPerDay === 0 && position >= 0n) return { kind: "none", explanation: "no demand and no backorders" };
  const shortfall = rop - position + QTY_SCALE;
  const qty = figures.eoqQty > shortfall ? figures.eoqQty : shortfall;
  assert(qty > 0n, "a reorder point need is positive");
  const basis = figures.eoqQty >= shortfall ? `the EOQ ${units(figures.eoqQty)}` : `the shortfall ${units(shortfall)} below the reorder point (+1)`;
  return { kind: "order", rule: "reorder_point", qty, basis,
    explanation: `position ${units(position)} is at or below the reorder point ${units(rop)}; order ${basis}` };
}

function minMaxNeed(plan: PlanParameters, position: QtyScaled): Need {
  if (plan.minQty === null || plan.maxQty === null) return { kind: "skip", explanation: "min/max planning needs both a minimum and a maximum" };
  if (plan.maxQty < plan.minQty) return { kind: "skip", explanation: `maximum ${units(plan.maxQty)} is below minimum ${units(plan.minQty)}` };
  if (position >= plan.minQty) return { kind: "none", explanation: `position ${units(position)} is not below the minimum ${units(plan.minQty)}` };
  const qty = plan.maxQty - position;
  assert(qty > 0n, "a min/max need is positive");
  return { kind: "order", rule: "min_max", qty, basis: `up to the maximum ${units(plan.maxQty)}`,
    explanation: `position ${units(position)} is below the minimum ${units(plan.minQty)}; order up to the maximum ${units(plan.maxQty)}` };
}

/** The buy quantity: the need rounded to the supplier's minimum and multiple. */
export function buyQuantity(need: QtyScaled, constraints: { orderMultiple: QtyScaled; minOrderQty: QtyScaled }): QtyScaled {
  return roundToOrderConstraints(need, constraints);
}

/** What a source warehouse can give away: available stock above its own reorder point, in whole units. */
export function transferableQty(available: QtyScaled, sourceReorderPointQty: QtyScaled): QtyScaled {
  const excess = available - sourceReorderPointQty;
  if (excess <= 0n) return 0n;
  return (excess / QTY_SCALE) * QTY_SCALE;
}

const round4 = (x: number | null) => (x === null ? null : Math.round(x * 10_000) / 10_000);

/** The figures as JSON for the proposal's reason: numbers rounded for reading, quantities as decimals. */
export function figuresJson(figures: Figures, input: FigureInput): Record<string, unknown> {
  const p = input.position;
  return {
    demand: { meanPerDay: round4(input.demand.meanPerDay), sdPerDay: round4(input.demand.sdPerDay), annual: round4(figures.annualDemand) },
    leadTime: { meanDays: round4(input.leadTime.meanDays), sdDays: round4(input.leadTime.sdDays) },
    serviceLevel: figures.serviceLevel, z: round4(figures.z),
    safetyStock: round4(figures.safetyStock), safetyStockQty: units(figures.safetyStockQty),
    reorderPoint: round4(figures.reorderPoint), reorderPointQty: units(figures.reorderPointQty),
    eoq: round4(figures.eoq), eoqQty: units(figures.eoqQty),
    unitCostMinor: round4(input.unitCostMinor), orderCostMinor: input.plan.orderCostMinor.toString(),
    holdingCostPpm: input.plan.holdingCostPpm.toString(), holdingCostPerUnitYearMinor: round4(figures.holdingCostPerUnitYearMinor),
    method: input.plan.method, minQty: input.plan.minQty === null ? null : units(input.plan.minQty),
    maxQty: input.plan.maxQty === null ? null : units(input.plan.maxQty),
    position: {
      onHand: units(p.onHand), allocated: units(p.allocated), openPurchaseOrders: units(p.openPurchaseOrders),
      inboundTransfers: units(p.inboundTransfers), outboundTransfers: units(p.outboundTransfers), backorders: units(p.backorders),
      total: units(figures.position),
    },
  };
}
