import { assert } from "../shared/assert";

/**
 * A small seeded PRNG (mulberry32) so the demo distributor is the same on every machine for
 * the same seed. Math.random is never used in the demo: one call would make it irreproducible.
 */
export type Random = {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by relative weight; weights need not sum to one. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
  /** Standard normal (Box-Muller). */
  normal(): number;
  /** exp(uniform(ln min, ln max)): many small values, some large, as prices and quantities are. */
  logUniform(min: number, max: number): number;
  shuffle<T>(items: readonly T[]): T[];
  /** An independent stream for one part of the data, so adding items never reshuffles customers. */
  fork(label: string): Random;
};

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over the label, mixed with the seed: a stable 32-bit seed per named stream. */
export function deriveSeed(seed: number, label: string): number {
  let hash = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let index = 0; index < label.length; index++) {
    hash ^= label.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export function createRandom(seed: number): Random {
  assert(Number.isInteger(seed), "random seed must be an integer");
  const next = mulberry32(seed);
  const random: Random = {
    next,
    int(min, max) {
      assert(Number.isInteger(min) && Number.isInteger(max), "int bounds must be integers");
      assert(min <= max, `int bounds out of order: ${min} > ${max}`);
      return min + Math.floor(next() * (max - min + 1));
    },
    chance: (probability) => next() < probability,
    pick(items) {
      assert(items.length > 0, "cannot pick from an empty list");
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    weighted(entries) {
      const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
      assert(total > 0, "weights must sum to more than zero");
      let point = next() * total;
      for (const [value, weight] of entries) {
        point -= weight;
        if (point < 0) return value;
      }
      return (entries[entries.length - 1] as readonly [(typeof entries)[number][0], number])[0];
    },
    normal() {
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    logUniform(min, max) {
      assert(min > 0 && max >= min, "logUniform needs 0 < min <= max");
      return Math.exp(Math.log(min) + next() * (Math.log(max) - Math.log(min)));
    },
    shuffle(items) {
      const copy = [...items];
      for (let index = copy.length - 1; index > 0; index--) {
        const other = Math.floor(next() * (index + 1));
        [copy[index], copy[other]] = [copy[other] as (typeof copy)[number], copy[index] as (typeof copy)[number]];
      }
      return copy;
    },
    fork: (label) => createRandom(deriveSeed(seed, label)),
  };
  return random;
}
