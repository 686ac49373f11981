// Credit arithmetic for returns, pure: a returned quantity takes its cumulative share of the
// original invoice line's net and tax, so returning a whole line in parts credits it exactly.
import { divideRounded } from "../../shared/money";
import { QTY_SCALE, parseQty, type QtyScaled } from "../../shared/quantity";
import { assert } from "../../shared/assert";
import { incrementalShare } from "../receivables/carrying-value";
import type { DocumentLineAmounts } from "../invoicing/amounts";

export type InvoicedLine = { netMinor: bigint; taxMinor: bigint; baseQty: string };

export function creditLineAmounts(line: InvoicedLine, creditedBefore: QtyScaled, qty: QtyScaled): DocumentLineAmounts {
  const invoiced = parseQty(line.baseQty);
  return { netMinor: incrementalShare(line.netMinor, invoiced, creditedBefore, qty), taxMinor: incrementalShare(line.taxMinor, invoiced, creditedBefore, qty) };
}

/** Original cost per base unit from what the shipment took out of stock. */
export function unitCostFromShipment(costValueMinor: bigint, shippedQty: QtyScaled): bigint {
  assert(shippedQty > 0n, "a shipped quantity is positive");
  assert(costValueMinor >= 0n, "a shipment's cost is not negative");
  return divideRounded(costValueMinor * QTY_SCALE, shippedQty, "halfEven");
}

/** Value of returned units at the original unit cost, rounded like the stock ledger rounds a receipt. */
export function returnedValueMinor(qty: QtyScaled, unitCostMinor: bigint): bigint {
  return divideRounded(qty * unitCostMinor, QTY_SCALE, "halfEven");
}
