// Pure available-to-promise arithmetic over one warehouse's supply: what is free now, the
// backorders queued ahead of this demand, and the scheduled receipts by date.
import { assert } from "../../shared/assert";
import type { QtyScaled } from "../../shared/quantity";

export type WarehouseSupply = {
  /** On hand minus allocated now (never below zero). */
  availableNow: QtyScaled;
  /** Backordered quantity of orders ahead in the allocation queue; they take supply first. */
  demandAhead: QtyScaled;
  /** Sorted by date, earliest first. */
  receipts: readonly { date: string; baseQty: QtyScaled }[];
};

/** What could ship today: free stock left after the queue ahead, up to the quantity asked. */
export function canShipNow(supply: WarehouseSupply, baseQty: QtyScaled): QtyScaled {
  const free = supply.availableNow - supply.demandAhead;
  if (free <= 0n) return 0n;
  return free < baseQty ? free : baseQty;
}

/**
 * The earliest date the whole quantity is available: the request date when free stock covers it,
 * else the date of the receipt that makes cumulative supply reach it (never before the request
 * date); null when even every scheduled receipt is not enough.
 */
export function promiseDateOf(supply: WarehouseSupply, baseQty: QtyScaled, requestDate: string): string | null {
  assert(baseQty > 0n, "a promise is for a positive quantity");
  let cumulative = supply.availableNow - supply.demandAhead;
  if (cumulative >= baseQty) return requestDate;
  let previous = "";
  for (const receipt of supply.receipts) {
    assert(receipt.date >= previous, "scheduled receipts are sorted by date");
    previous = receipt.date;
    cumulative += receipt.baseQty;
    if (cumulative >= baseQty) return receipt.date > requestDate ? receipt.date : requestDate;
  }
  return null;
}

export type WarehousePromise = { warehouseId: number; promiseDate: string | null; canShipToday: QtyScaled };

/** The best warehouse: the earliest promise, then the most that ships today, then the lowest id. */
export function bestPromise<T extends WarehousePromise>(rows: readonly T[]): T | null {
  const promised = rows.filter((r) => r.promiseDate !== null);
  promised.sort((a, b) => (a.promiseDate! < b.promiseDate! ? -1 : a.promiseDate! > b.promiseDate! ? 1 : 0)
    || (a.canShipToday > b.canShipToday ? -1 : a.canShipToday < b.canShipToday ? 1 : 0) || a.warehouseId - b.warehouseId);
  return promised[0] ?? null;
}
