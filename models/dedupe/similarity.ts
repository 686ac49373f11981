// Jaro-Winkler for the duplicate scan's hot loop, bit-parallel: the positions of each character of
// the right string are one 32-bit mask, so finding a's match in b's window is a mask AND and a
// lowest-bit pick instead of a scan of the window. Same result as core/masters/merge's jaroWinkler
// (first unmatched equal character in the window, then transpositions in order), which it falls
// back to for strings longer than 32 characters or outside ASCII.
import { jaroWinkler } from "../../core/masters/merge";

const ASCII = 128;
const BITS = 32;
// Scratch reused by every call: the scan compares millions of pairs, so nothing is allocated per pair.
const positions = new Int32Array(ASCII);
const matchedCodes = new Int32Array(BITS);

/** Bits lo..hi set (0 <= lo, hi < 32), or 0 when lo > hi. */
function rangeMask(lo: number, hi: number): number {
  if (lo > hi) return 0;
  const upper = hi === BITS - 1 ? -1 : (1 << (hi + 1)) - 1;
  return upper & ~((1 << lo) - 1);
}

function clearPositions(b: string, upTo: number): void {
  for (let j = 0; j < upTo; j += 1) positions[b.charCodeAt(j) & (ASCII - 1)] = 0;
}

export function fastJaroWinkler(a: string, b: string): number {
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  if (a === b) return 1;
  if (lb > BITS || la > BITS) return jaroWinkler(a, b);
  for (let j = 0; j < lb; j += 1) {
    const code = b.charCodeAt(j);
    if (code >= ASCII) {
      clearPositions(b, j);
      return jaroWinkler(a, b);
    }
    positions[code] = positions[code]! | (1 << j);
  }
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  let bMatched = 0;
  let matches = 0;
  for (let i = 0; i < la; i += 1) {
    const code = a.charCodeAt(i);
    if (code >= ASCII) continue;
    const candidates = positions[code]! & rangeMask(Math.max(0, i - window), Math.min(lb - 1, i + window)) & ~bMatched;
    if (candidates === 0) continue;
    bMatched |= candidates & -candidates;
    matchedCodes[matches] = code;
    matches += 1;
  }
  clearPositions(b, lb);
  if (matches === 0) return 0;
  let transpositions = 0;
  let remaining = bMatched;
  for (let k = 0; remaining !== 0; k += 1) {
    const bit = remaining & -remaining;
    if (matchedCodes[k] !== b.charCodeAt(31 - Math.clz32(bit))) transpositions += 1;
    remaining ^= bit;
  }
  const jaro = (matches / la + matches / lb + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < la && prefix < lb && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix += 1;
  return Math.min(1, jaro + prefix * 0.1 * (1 - jaro));
}

/** Token Jaccard where tokens match when Jaro-Winkler >= 0.9 (core's softTokenJaccard, on the fast Jaro-Winkler). */
export function fastSoftTokenJaccard(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let used = 0;
  let shared = 0;
  for (const token of a) {
    for (let j = 0; j < b.length && j < 31; j += 1) {
      if ((used & (1 << j)) !== 0) continue;
      const other = b[j]!;
      if (token !== other) {
        // Tokens that share no first or last letter are never a one-typo pair: skip the compare.
        if (token.charCodeAt(0) !== other.charCodeAt(0) && token.charCodeAt(token.length - 1) !== other.charCodeAt(other.length - 1)) continue;
        if (fastJaroWinkler(token, other) < 0.9) continue;
      }
      used |= 1 << j;
      shared += 1;
      break;
    }
  }
  return shared / (a.length + b.length - shared);
}
