// The price loader: gathers customer prices, the customer's price list and promotions valid on
// the date, hands them to the pure rules (rules.ts), and adds the current cost and margin.
import { and, eq, gte, isNull, lte, or } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { requirePermission, type Actor } from "../../governance/permissions";
import { exchangeRateOn, toBaseQty } from "../../masters";
import { customerPrice, priceList, priceListLine } from "../../masters/schema";
import { assert } from "../../shared/assert";
import { applyRatePpm } from "../../shared/money";
import { DomainError, parseInput } from "../../shared/errors";
import { formatQty, parseQty, type QtyScaled } from "../../shared/quantity";
import { SalesError } from "../errors";
import { promotion } from "../schema";
import { loadSalesCustomer, loadSalesItem, loadUnitFactors, type SalesCustomer, type SalesItem } from "./context";
import { Id, IsoDate, QtyText, Uom } from "./inputs";
import { decidePrice, marginBpsOf, marginFloorBps, type PriceCandidate, type PriceDecision, type PriceSource, type PromotionCandidate } from "./rules";
import { unitCostOf, type CostBasis } from "./unit-cost";

export const PRICE_CANDIDATES_MAX = 200;

export const ResolvePriceInput = z.object({
  entityId: Id, customerId: Id, itemId: Id, uom: Uom, qty: QtyText, date: IsoDate,
  /** The shipping warehouse, for its own cost; without it the entity-wide average cost is used. */
  warehouseId: Id.nullish(),
});
export type ResolvePriceRequest = z.input<typeof ResolvePriceInput>;

export type ResolvedPrice = {
  itemId: number; uom: string; qty: string; baseQty: string; baseQtyPerUnit: string;
  /** The customer's currency; prices are per one `uom`. */
  currency: string; baseCurrency: string; exchangeRatePpm: bigint;
  unitPriceMinor: bigint; listPriceMinor: bigint; source: PriceSource; sourceRef: string;
  basePriceSource: PriceSource; basePriceSourceRef: string;
  /** Per base unit, base currency. */
  unitCostMinor: bigint; costBasis: CostBasis;
  marginBps: number; marginFloorBps: number; belowMarginFloor: boolean;
};

function validOn(date: string, from: string | null, to: string | null): boolean {
  return (from === null || from <= date) && (to === null || to >= date);
}

function toCandidates(rows: { id: number; uom: string; minQty: string; unitPriceMinor: bigint }[], factors: Map<string, QtyScaled>, prefix: string, ratePpm: bigint | null): PriceCandidate[] {
  return rows.flatMap((r) => {
    const baseQtyPerUnit = factors.get(r.uom);
    if (baseQtyPerUnit === undefined) return []; // A unit the item no longer converts cannot price it.
    const unitPriceMinor = ratePpm === null ? r.unitPriceMinor : applyRatePpm(r.unitPriceMinor, ratePpm, "halfEven");
    return [{ ref: `${prefix}:${r.id}`, uom: r.uom, baseQtyPerUnit, minQty: parseQty(r.minQty), unitPriceMinor }];
  });
}

async function customerCandidates(tx: Tx, customer: SalesCustomer, itemId: number, date: string, factors: Map<string, QtyScaled>): Promise<PriceCandidate[]> {
  const rows = await tx.select().from(customerPrice)
    .where(and(eq(customerPrice.customerId, customer.id), eq(customerPrice.itemId, itemId), eq(customerPrice.active, true)))
    .limit(PRICE_CANDIDATES_MAX);
  return toCandidates(rows.filter((r) => validOn(date, r.validFrom, r.validTo)), factors, "customer_price", null);
}

async function listCandidates(tx: Tx, customer: SalesCustomer, itemId: number, date: string, factors: Map<string, QtyScaled>): Promise<PriceCandidate[]> {
  if (customer.priceListId === null) return [];
  const [list] = await tx.select().from(priceList).where(eq(priceList.id, customer.priceListId)).limit(1);
  if (!list || !list.active || list.entityId !== customer.entityId || !validOn(date, list.validFrom, list.validTo)) return [];
  const rows = await tx.select().from(priceListLine)
    .where(and(eq(priceListLine.priceListId, list.id), eq(priceListLine.itemId, itemId), eq(priceListLine.active, true)))
    .limit(PRICE_CANDIDATES_MAX);
  // A list in another currency than the customer's is converted at the date's rate.
  const ratePpm = list.currency === customer.currency ? null : await exchangeRateOn(tx, list.currency, customer.currency, date);
  return toCandidates(rows, factors, "price_list_line", ratePpm);
}

async function promotionCandidates(tx: Tx, customer: SalesCustomer, salesItem: SalesItem, date: string): Promise<PromotionCandidate[]> {
  const rows = await tx.select().from(promotion).where(and(
    eq(promotion.entityId, customer.entityId), eq(promotion.active, true), lte(promotion.validFrom, date), gte(promotion.validTo, date),
    or(isNull(promotion.itemId), eq(promotion.itemId, salesItem.id)),
    or(isNull(promotion.itemCategoryId), eq(promotion.itemCategoryId, salesItem.categoryId)),
    customer.groupId === null ? isNull(promotion.customerGroupId) : or(isNull(promotion.customerGroupId), eq(promotion.customerGroupId, customer.groupId)),
  )).limit(PRICE_CANDIDATES_MAX);
  return rows.map((r) => ({ code: r.code, discountPpm: r.discountPpm, itemSpecific: r.itemId !== null, categorySpecific: r.itemCategoryId !== null }));
}

export type PricingBasis = {
  customer: SalesCustomer; item: SalesItem; baseQty: QtyScaled; baseQtyPerUnit: QtyScaled;
  exchangeRatePpm: bigint; unitCostMinor: bigint; costBasis: CostBasis; marginFloorBps: number;
  /** Null when no customer price or price list line prices the item. */
  decision: PriceDecision | null;
};

/** Everything a line's price and margin depend on, loaded once; the decision itself is pure. */
export async function loadPricingBasis(tx: Tx, raw: ResolvePriceRequest): Promise<PricingBasis> {
  const input = parseInput(ResolvePriceInput, raw);
  const customer = await loadSalesCustomer(tx, input.entityId, input.customerId, { requireActive: false });
  const salesItem = await loadSalesItem(tx, input.itemId, { requireActive: false });
  const baseQty = await toBaseQty(tx, input.itemId, input.uom, input.qty);
  const factors = await loadUnitFactors(tx, salesItem.id, salesItem.baseUom);
  const baseQtyPerUnit = factors.get(input.uom);
  assert(baseQtyPerUnit !== undefined, "toBaseQty accepted a unit the item converts");
  const decision = decidePrice({
    ordered: { uom: input.uom, baseUom: salesItem.baseUom, baseQtyPerUnit, baseQty },
    customerPrices: await customerCandidates(tx, customer, salesItem.id, input.date, factors),
    listPrices: await listCandidates(tx, customer, salesItem.id, input.date, factors),
    promotions: await promotionCandidates(tx, customer, salesItem, input.date),
  });
  const exchangeRatePpm = await exchangeRateOn(tx, customer.currency, customer.baseCurrency, input.date);
  const cost = await unitCostOf(tx, { entityId: input.entityId, itemId: salesItem.id, warehouseId: input.warehouseId });
  return { customer, item: salesItem, baseQty, baseQtyPerUnit, exchangeRatePpm, unitCostMinor: cost.unitCostMinor, costBasis: cost.costBasis,
    marginFloorBps: marginFloorBps(customer.tier), decision };
}

/** The margin a line of this basis carries at a unit price (resolved, manual or quoted). */
export function marginOfBasis(basis: Pick<PricingBasis, "exchangeRatePpm" | "unitCostMinor" | "baseQtyPerUnit">, unitPriceMinor: bigint): number {
  return marginBpsOf(applyRatePpm(unitPriceMinor, basis.exchangeRatePpm, "halfEven"), basis.unitCostMinor, basis.baseQtyPerUnit);
}

export function priceNotFound(basis: PricingBasis, uom: string, date: string): DomainError {
  return new DomainError(SalesError.PRICE_NOT_FOUND, "unprocessable",
    `itemId: no customer price or price list line prices ${basis.item.sku} in ${uom} for customer ${basis.customer.code} on ${date}`,
    { itemId: basis.item.id, customerId: basis.customer.id, uom, date });
}

/**
 * Resolves the price of one line: customer price (highest break not above the quantity), else the
 * customer's price list, then the best active promotion; in the ordered unit and the customer's
 * currency. Adds the current cost (per base unit, base currency) and the margin against the
 * tier's floor. Throws SALES_PRICE_NOT_FOUND when nothing prices the item.
 */
export async function resolvePrice(tx: Tx, raw: ResolvePriceRequest): Promise<ResolvedPrice> {
  const basis = await loadPricingBasis(tx, raw);
  const { decision } = basis;
  if (!decision) throw priceNotFound(basis, raw.uom, raw.date);
  const marginBps = marginOfBasis(basis, decision.unitPriceMinor);
  return {
    itemId: basis.item.id, uom: raw.uom.trim(), qty: raw.qty.trim(), baseQty: formatQty(basis.baseQty), baseQtyPerUnit: formatQty(basis.baseQtyPerUnit),
    currency: basis.customer.currency, baseCurrency: basis.customer.baseCurrency, exchangeRatePpm: basis.exchangeRatePpm,
    unitPriceMinor: decision.unitPriceMinor, listPriceMinor: decision.listPriceMinor, source: decision.source, sourceRef: decision.sourceRef,
    basePriceSource: decision.basePriceSource, basePriceSourceRef: decision.basePriceSourceRef,
    unitCostMinor: basis.unitCostMinor, costBasis: basis.costBasis, marginBps, marginFloorBps: basis.marginFloorBps,
    belowMarginFloor: marginBps < basis.marginFloorBps,
  };
}

/** Live pricing for order entry screens: the same resolution, behind sales:read. */
export async function lookupPrice(tx: Tx, actor: Actor, raw: ResolvePriceRequest): Promise<ResolvedPrice> {
  requirePermission(actor, "sales:read");
  return resolvePrice(tx, raw);
}
