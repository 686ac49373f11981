// Turns requested order lines into priced drafts: item and warehouse checked, quantity in base
// units, price resolved (or overridden, or carried from a quote), cost, margin and pricing hold.
import { sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { DomainError } from "../../shared/errors";
import { parseQty, type QtyScaled } from "../../shared/quantity";
import { SalesError } from "../errors";
import { loadSalesItem, requireSellingWarehouse, type SalesCustomer } from "../pricing/context";
import { loadPricingBasis, marginOfBasis, priceNotFound, type PricingBasis } from "../pricing/resolve-price";
import type { LinePriceSource } from "../pricing/rules";
import type { OrderLineRequest } from "./inputs";

/** A price already agreed (a quote line); it is honoured unless it breaks the margin floor. */
export type AgreedPrice = { unitPriceMinor: bigint; source: string; sourceRef: string | null };

export type HoldReason = "manual_override" | "below_margin_floor";

export type LineDraft = {
  itemId: number; warehouseId: number; uom: string; qty: QtyScaled; baseQty: QtyScaled;
  unitPriceMinor: bigint; listPriceMinor: bigint; priceSource: LinePriceSource | string; priceSourceRef: string | null;
  unitCostMinor: bigint; marginBps: number; marginFloorBps: number; holdReason: HoldReason | null;
  requestedDate: string | null; substituteForItemId: number | null;
};

/** The selling warehouse with the most free stock of the item; the first one when none has any. */
export async function defaultWarehouseFor(tx: Tx, entityId: number, itemId: number): Promise<number> {
  const [row] = await tx.execute<{ id: string }>(sql`
    select w.id from warehouse w left join stock_balance b on b.warehouse_id = w.id and b.item_id = ${itemId}
     where w.entity_id = ${entityId} and w.active and not w.is_transit
     order by coalesce(b.qty_on_hand - b.qty_allocated, 0) desc, w.id limit 1`);
  if (!row) throw new DomainError(SalesError.WAREHOUSE_INVALID, "unprocessable", "warehouseId: the entity has no selling warehouse", { entityId });
  return Number(row.id);
}

function pricedBy(basis: PricingBasis, line: OrderLineRequest, agreed: AgreedPrice | null, uom: string, date: string) {
  if (line.unitPriceMinor !== null && line.unitPriceMinor !== undefined) {
    return { unitPriceMinor: line.unitPriceMinor, source: "manual_override", sourceRef: null, manual: true };
  }
  if (agreed) return { unitPriceMinor: agreed.unitPriceMinor, source: agreed.source, sourceRef: agreed.sourceRef, manual: agreed.source === "manual_override" };
  if (!basis.decision) throw priceNotFound(basis, uom, date);
  return { unitPriceMinor: basis.decision.unitPriceMinor, source: basis.decision.source, sourceRef: basis.decision.sourceRef, manual: false };
}

/** Prices one requested line for the customer on the order date; field names point at lines.N. */
export async function draftLine(tx: Tx, customer: SalesCustomer, orderDate: string, line: OrderLineRequest, index: number, agreed: AgreedPrice | null = null): Promise<LineDraft> {
  const field = `lines.${index}`;
  await loadSalesItem(tx, line.itemId, { field: `${field}.itemId` });
  const warehouseId = line.warehouseId ?? await defaultWarehouseFor(tx, customer.entityId, line.itemId);
  await requireSellingWarehouse(tx, customer.entityId, warehouseId, `${field}.warehouseId`);
  const basis = await loadPricingBasis(tx, { entityId: customer.entityId, customerId: customer.id, itemId: line.itemId, uom: line.uom, qty: line.qty, date: orderDate, warehouseId });
  const price = pricedBy(basis, line, agreed, line.uom, orderDate);
  const marginBps = marginOfBasis(basis, price.unitPriceMinor);
  const holdReason: HoldReason | null = price.manual ? "manual_override" : marginBps < basis.marginFloorBps ? "below_margin_floor" : null;
  return {
    itemId: line.itemId, warehouseId, uom: line.uom, qty: parseQty(line.qty), baseQty: basis.baseQty,
    unitPriceMinor: price.unitPriceMinor, listPriceMinor: basis.decision?.listPriceMinor ?? price.unitPriceMinor,
    priceSource: price.source, priceSourceRef: price.sourceRef, unitCostMinor: basis.unitCostMinor, marginBps, marginFloorBps: basis.marginFloorBps,
    holdReason, requestedDate: line.requestedDate ?? null, substituteForItemId: line.substituteForItemId ?? null,
  };
}
