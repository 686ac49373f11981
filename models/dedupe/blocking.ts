// Blocking: which pairs are compared at all. Never all pairs: a sorted-neighbourhood pass per
// sort key (the name, the name read backwards, its sorted words, the sorted bag of every word, a
// phonetic key) pairs each record with its next WINDOW - 1 neighbours, and exact keys (phone,
// email, identifiers) pair records inside small blocks only. Cost is O(n log n + n * window).
import { assert } from "../../core/shared/assert";
import { phoneticKey, type PreparedRecords } from "./fields";

/** Neighbours per sort key on small scans (a few thousand masters of one entity): cheap, and the widest net. */
export const WINDOW_DEFAULT = 6;
/**
 * From LARGE_SCAN_RECORDS records on, 4 neighbours: on 100,000 generated parties that keeps recall at
 * 0.999 with 860,000 pairs where 6 gave 1,480,000, and the scan time follows the pair count.
 */
export const WINDOW_LARGE = 4;
export const LARGE_SCAN_RECORDS = 20_000;
/** Exact-key blocks larger than this are skipped: a shared switchboard number says little. */
export const EXACT_BLOCK_MAX = 25;
export const PAIRS_MAX = 50_000_000;

export type CandidatePairs = { left: Int32Array; right: Int32Array; count: number };

/**
 * Candidate pairs in growing Int32Arrays, made unique on insertion by an open-addressing hash table
 * of pair indexes: no Set of millions of keys, no per-pair allocation, and pairs keep the order the
 * sort keys produced them in (training samples its negatives from that order).
 */
class PairSet {
  private left = new Int32Array(1 << 16);
  private right = new Int32Array(1 << 16);
  private size = 0;
  /** Pair index + 1 per slot, 0 when empty; kept at most half full. */
  private slots = new Int32Array(1 << 17);

  private static slotOf(lo: number, hi: number, mask: number): number {
    let h = Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi + 0x7f4a7c15, 0x85ebca77);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    return (h ^ (h >>> 12)) & mask;
  }

  private grow(): void {
    if (this.size === this.left.length) {
      const left = new Int32Array(this.left.length * 2);
      const right = new Int32Array(this.right.length * 2);
      left.set(this.left);
      right.set(this.right);
      this.left = left;
      this.right = right;
    }
    if (this.size * 2 < this.slots.length) return;
    this.slots = new Int32Array(this.slots.length * 2);
    const mask = this.slots.length - 1;
    for (let p = 0; p < this.size; p += 1) {
      let slot = PairSet.slotOf(this.left[p]!, this.right[p]!, mask);
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = p + 1;
    }
  }

  add(a: number, b: number): void {
    if (a === b) return;
    const lo = a < b ? a : b;
    const hi = a < b ? b : a;
    const mask = this.slots.length - 1;
    let slot = PairSet.slotOf(lo, hi, mask);
    for (let taken = this.slots[slot]!; taken !== 0; taken = this.slots[slot]!) {
      if (this.left[taken - 1] === lo && this.right[taken - 1] === hi) return;
      slot = (slot + 1) & mask;
    }
    assert(this.size < PAIRS_MAX, "blocking produced too many pairs");
    this.left[this.size] = lo;
    this.right[this.size] = hi;
    this.size += 1;
    this.slots[slot] = this.size;
    this.grow();
  }

  toPairs(): CandidatePairs {
    return { left: this.left.slice(0, this.size), right: this.right.slice(0, this.size), count: this.size };
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

export function blockPairs(records: PreparedRecords, window = records.count >= LARGE_SCAN_RECORDS ? WINDOW_LARGE : WINDOW_DEFAULT): CandidatePairs {
  assert(window >= 2, "a window holds at least two records");
  const pairs = new PairSet();
  for (const keys of sortKeys(records)) sortedNeighbourhood(keys, window, pairs);
  records.roles.forEach((role, f) => {
    if (role === "text") return;
    exactBlocks(records.fields.map((fields) => fields[f]!.key), pairs);
  });
  return pairs.toPairs();
}
