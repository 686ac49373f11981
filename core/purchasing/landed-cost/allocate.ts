// Pure allocation of a landed-cost charge over a receipt's lines, and the split of each share
// between goods still held (raising stock value) and goods already gone (to COGS).
import { assert } from "../../shared/assert";
import { allocateLargestRemainder, divideRounded } from "../../shared/money";
import { parseQty, type QtyScaled } from "../../shared/quantity";

export type AllocationMethod = "value" | "weight" | "quantity";
export type ReceiptLineBasis = { receiptLineId: number; itemId: number; baseQty: QtyScaled; valueBaseMinor: bigint; weightKg: string };

/** The weight of each line under the method; weight is kg per base unit times base quantity. */
export function allocationWeights(lines: readonly ReceiptLineBasis[], method: AllocationMethod): bigint[] {
  return lines.map((line) => {
    switch (method) {
      case "value": return line.valueBaseMinor;
      case "weight": return parseQty(line.weightKg) * line.baseQty;
      case "quantity": return line.baseQty;
    }
  });
}

/** Splits the charge in base and document currency by the same weights, largest remainder (ties to the earlier line). */
export function allocateCharge(amountBaseMinor: bigint, amountMinor: bigint, weights: readonly bigint[]): { baseMinor: bigint; documentMinor: bigint }[] {
  const base = allocateLargestRemainder(amountBaseMinor, weights);
  const document = allocateLargestRemainder(amountMinor, weights);
  return base.map((baseMinor, index) => ({ baseMinor, documentMinor: document[index] ?? 0n }));
}

/** The share of a line's charge for goods still on hand: held / received of that item, half-even. */
export function heldShare(shareMinor: bigint, receivedQty: QtyScaled, heldQty: QtyScaled): bigint {
  assert(receivedQty > 0n, "a receipt line received something");
  assert(heldQty >= 0n && heldQty <= receivedQty, "held quantity lies between zero and what was received");
  return divideRounded(shareMinor * heldQty, receivedQty, "halfEven");
}
