// ABC classification by issue value, as a pure function: A items carry the first 80% of the
// value issued, B the next 15%, C the rest (and everything that did not move).
import { assert } from "../../shared/assert";

export type AbcClass = "A" | "B" | "C";

export const ABC_A_SHARE_PERCENT = 80n;
export const ABC_B_SHARE_PERCENT = 95n;
/** The window of issue value the classes are computed from. */
export const ABC_HISTORY_DAYS = 90;

/**
 * Classes by descending value (ties by item id). An item is A while the value before it is
 * under 80% of the total, so the biggest mover is always A; B while under 95%.
 */
export function classifyAbc(values: readonly { itemId: number; valueMinor: bigint }[]): Map<number, AbcClass> {
  for (const v of values) assert(v.valueMinor >= 0n, `issue value of item ${v.itemId} must not be negative`);
  const sorted = [...values].sort((a, b) => (a.valueMinor === b.valueMinor ? a.itemId - b.itemId : a.valueMinor > b.valueMinor ? -1 : 1));
  const total = sorted.reduce((sum, v) => sum + v.valueMinor, 0n);
  const classes = new Map<number, AbcClass>();
  let before = 0n;
  for (const v of sorted) {
    if (v.valueMinor === 0n || total === 0n) classes.set(v.itemId, "C");
    else if (before * 100n < total * ABC_A_SHARE_PERCENT) classes.set(v.itemId, "A");
    else if (before * 100n < total * ABC_B_SHARE_PERCENT) classes.set(v.itemId, "B");
    else classes.set(v.itemId, "C");
    before += v.valueMinor;
  }
  assert(classes.size === new Set(values.map((v) => v.itemId)).size, "every item got a class");
  return classes;
}
