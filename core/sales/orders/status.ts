// Order and line statuses follow the line quantities; these pure functions are the one place
// that derives them. Fulfilment (shipping) and order entry both call them after changing a line.
import { assert, assertNever } from "../../shared/assert";
import { divideRounded } from "../../shared/money";
import { parseQty, QTY_SCALE, type QtyScaled } from "../../shared/quantity";
import type { salesOrder, salesOrderLine } from "../schema";

export type SalesOrderRow = typeof salesOrder.$inferSelect;
export type SalesOrderLineRow = typeof salesOrderLine.$inferSelect;

export const ORDER_STATUSES = ["entered", "credit_hold", "released", "partially_shipped", "shipped", "closed", "cancelled"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const LINE_STATUSES = ["open", "pricing_hold", "allocated", "partially_allocated", "backordered", "shipped", "cancelled"] as const;
export type LineStatus = (typeof LINE_STATUSES)[number];
export const ORDER_CHANNELS = ["phone", "web", "edi", "api"] as const;
export type OrderChannel = (typeof ORDER_CHANNELS)[number];

/** Orders whose lines may hold allocations and join the backorder queue. */
export const RELEASED_ORDER_STATUSES: readonly OrderStatus[] = ["released", "partially_shipped"];
/** Lines that still wait for stock: allocation may raise their allocated quantity. */
export const ALLOCATABLE_LINE_STATUSES: readonly LineStatus[] = ["open", "backordered", "partially_allocated"];

export type LineQuantities = { ordered: QtyScaled; allocated: QtyScaled; shipped: QtyScaled; cancelled: QtyScaled };

export function quantitiesOf(line: Pick<SalesOrderLineRow, "baseQtyOrdered" | "baseQtyAllocated" | "baseQtyShipped" | "baseQtyCancelled">): LineQuantities {
  return {
    ordered: parseQty(line.baseQtyOrdered), allocated: parseQty(line.baseQtyAllocated),
    shipped: parseQty(line.baseQtyShipped), cancelled: parseQty(line.baseQtyCancelled),
  };
}

/** Ordered - shipped - cancelled: what the customer still expects. */
export function openQtyOf(q: LineQuantities): QtyScaled {
  const open = q.ordered - q.shipped - q.cancelled;
  assert(open >= 0n, "shipped and cancelled never exceed ordered");
  assert(q.allocated <= open, "allocation never exceeds the open quantity");
  return open;
}

/** Open - allocated: what waits for stock (the backorder, once the order is released). */
export function unallocatedQtyOf(q: LineQuantities): QtyScaled {
  return openQtyOf(q) - q.allocated;
}

export function isOrderStatus(value: string): value is OrderStatus {
  return (ORDER_STATUSES as readonly string[]).includes(value);
}

export function isReleased(status: string): boolean {
  return (RELEASED_ORDER_STATUSES as readonly string[]).includes(status) || status === "shipped";
}

/**
 * A line's status from its quantities. pricingHold keeps a line out of allocation until its
 * price is approved; a line of an order not yet released (credit hold) is simply open.
 */
export function lineStatusOf(q: LineQuantities, state: { pricingHold: boolean; released: boolean }): LineStatus {
  const open = openQtyOf(q);
  if (q.cancelled === q.ordered) return "cancelled";
  if (open === 0n) return "shipped";
  if (state.pricingHold) return "pricing_hold";
  if (!state.released && q.allocated === 0n) return "open";
  if (q.allocated === open) return "allocated";
  if (q.allocated > 0n) return "partially_allocated";
  return "backordered";
}

/** An order's status from its lines; entered/credit_hold/released are decided by order entry and credit. */
export function orderStatusOf(current: OrderStatus, lines: readonly LineQuantities[]): OrderStatus {
  switch (current) {
    case "cancelled":
    case "closed":
      return current;
    case "entered":
    case "credit_hold":
    case "released":
    case "partially_shipped":
    case "shipped": {
      const live = lines.filter((q) => q.cancelled < q.ordered);
      if (lines.length > 0 && live.length === 0) return "cancelled";
      const anyShipped = lines.some((q) => q.shipped > 0n);
      if (anyShipped && live.every((q) => openQtyOf(q) === 0n)) return "shipped";
      if (anyShipped) return "partially_shipped";
      return current === "shipped" || current === "partially_shipped" ? "released" : current;
    }
    default:
      return assertNever(current, "unknown order status");
  }
}

/** The value of a line quantity at the line's price: unit price is per `uom`, qty in `uom`. */
export function lineValueMinor(unitPriceMinor: bigint, qtyInUom: QtyScaled): bigint {
  return divideRounded(unitPriceMinor * qtyInUom, QTY_SCALE, "halfEven");
}

/** The value of part of a line, given in base units, at the line's price. */
export function baseQtyValueMinor(line: { unitPriceMinor: bigint; qty: QtyScaled; ordered: QtyScaled }, baseQty: QtyScaled): bigint {
  assert(line.ordered > 0n, "a line orders a positive quantity");
  return divideRounded(line.unitPriceMinor * line.qty * baseQty, line.ordered * QTY_SCALE, "halfEven");
}
