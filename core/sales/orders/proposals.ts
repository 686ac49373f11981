// What order entry proposes when a line cannot be filled: configured substitutes (with their
// availability, price and margin impact), other warehouses with stock (with their margin at that
// warehouse's cost), and the supplier lead time of the original item.
import { and, asc, eq } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { item } from "../../masters/schema";
import { formatQty, type QtyScaled } from "../../shared/quantity";
import { computeAtp, type AtpQueue } from "../atp/available-to-promise";
import { fromBaseQty, loadSellingWarehouses, loadUnitFactors } from "../pricing/context";
import { loadPricingBasis, marginOfBasis } from "../pricing/resolve-price";
import { itemSubstitute } from "../schema";
import { supplierLeadTime, type SupplierLeadTime } from "./lead-time";
import { isReleased, quantitiesOf, unallocatedQtyOf, type SalesOrderLineRow, type SalesOrderRow } from "./status";

export const SUBSTITUTES_PER_ITEM_MAX = 20;

export type StockAt = { warehouseId: number; warehouseCode: string; canShipTodayBaseQty: string };

export type SubstituteProposal = {
  itemId: number; sku: string; description: string; priority: number;
  availableBaseQty: string; warehouses: StockAt[];
  /** Priced for the missing quantity in `uom` (the line's unit when the substitute converts it exactly). */
  uom: string; qty: string; unitPriceMinor: bigint | null; marginBps: number | null; marginImpactBps: number | null;
};

export type WarehouseProposal = StockAt & { unitCostMinor: bigint; marginBps: number; marginImpactBps: number };

export type LineProposals = {
  orderLineId: number; itemId: number; warehouseId: number; backorderedBaseQty: string;
  substitutes: SubstituteProposal[]; otherWarehouses: WarehouseProposal[]; supplierLeadTime: SupplierLeadTime | null;
};

type Ctx = { tx: Tx; order: SalesOrderRow; line: SalesOrderLineRow; missing: QtyScaled; queue: AtpQueue };

async function stockOf(ctx: Ctx, itemId: number) {
  const warehouses = await loadSellingWarehouses(ctx.tx, ctx.order.entityId);
  const rows = await computeAtp(ctx.tx, { itemId, baseQty: ctx.missing, warehouses, requestDate: ctx.order.orderDate, queue: ctx.queue });
  return rows.filter((r) => r.canShipToday > 0n);
}

/** The substitute's unit for the missing quantity: the line's unit when it converts exactly, else its base unit. */
async function unitFor(ctx: Ctx, itemId: number, baseUom: string): Promise<{ uom: string; qty: QtyScaled }> {
  const factors = await loadUnitFactors(ctx.tx, itemId, baseUom);
  const perUnit = factors.get(ctx.line.uom);
  const inLineUnit = perUnit === undefined ? null : fromBaseQty(ctx.missing, perUnit);
  return inLineUnit !== null && inLineUnit > 0n ? { uom: ctx.line.uom, qty: inLineUnit } : { uom: baseUom, qty: ctx.missing };
}

async function substituteProposal(ctx: Ctx, sub: { itemId: number; sku: string; description: string; baseUom: string; priority: number }): Promise<SubstituteProposal> {
  const stock = await stockOf(ctx, sub.itemId);
  const unit = await unitFor(ctx, sub.itemId, sub.baseUom);
  const basis = await loadPricingBasis(ctx.tx, { entityId: ctx.order.entityId, customerId: ctx.order.customerId, itemId: sub.itemId,
    uom: unit.uom, qty: formatQty(unit.qty), date: ctx.order.orderDate, warehouseId: stock[0]?.warehouseId ?? ctx.line.warehouseId });
  const price = basis.decision?.unitPriceMinor ?? null;
  const marginBps = price === null ? null : marginOfBasis(basis, price);
  return {
    itemId: sub.itemId, sku: sub.sku, description: sub.description, priority: sub.priority,
    availableBaseQty: formatQty(stock.reduce((sum, s) => sum + s.canShipToday, 0n)),
    warehouses: stock.map((s) => ({ warehouseId: s.warehouseId, warehouseCode: s.warehouseCode, canShipTodayBaseQty: formatQty(s.canShipToday) })),
    uom: unit.uom, qty: formatQty(unit.qty), unitPriceMinor: price, marginBps, marginImpactBps: marginBps === null ? null : marginBps - ctx.line.marginBps,
  };
}

async function warehouseProposals(ctx: Ctx): Promise<WarehouseProposal[]> {
  const stock = (await stockOf(ctx, ctx.line.itemId)).filter((s) => s.warehouseId !== ctx.line.warehouseId);
  const proposals: WarehouseProposal[] = [];
  for (const s of stock) {
    const basis = await loadPricingBasis(ctx.tx, { entityId: ctx.order.entityId, customerId: ctx.order.customerId, itemId: ctx.line.itemId,
      uom: ctx.line.uom, qty: ctx.line.qty, date: ctx.order.orderDate, warehouseId: s.warehouseId });
    const marginBps = marginOfBasis(basis, ctx.line.unitPriceMinor);
    proposals.push({ warehouseId: s.warehouseId, warehouseCode: s.warehouseCode, canShipTodayBaseQty: formatQty(s.canShipToday),
      unitCostMinor: basis.unitCostMinor, marginBps, marginImpactBps: marginBps - ctx.line.marginBps });
  }
  return proposals;
}

/** Proposals for one line of a released order that still misses stock; null when nothing is missing. */
export async function proposalsForLine(tx: Tx, order: SalesOrderRow, line: SalesOrderLineRow): Promise<LineProposals | null> {
  if (!isReleased(order.status) || line.status === "pricing_hold") return null;
  const missing = unallocatedQtyOf(quantitiesOf(line));
  if (missing === 0n) return null;
  const ctx: Ctx = { tx, order, line, missing, queue: { position: { priority: order.priority, orderDate: order.orderDate, orderId: order.id }, excludeOrderId: order.id } };
  const substitutes = await tx.select({ itemId: item.id, sku: item.sku, description: item.description, baseUom: item.baseUom, priority: itemSubstitute.priority })
    .from(itemSubstitute).innerJoin(item, eq(item.id, itemSubstitute.substituteItemId))
    .where(and(eq(itemSubstitute.itemId, line.itemId), eq(itemSubstitute.active, true), eq(item.active, true)))
    .orderBy(asc(itemSubstitute.priority), asc(item.sku)).limit(SUBSTITUTES_PER_ITEM_MAX);
  const proposals: SubstituteProposal[] = [];
  for (const sub of substitutes) proposals.push(await substituteProposal(ctx, sub));
  return {
    orderLineId: line.id, itemId: line.itemId, warehouseId: line.warehouseId, backorderedBaseQty: formatQty(missing),
    substitutes: proposals, otherWarehouses: await warehouseProposals(ctx), supplierLeadTime: await supplierLeadTime(tx, order.entityId, line.itemId),
  };
}
