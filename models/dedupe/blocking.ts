// Blocking: which pairs are compared at all. Never all pairs: a sorted-neighbourhood pass per
// sort key (the name, the name read backwards, its sorted words, the sorted bag of every word, a
// phonetic key) pairs each record with its next WINDOW - 1 neighbours, and exact keys (phone,
// email, identifiers) pair records inside small blocks only. Cost is O(n log n + n * window).
import { assert } from "../../core/shared/assert";
import { phoneticKey, type PreparedRecords } from "./fields";

export const WINDOW_DEFAULT = 6;
/** Exact-key blocks larger than this are skipped: a shared switchboard number says little. */
export const EXACT_BLOCK_MAX = 25;
export const PAIRS_MAX = 50_000_000;

export type CandidatePairs = { left: Int32Array; right: Int32Array; count: number };

class PairSet {
  private readonly seen = new Set<number>();
  readonly left: number[] = [];
  readonly right: number[] = [];
  constructor(private readonly n: number) {}
  add(a: number, b: number): void {
    if (a === b) return;
    const lo = a < b ? a : b;
    const hi = a < b ? b : a;
    const key = lo * this.n + hi;
    if (this.seen.has(key)) return;
    assert(this.left.length < PAIRS_MAX, "blocking produced too many pairs");
    this.seen.add(key);
    this.left.push(lo);
    this.right.push(hi);
  }
}

function sortedNeighbourhood(keys: readonly string[], window: number, pairs: PairSet): void {
  const order = Array.from(keys.keys()).filter((i) => keys[i]!.length > 0);
  order.sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b));
  for (let i = 0; i < order.length; i += 1) {
    for (let j = i + 1; j < Math.min(order.length, i + window); j += 1) pairs.add(order[i]!, order[j]!);
  }
}

function exactBlocks(keys: readonly string[], pairs: PairSet): void {
  const blocks = new Map<string, number[]>();
  keys.forEach((key, i) => {
    if (key.length === 0) return;
    const block = blocks.get(key);
    if (block) block.push(i);
    else blocks.set(key, [i]);
  });
  for (const block of blocks.values()) {
    if (block.length < 2 || block.length > EXACT_BLOCK_MAX) continue;
    for (let i = 0; i < block.length; i += 1) for (let j = i + 1; j < block.length; j += 1) pairs.add(block[i]!, block[j]!);
  }
}

/** Sort keys of the first text field (the name) and of the whole record. */
function sortKeys(records: PreparedRecords): string[][] {
  const firstText = records.roles.indexOf("text");
  const name = (r: number) => (firstText >= 0 ? records.fields[r]![firstText]! : null);
  const keys: string[][] = [[], [], [], [], []];
  for (let r = 0; r < records.count; r += 1) {
    const field = name(r);
    const text = field?.text ?? "";
    keys[0]!.push(text);
    keys[1]!.push([...text].reverse().join(""));
    keys[2]!.push(field ? [...field.tokens].sort().join(" ") : "");
    keys[3]!.push(records.bags[r]!.join(" "));
    keys[4]!.push(field && field.tokens.length > 0 ? `${phoneticKey(field.tokens)} ${text}` : "");
  }
  return keys;
}

export function blockPairs(records: PreparedRecords, window = WINDOW_DEFAULT): CandidatePairs {
  assert(window >= 2, "a window holds at least two records");
  const pairs = new PairSet(records.count);
  for (const keys of sortKeys(records)) sortedNeighbourhood(keys, window, pairs);
  records.roles.forEach((role, f) => {
    if (role === "text") return;
    exactBlocks(records.fields.map((fields) => fields[f]!.key), pairs);
  });
  return { left: Int32Array.from(pairs.left), right: Int32Array.from(pairs.right), count: pairs.left.length };
}
