// Pure string similarity for master records: normalization with abbreviation folding, Jaro-Winkler,
// token Jaccard, phone digits and a phonetic key. The duplicate classifier (models/dedupe) and the
// "looks like an existing record" warning both use these, so a pair means the same thing to both.
import { assert } from "../../shared/assert";

/** Abbreviations and their long forms, folded to one spelling before comparing. */
const CANONICAL_WORDS: Record<string, string> = {
  st: "street", str: "street", ave: "avenue", av: "avenue", rd: "road", blvd: "boulevard", dr: "drive", ln: "lane",
  hwy: "highway", pkwy: "parkway", ct: "court", pl: "place", sq: "square", ste: "suite", fl: "floor", apt: "apartment",
  n: "north", s: "south", e: "east", w: "west", ne: "northeast", nw: "northwest", se: "southeast", sw: "southwest",
  mt: "mount", ft: "fort", intl: "international", natl: "national", bros: "brothers", mfg: "manufacturing",
  dist: "distribution", distrib: "distribution", svc: "services", svcs: "services", srvs: "services", assoc: "associates",
  ind: "industries", inds: "industries", tech: "technology", mgmt: "management", grp: "group", whse: "warehouse",
  and: "and", "&": "and",
};

/** Legal-form words: "Acme Inc" and "Acme Incorporated" and "Acme" name the same business. */
const LEGAL_FORMS = new Set(["inc", "incorporated", "llc", "ltd", "limited", "corp", "corporation", "co", "company", "plc", "gmbh", "lp", "llp", "the"]);

export const STRING_LENGTH_MAX = 300;

/** Lower case, no accents, no punctuation, abbreviations folded; legal forms dropped when dropLegal. */
export function normalizeText(value: string | null | undefined, options: { dropLegal?: boolean } = {}): string {
  if (!value) return "";
  const plain = value.slice(0, STRING_LENGTH_MAX).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    // Dots go without a space so "L.L.C." is "llc" and "St." is "st"; other punctuation splits words.
    .replace(/&/g, " and ").replace(/\./g, "").replace(/[^a-z0-9 ]+/g, " ");
  const words: string[] = [];
  for (const raw of plain.split(/\s+/)) {
    if (raw.length === 0) continue;
    const word = CANONICAL_WORDS[raw] ?? raw;
    if (options.dropLegal && LEGAL_FORMS.has(word)) continue;
    words.push(word);
  }
  return words.join(" ");
}

export function tokensOf(normalized: string): string[] {
  return normalized.length === 0 ? [] : normalized.split(" ");
}

// Scratch flags reused across calls: the duplicate scan compares millions of pairs.
let aScratch = new Uint8Array(64);
let bScratch = new Uint8Array(64);

/** Jaro-Winkler similarity in [0, 1] (prefix scale 0.1, prefix up to 4). */
export function jaroWinkler(a: string, b: string): number {
  if (a.length === 0 || b.length === 0) return 0;
  if (a === b) return 1;
  if (aScratch.length < a.length) aScratch = new Uint8Array(a.length * 2);
  if (bScratch.length < b.length) bScratch = new Uint8Array(b.length * 2);
  const aMatched = aScratch;
  const bMatched = bScratch;
  aMatched.fill(0, 0, a.length);
  bMatched.fill(0, 0, b.length);
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  let matches = 0;
  for (let i = 0; i < a.length; i += 1) {
    const from = Math.max(0, i - window);
    const to = Math.min(b.length - 1, i + window);
    const code = a.charCodeAt(i);
    for (let j = from; j <= to; j += 1) {
      if (bMatched[j] || code !== b.charCodeAt(j)) continue;
      aMatched[i] = 1;
      bMatched[j] = 1;
      matches += 1;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < a.length; i += 1) {
    if (!aMatched[i]) continue;
    while (!bMatched[k]) k += 1;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions += 1;
    k += 1;
  }
  const jaro = (matches / a.length + matches / b.length + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && prefix < b.length && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix += 1;
  const result = jaro + prefix * 0.1 * (1 - jaro);
  assert(result >= 0 && result <= 1 + 1e-9, "Jaro-Winkler stays in [0, 1]");
  return Math.min(1, result);
}

/** Shared tokens over all tokens; order-free, so swapped words still match. */
export function tokenJaccard(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const left = new Set(a);
  const right = new Set(b);
  let shared = 0;
  for (const token of left) if (right.has(token)) shared += 1;
  return shared / (left.size + right.size - shared);
}

/** tokenJaccard for sorted arrays without repeats, by one merge pass (no allocation). */
export function sortedTokenJaccard(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) { shared += 1; i += 1; j += 1; }
    else if (a[i]! < b[j]!) i += 1;
    else j += 1;
  }
  return shared / (a.length + b.length - shared);
}

/** Token Jaccard where tokens match when Jaro-Winkler >= 0.9: tolerant of a typo per word. */
export function softTokenJaccard(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  // A bit per word of b (names and addresses have far fewer than 31 words; the rest never match).
  let used = 0;
  let shared = 0;
  for (const token of a) {
    for (let j = 0; j < b.length; j += 1) {
      if (j >= 31 || (used & (1 << j)) !== 0) continue;
      // Tokens that share no first or last letter are never a one-typo pair: skip the costly compare.
      const other = b[j]!;
      if (token !== other && token[0] !== other[0] && token[token.length - 1] !== other[other.length - 1]) continue;
      if (token !== other && jaroWinkler(token, other) < 0.9) continue;
      used |= 1 << j;
      shared += 1;
      break;
    }
  }
  return shared / (a.length + b.length - shared);
}

export function digitsOf(value: string | null | undefined): string {
  return value ? value.replace(/\D+/g, "") : "";
}

/** Phone numbers compare on their last 7 digits: country and area prefixes are often left out. */
export const PHONE_DIGITS_COMPARED = 7;

export function phoneKey(value: string | null | undefined): string {
  const digits = digitsOf(value);
  return digits.length >= PHONE_DIGITS_COMPARED ? digits.slice(-PHONE_DIGITS_COMPARED) : "";
}

const SOUNDEX_CODES: Record<string, string> = {
  b: "1", f: "1", p: "1", v: "1", c: "2", g: "2", j: "2", k: "2", q: "2", s: "2", x: "2", z: "2",
  d: "3", t: "3", l: "4", m: "5", n: "5", r: "6",
};

/** American Soundex of one word ("robert" -> "r163"); digits and empty words give "". */
export function soundex(word: string): string {
  const letters = word.replace(/[^a-z]/g, "");
  if (letters.length === 0) return "";
  let code = letters[0]!;
  let last = SOUNDEX_CODES[letters[0]!] ?? "";
  for (let i = 1; i < letters.length && code.length < 4; i += 1) {
    const ch = letters[i]!;
    const digit = SOUNDEX_CODES[ch] ?? "";
    if (digit !== "" && digit !== last) code += digit;
    if (ch !== "h" && ch !== "w") last = digit;
  }
  return code.padEnd(4, "0");
}

/** Compares two optional values: similarity in [0, 1] and whether both sides had one. */
export type FieldComparison = { similarity: number; present: boolean };

export function compareText(a: string, b: string): FieldComparison {
  if (a.length === 0 || b.length === 0) return { similarity: 0, present: false };
  return { similarity: Math.max(jaroWinkler(a, b), softTokenJaccard(tokensOf(a), tokensOf(b))), present: true };
}
