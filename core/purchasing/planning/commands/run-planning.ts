import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { recordAudit } from "../../../governance/audit";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { exchangeRateOn } from "../../../masters";
import { legalEntity, warehouse } from "../../../masters/schema";
import { assert } from "../../../shared/assert";
import { DomainError, isDomainError, parseInput } from "../../../shared/errors";
import { formatQty, QTY_SCALE } from "../../../shared/quantity";
import { replenishmentProposal, replenishmentRun } from "../../schema";
import { analyze, decide, type Analysis, type PlanningData, type ProposalDraft } from "../analysis";
import { type DemandSource, type ItemWarehouseDemand } from "../demand-source";
import { createForecastDemandSource } from "../forecast-demand-source";
import { PlanningError } from "../errors";
import {
  loadBackorders, loadBalances, loadItems, loadLeadTimes, loadOpenPurchaseSupply, loadPlans, loadSupplierOptions, loadTransferSupply,
  loadUomFactors, pairKey, type PlanRow,
} from "../load";
import { idArray } from "../sql";

export const PLANNING_ITEMS_MAX = 20_000;
export const PLANNING_WAREHOUSES_MAX = 200;
export const PROPOSALS_PER_RUN_MAX = 50_000;
const INSERT_CHUNK = 1_000;

const Id = z.number().int().positive();

export const RunReplenishmentPlanningInput = z.object({
  entityId: Id,
  asOf: z.iso.date(),
  itemIds: z.array(Id).min(1).max(PLANNING_ITEMS_MAX).optional(),
  warehouseIds: z.array(Id).min(1).max(PLANNING_WAREHOUSES_MAX).optional(),
  horizonDays: z.number().int().min(1).max(365).default(90),
});

export type ReplenishmentRunRow = typeof replenishmentRun.$inferSelect;
export type ReplenishmentProposalRow = typeof replenishmentProposal.$inferSelect;

export type PlanningRunResult = {
  run: ReplenishmentRunRow;
  proposals: ReplenishmentProposalRow[];
  /** Pairs that needed stock but got no proposal, and why (no supplier, incomplete min/max, inactive item). */
  skipped: { itemId: number; warehouseId: number; reason: string }[];
  pairsPlanned: number;
  supersededCount: number;
};

type Input = z.output<typeof RunReplenishmentPlanningInput>;
type Scope = { entityId: number; baseCurrency: string; asOf: string; plannable: number[]; targets: number[]; codes: Map<number, string> };

async function loadScope(tx: Tx, input: Input): Promise<Scope> {
  const [entity] = await tx.select().from(legalEntity).where(eq(legalEntity.id, input.entityId)).limit(1);
  if (!entity) throw new DomainError(PlanningError.ENTITY_NOT_FOUND, "not_found", `entityId: legal entity ${input.entityId} does not exist`);
  const rows = await tx.select().from(warehouse).where(eq(warehouse.entityId, entity.id)).limit(PLANNING_WAREHOUSES_MAX);
  const plannable = rows.filter((w) => w.active && !w.isTransit).map((w) => w.id).sort((a, b) => a - b);
  for (const id of input.warehouseIds ?? []) {
    if (!plannable.includes(id)) {
      throw new DomainError(PlanningError.WAREHOUSE_INVALID, "unprocessable", `warehouseIds: warehouse ${id} is not an active, non-transit warehouse of the entity`, { warehouseId: id });
    }
  }
  return { entityId: entity.id, baseCurrency: entity.baseCurrency, asOf: input.asOf, plannable,
    targets: input.warehouseIds ? [...new Set(input.warehouseIds)] : plannable, codes: new Map(rows.map((w) => [w.id, w.code])) };
}

function checkDemand(source: DemandSource, rows: ItemWarehouseDemand[]): Map<string, ItemWarehouseDemand> {
  for (const row of rows) {
    assert(Number.isFinite(row.meanPerDay) && row.meanPerDay >= 0, `demand source ${source.name} gave a bad mean for item ${row.itemId}`);
    assert(Number.isFinite(row.sdPerDay) && row.sdPerDay >= 0, `demand source ${source.name} gave a bad sd for item ${row.itemId}`);
  }
  return new Map(rows.map((r) => [pairKey(r.itemId, r.warehouseId), r]));
}

/** Pairs of the target warehouses with a plan (method not none), demand or backorders. */
function candidatesOf(scope: Scope, plans: Map<string, PlanRow>, demand: Map<string, ItemWarehouseDemand>, backorders: Map<string, bigint>) {
  const targets = new Set(scope.targets);
  const keys = new Set<string>();
  for (const [key, plan] of plans) if (targets.has(plan.warehouseId) && plan.method !== "none") keys.add(key);
  for (const [key, row] of demand) if (targets.has(row.warehouseId) && row.meanPerDay > 0) keys.add(key);
  for (const key of backorders.keys()) keys.add(key);
  const pairs = [...keys].filter((key) => plans.get(key)?.method !== "none").map((key) => {
    const [itemId, warehouseId] = key.split(":").map(Number) as [number, number];
    return { itemId, warehouseId };
  }).filter((p) => targets.has(p.warehouseId));
  return pairs.sort((a, b) => a.itemId - b.itemId || a.warehouseId - b.warehouseId);
}

async function ratesFor(tx: Tx, scope: Scope, currencies: Set<string>): Promise<Map<string, bigint>> {
  const rates = new Map<string, bigint>([[scope.baseCurrency, 1_000_000n]]);
  for (const currency of currencies) {
    if (rates.has(currency)) continue;
    try {
      rates.set(currency, await exchangeRateOn(tx, currency, scope.baseCurrency, scope.asOf));
    } catch (error) {
      // No rate: the supplier's price cannot cost the item, so its EOQ falls back to the shortfall.
      if (!isDomainError(error)) throw error;
    }
  }
  return rates;
}

async function loadData(tx: Tx, scope: Scope, input: Input, source: DemandSource) {
  const itemIds = input.itemIds ? [...new Set(input.itemIds)] : null;
  const plans = await loadPlans(tx, scope.plannable, itemIds);
  const demand = checkDemand(source, await source.demandFor(tx, {
    entityId: scope.entityId, itemIds, warehouseIds: scope.plannable, asOf: scope.asOf, horizonDays: input.horizonDays }));
  const backorders = await loadBackorders(tx, scope.entityId, scope.targets, itemIds);
  const pairs = candidatesOf(scope, plans, demand, backorders);
  const items = [...new Set(pairs.map((p) => p.itemId))];
  const balances = await loadBalances(tx, scope.entityId, items);
  const transfers = await loadTransferSupply(tx, scope.entityId, items);
  const suppliers = await loadSupplierOptions(tx, scope.entityId, items);
  const data: PlanningData = {
    asOf: scope.asOf, demandSourceName: source.name, demandDetails: source.describe?.() ?? {}, warehouseCodes: scope.codes,
    plans, demand, balances, backorders, suppliers, openPurchaseOrders: await loadOpenPurchaseSupply(tx, scope.entityId, items, scope.plannable),
    inboundTransfers: transfers.inbound, outboundTransfers: transfers.outbound,
    leadTimes: await loadLeadTimes(tx, scope.entityId, items, scope.asOf), items: await loadItems(tx, items),
    uomFactors: await loadUomFactors(tx, items),
    ratesPpm: await ratesFor(tx, scope, new Set([...suppliers.values()].flat().map((s) => s.currency))),
    entityUnitCostMinor: entityUnitCosts(balances),
  };
  return { data, pairs };
}

function entityUnitCosts(balances: PlanningData["balances"]): Map<number, number> {
  const totals = new Map<number, { qty: bigint; value: bigint }>();
  for (const [key, b] of balances) {
    const itemId = Number(key.split(":")[0]);
    const total = totals.get(itemId) ?? { qty: 0n, value: 0n };
    totals.set(itemId, { qty: total.qty + b.onHand, value: total.value + b.valueMinor });
  }
  const costs = new Map<number, number>();
  for (const [itemId, t] of totals) if (t.qty > 0n) costs.set(itemId, (Number(t.value) * Number(QTY_SCALE)) / Number(t.qty));
  return costs;
}

/** Every pair's decision; sources are analysed on demand and shared, so one source is not over-promised. */
function planPairs(data: PlanningData, scope: Scope, pairs: { itemId: number; warehouseId: number }[]) {
  const analyses = new Map<string, Analysis>();
  const analysisOf = (itemId: number, warehouseId: number) => {
    const key = pairKey(itemId, warehouseId);
    const found = analyses.get(key) ?? analyze(data, itemId, warehouseId);
    analyses.set(key, found);
    return found;
  };
  const taken = new Map<string, bigint>();
  const drafts: ProposalDraft[] = [];
  const skipped: PlanningRunResult["skipped"] = [];
  for (const pair of pairs) {
    const item = data.items.get(pair.itemId);
    if (!item || !item.active) {
      skipped.push({ ...pair, reason: `item ${item?.sku ?? pair.itemId} is inactive` });
      continue;
    }
    const fromId = data.plans.get(pairKey(pair.itemId, pair.warehouseId))?.replenishFromWarehouseId ?? null;
    const source = fromId !== null && fromId !== pair.warehouseId && scope.plannable.includes(fromId) ? analysisOf(pair.itemId, fromId) : null;
    const decision = decide(data, analysisOf(pair.itemId, pair.warehouseId), source, taken);
    drafts.push(...decision.proposals);
    if (decision.skipped) skipped.push({ ...pair, reason: decision.skipped });
  }
  assert(drafts.length <= PROPOSALS_PER_RUN_MAX, `a run proposes at most ${PROPOSALS_PER_RUN_MAX} orders`);
  return { drafts, skipped };
}

async function supersedePrevious(tx: Tx, scope: Scope, input: Input, runId: number): Promise<number> {
  const itemFilter = input.itemIds ? sql`item_id = any(${idArray(input.itemIds)})` : sql`true`;
  const rows = await tx.update(replenishmentProposal)
    .set({ status: "superseded", decidedAt: new Date(), decisionNote: `superseded by run ${runId}` })
    .where(and(eq(replenishmentProposal.entityId, scope.entityId), eq(replenishmentProposal.status, "proposed"), ne(replenishmentProposal.runId, runId),
      inArray(replenishmentProposal.warehouseId, scope.targets), itemFilter))
    .returning({ id: replenishmentProposal.id });
  return rows.length;
}

async function insertProposals(tx: Tx, scope: Scope, runId: number, drafts: ProposalDraft[]): Promise<ReplenishmentProposalRow[]> {
  const inserted: ReplenishmentProposalRow[] = [];
  for (let start = 0; start < drafts.length; start += INSERT_CHUNK) {
    const chunk = drafts.slice(start, start + INSERT_CHUNK).map((d) => ({
      runId, entityId: scope.entityId, itemId: d.itemId, warehouseId: d.warehouseId, kind: d.kind, supplierId: d.supplierId,
      fromWarehouseId: d.fromWarehouseId, baseQty: formatQty(d.baseQty), needByDate: d.needByDate, reason: d.reason,
    }));
    inserted.push(...await tx.insert(replenishmentProposal).values(chunk).returning());
  }
  return inserted;
}

/**
 * Plans replenishment for an entity as of a date: per item and warehouse with a plan (method
 * not none), demand or backorders, compares the inventory position with the reorder point (or
 * minimum) and proposes a buy from the preferred supplier or a transfer from the plan's
 * replenish-from warehouse, each with the figures and a sentence saying why. The previous
 * undecided proposals for the same items and warehouses are superseded. Runs of one entity
 * are serialized. Batch reads only: the number of queries does not grow with the items.
 */
export async function runReplenishmentPlanning(tx: Tx, actor: Actor, raw: z.input<typeof RunReplenishmentPlanningInput> & { demandSource?: DemandSource }): Promise<PlanningRunResult> {
  requirePermission(actor, "planning:write");
  const { demandSource, ...rest } = raw;
  const input = parseInput(RunReplenishmentPlanningInput, rest);
  // Forecast where the entity has a recent forecast run, shipment history elsewhere.
  const source = demandSource ?? createForecastDemandSource();
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`replenishment_run|${input.entityId}`}, 0))`);
  const scope = await loadScope(tx, input);
  const { data, pairs } = await loadData(tx, scope, input, source);
  const { drafts, skipped } = planPairs(data, scope, pairs);
  const [run] = await tx.insert(replenishmentRun).values({
    entityId: scope.entityId, runDate: scope.asOf, demandSource: source.name, proposalCount: drafts.length, createdByUserId: actor.userId,
  }).returning();
  assert(run !== undefined, "replenishment run insert returned no row");
  const supersededCount = await supersedePrevious(tx, scope, input, run.id);
  const proposals = await insertProposals(tx, scope, run.id, drafts);
  assert(proposals.length === drafts.length, "every drafted proposal was inserted");
  await recordAudit(tx, actor, { action: "create", objectKind: "replenishment_run", objectId: run.id, entityId: scope.entityId,
    after: { runDate: run.runDate, demandSource: source.name, proposals: proposals.length, superseded: supersededCount, skipped: skipped.length } });
  return { run, proposals, skipped, pairsPlanned: pairs.length, supersededCount };
}
