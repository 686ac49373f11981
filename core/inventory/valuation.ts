import { assert } from "../shared/assert";
import { allocateLargestRemainder, divideRounded } from "../shared/money";
import { QTY_SCALE, type QtyScaled } from "../shared/quantity";

export type ValuationMethod = "moving_average" | "fifo";

export type CostLayerState = {
  /** Null for a layer created in this document and not yet written. */
  id: number | null;
  qtyReceived: QtyScaled;
  qtyRemaining: QtyScaled;
  valueRemainingMinor: bigint;
  /** Index of the document line that created it, for new layers. */
  createdByLine: number | null;
  changed: boolean;
};

/** A working copy of one item-warehouse position while a document is applied. */
export type Position = {
  itemId: number;
  warehouseId: number;
  qtyOnHand: QtyScaled;
  qtyAllocated: QtyScaled;
  valueMinor: bigint;
  /** Open FIFO layers, oldest first; null under moving average. */
  layers: CostLayerState[] | null;
};

/** Value of qty at a unit cost in minor units per base unit, rounded half-even. */
export function extendedValue(qty: QtyScaled, unitCostMinor: bigint): bigint {
  assert(qty >= 0n, "extended value needs a non-negative quantity");
  assert(unitCostMinor >= 0n, "unit cost must not be negative");
  return divideRounded(qty * unitCostMinor, QTY_SCALE, "halfEven");
}

/** Proportional share of a value: the last unit out takes exactly what is left. */
export function proportionalValue(totalValueMinor: bigint, totalQty: QtyScaled, qty: QtyScaled): bigint {
  assert(qty > 0n && qty <= totalQty, "proportional share needs 0 < qty <= total");
  if (qty === totalQty) return totalValueMinor;
  return divideRounded(totalValueMinor * qty, totalQty, "halfEven");
}

export function receiveInto(position: Position, qty: QtyScaled, valueMinor: bigint, lineIndex: number): void {
  assert(qty > 0n, "receipt quantity must be positive");
  assert(valueMinor >= 0n, "receipt value must not be negative");
  position.qtyOnHand += qty;
  position.valueMinor += valueMinor;
  if (position.layers) {
    position.layers.push({ id: null, qtyReceived: qty, qtyRemaining: qty, valueRemainingMinor: valueMinor, createdByLine: lineIndex, changed: true });
  }
}

/**
 * Takes qty out at valuation cost and returns the value removed. The caller has already
 * checked availability; this asserts it, since a miss here would be a programmer error.
 */
export function issueFrom(position: Position, qty: QtyScaled): bigint {
  assert(qty > 0n, "issue quantity must be positive");
  assert(qty <= position.qtyOnHand, "issue exceeds on-hand quantity");
  let valueMinor: bigint;
  if (position.layers === null) {
    valueMinor = proportionalValue(position.valueMinor, position.qtyOnHand, qty);
  } else {
    valueMinor = consumeLayers(position.layers, qty);
  }
  position.qtyOnHand -= qty;
  position.valueMinor -= valueMinor;
  assert(position.valueMinor >= 0n, "stock value went negative");
  assert(position.qtyOnHand > 0n || position.valueMinor === 0n, "empty position kept a value");
  return valueMinor;
}

function consumeLayers(layers: CostLayerState[], qty: QtyScaled): bigint {
  let remaining = qty;
  let valueMinor = 0n;
  for (const layer of layers) {
    if (remaining === 0n) break;
    if (layer.qtyRemaining === 0n) continue;
    const take = layer.qtyRemaining < remaining ? layer.qtyRemaining : remaining;
    const takeValue = proportionalValue(layer.valueRemainingMinor, layer.qtyRemaining, take);
    layer.qtyRemaining -= take;
    layer.valueRemainingMinor -= takeValue;
    layer.changed = true;
    valueMinor += takeValue;
    remaining -= take;
  }
  assert(remaining === 0n, "FIFO layers hold less than the on-hand quantity");
  return valueMinor;
}

/** Average unit cost in minor units per base unit (rounded), for gains entered without a cost. */
export function averageUnitCostMinor(position: Position): bigint | null {
  if (position.qtyOnHand === 0n) return null;
  return divideRounded(position.valueMinor * QTY_SCALE, position.qtyOnHand, "halfEven");
}

export function layersValue(layers: readonly CostLayerState[]): { qty: QtyScaled; valueMinor: bigint } {
  let qty = 0n;
  let valueMinor = 0n;
  for (const layer of layers) {
    qty += layer.qtyRemaining;
    valueMinor += layer.valueRemainingMinor;
  }
  return { qty, valueMinor };
}

/**
 * Changes the value of stock held without moving quantity (landed cost on goods still on
 * hand). FIFO spreads the change over the open layers by remaining quantity, largest
 * remainder, so layers keep summing to the position exactly.
 */
export function revalue(position: Position, deltaMinor: bigint): void {
  assert(position.qtyOnHand > 0n, "only stock on hand can be revalued");
  assert(position.valueMinor + deltaMinor >= 0n, "a revaluation cannot make stock value negative");
  position.valueMinor += deltaMinor;
  if (position.layers === null) return;
  const open = position.layers.filter((layer) => layer.qtyRemaining > 0n);
  const shares = allocateLargestRemainder(deltaMinor, open.map((layer) => layer.qtyRemaining));
  open.forEach((layer, index) => {
    layer.valueRemainingMinor += shares[index] ?? 0n;
    assert(layer.valueRemainingMinor >= 0n, "a revaluation made a cost layer negative");
    layer.changed = true;
  });
}
