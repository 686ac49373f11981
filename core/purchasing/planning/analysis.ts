// The decision for each item and warehouse of a run, over data loaded in batches: its figures,
// then buy or transfer (or both, when the source warehouse can cover part), with the reason.
// Pure: no I/O, so a run's decisions depend only on what was loaded.
import { assert } from "../../shared/assert";
import { formatQty, QTY_SCALE, type QtyScaled } from "../../shared/quantity";
import type { ItemWarehouseDemand } from "./demand-source";
import {
  buyQuantity, computeFigures, DEFAULT_PLAN, figuresJson, needOf, transferableQty,
  type FigureInput, type Figures, type PlanMethod, type PlanParameters,
} from "./figures";
import { pairKey, type BalanceRow, type ItemInfo, type LeadTimeObservations, type PlanRow, type SupplierOption } from "./load";
import type { LeadTimeStats } from "./math";
import { addDays } from "./sql";

/** Lead time assumed for a transfer between two warehouses of an entity when nothing is bought. */
export const TRANSFER_LEAD_TIME_DAYS = 2;

export type PlanningData = {
  asOf: string;
  demandSourceName: string;
  demandDetails: Record<string, unknown>;
  warehouseCodes: Map<number, string>;
  plans: Map<string, PlanRow>;
  demand: Map<string, ItemWarehouseDemand>;
  balances: Map<string, BalanceRow>;
  openPurchaseOrders: Map<string, QtyScaled>;
  inboundTransfers: Map<string, QtyScaled>;
  outboundTransfers: Map<string, QtyScaled>;
  backorders: Map<string, QtyScaled>;
  suppliers: Map<number, SupplierOption[]>;
  leadTimes: Map<string, LeadTimeObservations>;
  items: Map<number, ItemInfo>;
  uomFactors: Map<string, QtyScaled>;
  /** Base-currency units per supplier-currency unit, ppm. */
  ratesPpm: Map<string, bigint>;
  /** Average cost per base unit over all the entity's warehouses holding the item. */
  entityUnitCostMinor: Map<number, number>;
};

export type LeadTime = LeadTimeStats & { source: "receipts" | "supplier_item" | "supplier" | "transfer"; observations: number };

export type Analysis = {
  itemId: number;
  warehouseId: number;
  plan: PlanParameters;
  hasPlanRow: boolean;
  supplier: SupplierOption | null;
  leadTime: LeadTime;
  input: FigureInput;
  figures: Figures;
  /** How the demand figure is described in the sentence, e.g. "forecast" (empty for history). */
  demandLabel: string;
};

export type ProposalDraft = {
  itemId: number; warehouseId: number; kind: "buy" | "transfer"; supplierId: number | null; fromWarehouseId: number | null;
  baseQty: QtyScaled; needByDate: string; reason: Record<string, unknown>;
};

export type Decision = { proposals: ProposalDraft[]; skipped: string | null; note: string };

const ZERO = 0n;

function leadTimeOf(data: PlanningData, supplier: SupplierOption | null, itemId: number): LeadTime {
  if (!supplier) return { meanDays: TRANSFER_LEAD_TIME_DAYS, sdDays: 0, source: "transfer", observations: 0 };
  const observed = data.leadTimes.get(`${supplier.supplierId}:${itemId}`);
  if (observed && observed.count > 0) return { meanDays: observed.meanDays, sdDays: observed.sdDays, source: "receipts", observations: observed.count };
  if (supplier.itemLeadTimeDays !== null) return { meanDays: supplier.itemLeadTimeDays, sdDays: 0, source: "supplier_item", observations: 0 };
  return { meanDays: supplier.supplierLeadTimeDays, sdDays: 0, source: "supplier", observations: 0 };
}

/** Cost of one base unit: the warehouse's average, else the entity's, else the supplier's price. */
function unitCostOf(data: PlanningData, itemId: number, warehouseId: number, supplier: SupplierOption | null): number | null {
  const here = data.balances.get(pairKey(itemId, warehouseId));
  if (here && here.onHand > ZERO) return (Number(here.valueMinor) * Number(QTY_SCALE)) / Number(here.onHand);
  const entityWide = data.entityUnitCostMinor.get(itemId);
  if (entityWide !== undefined) return entityWide;
  if (!supplier) return null;
  const item = data.items.get(itemId);
  const perUnit = item && supplier.uom === item.baseUom ? QTY_SCALE : data.uomFactors.get(`${itemId}:${supplier.uom}`);
  const rate = data.ratesPpm.get(supplier.currency);
  if (!perUnit || rate === undefined) return null;
  return (Number(supplier.unitPriceMinor) * (Number(rate) / 1_000_000) * Number(QTY_SCALE)) / Number(perUnit);
}

function planOf(row: PlanRow | undefined): PlanParameters {
  if (!row) return DEFAULT_PLAN;
  assert(row.method === "reorder_point" || row.method === "min_max", `plan method ${row.method} is not planned`);
  return { method: row.method as PlanMethod, serviceLevelPpm: row.serviceLevelPpm, minQty: row.minQty, maxQty: row.maxQty,
    orderCostMinor: row.orderCostMinor, holdingCostPpm: row.holdingCostPpm };
}

export function analyze(data: PlanningData, itemId: number, warehouseId: number): Analysis {
  const key = pairKey(itemId, warehouseId);
  const row = data.plans.get(key);
  const plan = planOf(row?.method === "none" ? undefined : row);
  const supplier = data.suppliers.get(itemId)?.[0] ?? null;
  const leadTime = leadTimeOf(data, supplier, itemId);
  const demand = data.demand.get(key);
  const balance = data.balances.get(key);
  const input: FigureInput = {
    plan, leadTime, unitCostMinor: unitCostOf(data, itemId, warehouseId, supplier),
    demand: { meanPerDay: demand?.meanPerDay ?? 0, sdPerDay: demand?.sdPerDay ?? 0 },
    position: {
      onHand: balance?.onHand ?? ZERO, allocated: balance?.allocated ?? ZERO, openPurchaseOrders: data.openPurchaseOrders.get(key) ?? ZERO,
      inboundTransfers: data.inboundTransfers.get(key) ?? ZERO, outboundTransfers: data.outboundTransfers.get(key) ?? ZERO,
      backorders: data.backorders.get(key) ?? ZERO,
    },
  };
  const demandLabel = typeof demand?.basis?.sentenceLabel === "string" ? demand.basis.sentenceLabel : "";
  return { itemId, warehouseId, plan, hasPlanRow: row !== undefined, supplier, leadTime, input, figures: computeFigures(input), demandLabel };
}

/** Stock a source warehouse can still give in this run: available above its reorder point, less what earlier pairs took. */
function sourceCapacity(source: Analysis, alreadyTaken: QtyScaled): QtyScaled {
  const p = source.input.position;
  const available = p.onHand - p.allocated - p.outboundTransfers - alreadyTaken;
  return transferableQty(available, source.figures.reorderPointQty);
}

function baseReason(data: PlanningData, a: Analysis, rule: string, explanation: string): Record<string, unknown> {
  const basis = data.demand.get(pairKey(a.itemId, a.warehouseId))?.basis;
  return {
    rule, explanation, demandSource: data.demandSourceName, ...data.demandDetails, ...(basis ? { demandBasis: basis } : {}), ...figuresJson(a.figures, a.input),
    leadTime: { meanDays: Math.round(a.leadTime.meanDays * 10_000) / 10_000, sdDays: Math.round(a.leadTime.sdDays * 10_000) / 10_000,
      source: a.leadTime.source, observations: a.leadTime.observations },
    planParameters: a.hasPlanRow ? "item_warehouse_plan" : "defaults",
  };
}

function positionSentence(a: Analysis): string {
  const p = a.input.position;
  const q = formatQty;
  return `position ${q(a.figures.position)} (on hand ${q(p.onHand)} - allocated ${q(p.allocated)} + on order ${q(p.openPurchaseOrders)}` +
    ` + inbound ${q(p.inboundTransfers)} - outbound ${q(p.outboundTransfers)} - backordered ${q(p.backorders)})`;
}

function triggerSentence(a: Analysis): string {
  if (a.plan.method === "min_max") return `${positionSentence(a)} is below the minimum ${formatQty(a.plan.minQty ?? ZERO)}`;
  const d = a.input.demand.meanPerDay.toFixed(2);
  const l = a.leadTime.meanDays.toFixed(1);
  const demandWord = a.demandLabel ? `${a.demandLabel} ` : "";
  return `${positionSentence(a)} is at or below the reorder point ${formatQty(a.figures.reorderPointQty)} ` +
    `(${demandWord}${d}/day x ${l} days lead time + safety stock ${formatQty(a.figures.safetyStockQty)} at ${(a.figures.serviceLevel * 100).toFixed(1)}% service)`;
}

/**
 * The proposals for one pair: transfer what the replenish-from warehouse holds above its own
 * reorder point, buy the rest from the preferred (else any active) supplier, rounded to the
 * supplier's minimum and multiple. `taken` tracks what each source already gave in this run.
 */
export function decide(data: PlanningData, a: Analysis, source: Analysis | null, taken: Map<string, QtyScaled>): Decision {
  const need = needOf(a.plan, a.figures, a.input.demand);
  if (need.kind !== "order") return { proposals: [], skipped: need.kind === "skip" ? need.explanation : null, note: need.explanation };
  const sku = data.items.get(a.itemId)?.sku ?? String(a.itemId);
  const here = data.warehouseCodes.get(a.warehouseId) ?? String(a.warehouseId);
  const proposals: ProposalDraft[] = [];
  let remaining = need.qty;
  if (source) {
    const sourceKey = pairKey(a.itemId, source.warehouseId);
    const capacity = sourceCapacity(source, taken.get(sourceKey) ?? ZERO);
    const give = minQty(remaining, capacity);
    if (give > ZERO) {
      taken.set(sourceKey, (taken.get(sourceKey) ?? ZERO) + give);
      remaining -= give;
      const from = data.warehouseCodes.get(source.warehouseId) ?? String(source.warehouseId);
      const sentence = `Transfer ${formatQty(give)} of ${sku} from ${from} to ${here}: ${triggerSentence(a)}; ` +
        `${from} holds ${formatQty(capacity)} available above its reorder point ${formatQty(source.figures.reorderPointQty)}.`;
      proposals.push({ itemId: a.itemId, warehouseId: a.warehouseId, kind: "transfer", supplierId: null, fromWarehouseId: source.warehouseId,
        baseQty: give, needByDate: addDays(data.asOf, TRANSFER_LEAD_TIME_DAYS),
        reason: { ...baseReason(data, a, need.rule, need.explanation), sentence, needQty: formatQty(need.qty), transferQty: formatQty(give),
          source: { warehouseId: source.warehouseId, reorderPointQty: formatQty(source.figures.reorderPointQty) } } });
    }
  }
  if (remaining === ZERO) return { proposals, skipped: null, note: need.explanation };
  if (!a.supplier) {
    return { proposals, skipped: `no active supplier item for ${sku}${proposals.length > 0 ? ` to buy the remaining ${formatQty(remaining)}` : ""}`, note: need.explanation };
  }
  proposals.push(buyDraft(data, a, a.supplier, need, remaining, sku, here));
  return { proposals, skipped: null, note: need.explanation };
}

function buyDraft(data: PlanningData, a: Analysis, supplier: SupplierOption, need: { rule: string; qty: QtyScaled; basis: string; explanation: string },
  remaining: QtyScaled, sku: string, here: string): ProposalDraft {
  const qty = buyQuantity(remaining, supplier);
  const rounding = qty === remaining ? "none" : `rounded up to the minimum ${formatQty(supplier.minOrderQty)} and multiple ${formatQty(supplier.orderMultiple)}`;
  const exceedsMax = a.plan.method === "min_max" && a.plan.maxQty !== null && a.figures.position + (need.qty - remaining) + qty > a.plan.maxQty;
  const sentence = `Buy ${formatQty(qty)} of ${sku} for ${here} from ${supplier.supplierCode}: ${triggerSentence(a)}; ` +
    `order ${need.basis}${remaining === need.qty ? "" : ` less ${formatQty(need.qty - remaining)} transferred`}${rounding === "none" ? "" : `, ${rounding}`}.`;
  return {
    itemId: a.itemId, warehouseId: a.warehouseId, kind: "buy", supplierId: supplier.supplierId, fromWarehouseId: null, baseQty: qty,
    needByDate: addDays(data.asOf, Math.ceil(a.leadTime.meanDays)),
    reason: { ...baseReason(data, a, need.rule, need.explanation), sentence, needQty: formatQty(need.qty), buyBeforeRounding: formatQty(remaining),
      rounding, exceedsMax,
      supplier: { supplierId: supplier.supplierId, code: supplier.supplierCode, preferred: supplier.preferred, uom: supplier.uom,
        orderMultiple: formatQty(supplier.orderMultiple), minOrderQty: formatQty(supplier.minOrderQty) } },
  };
}

const minQty = (a: QtyScaled, b: QtyScaled) => (a < b ? a : b);
