// Known duplicate customers and suppliers, planned from the seed like the rest of the demo (pure:
// no I/O, no clock, no Math.random): the same business keyed in again with a typo, with its words
// abbreviated or spelled out, or with two fields swapped. The base demo's six unmarked
// near-duplicate customers are found here too (they copy their original's phone and postal code),
// so that every duplicate in the demo is known.
import { assert } from "../../shared/assert";
import type { Random } from "../random";
import type { DemoCustomer, DemoData, DemoSupplier } from "../types";

export type DuplicateStyle = "typo" | "abbreviation" | "swapped_fields" | "base_demo";

export type PlannedDuplicate<T> = { style: DuplicateStyle; original: T; duplicate: T; description: string };

export type DuplicatePlan = {
  customers: PlannedDuplicate<DemoCustomer>[];
  /** Duplicates the base demo already loads: original and copy by code. */
  existingCustomers: { entityCode: string; originalCode: string; duplicateCode: string; description: string }[];
  suppliers: PlannedDuplicate<DemoSupplier>[];
};

export const CUSTOMER_DUPLICATES_BY_ENTITY: Record<string, number> = { US01: 12, CA01: 5 };
export const SUPPLIER_DUPLICATES_BY_ENTITY: Record<string, number> = { US01: 5, CA01: 2 };
const STYLES: readonly DuplicateStyle[] = ["typo", "abbreviation", "swapped_fields"];

const ABBREVIATIONS: readonly (readonly [RegExp, string])[] = [
  [/\bIncorporated\b/, "Inc"], [/\bInc\.$/, "Incorporated"], [/\bCompany\b/, "Co"], [/\bCo\.$/, "Company"], [/\bCorp\.$/, "Corporation"],
  [/\bLtd\.$/, "Limited"], [/\bLLC$/, "L.L.C."], [/ & /, " and "], [/\band\b/, "&"], [/\bSupply\b/, "Sup."], [/\bSupplies\b/, "Sup."],
  [/\bDistributors\b/, "Dist."], [/\bProducts\b/, "Prods."], [/\bServices\b/, "Svcs."], [/\bManufacturing\b/, "Mfg."], [/\bMfg\.\b/, "Manufacturing"],
  [/\bSaint\b/, "St."], [/^St\. /, "Saint "], [/\bInternational\b/, "Intl."], [/\bJanitorial\b/, "Jan."], [/\bMaterial\b/, "Matl."],
];

const STREET_WORDS: readonly (readonly [RegExp, string])[] = [[/ St$/, " Street"], [/ Ave$/, " Avenue"], [/ Rd$/, " Road"], [/ Dr$/, " Drive"], [/ Blvd$/, " Boulevard"]];

/** One keying slip in the longest word: two letters swapped, one dropped, or one doubled. */
export function typoOf(random: Random, name: string): string {
  const words = name.split(" ");
  const longest = words.reduce((best, word, index) => (word.length > (words[best] ?? "").length ? index : best), 0);
  const word = words[longest] as string;
  assert(word.length >= 4, `a word long enough for a typo in ${name}`);
  const at = random.int(1, word.length - 3);
  const slip = random.pick(["swap", "drop", "double"] as const);
  const typed = slip === "swap" ? word.slice(0, at) + (word[at + 1] as string) + (word[at] as string) + word.slice(at + 2)
    : slip === "drop" ? word.slice(0, at) + word.slice(at + 1)
    : word.slice(0, at) + (word[at] as string) + word.slice(at);
  words[longest] = typed;
  return words.join(" ");
}

/** The name with its words abbreviated or spelled out (the first pattern that applies), else upper case. */
export function abbreviationOf(name: string): string {
  const rule = ABBREVIATIONS.find(([pattern]) => pattern.test(name));
  return rule ? name.replace(rule[0], rule[1]) : name.toUpperCase();
}

function spelledStreet(line: string): string {
  const rule = STREET_WORDS.find(([pattern]) => pattern.test(line));
  return rule ? line.replace(rule[0], rule[1]) : line;
}

type Party = { code: string; name: string; addressLine1: string; city: string; region: string; postalCode: string; phone: string; email: string; taxId: string };

function variantOf<T extends Party>(random: Random, original: T, style: DuplicateStyle, code: string): { party: T; description: string } {
  const keep = { ...original, code };
  if (style === "typo") {
    const name = typoOf(random, original.name);
    return { party: { ...keep, name, email: original.email.replace(/^[^@]*@/, "info@") }, description: `typo: "${original.name}" keyed as "${name}"` };
  }
  if (style === "abbreviation") {
    const name = abbreviationOf(original.name);
    return { party: { ...keep, name, addressLine1: spelledStreet(original.addressLine1), taxId: "" }, description: `abbreviation: "${original.name}" keyed as "${name}", street spelled out` };
  }
  // Swapped fields: the street keyed into the city field and the city into the street; phone without punctuation.
  return {
    party: { ...keep, addressLine1: original.city, city: original.addressLine1, phone: original.phone.replace(/\D/g, "") },
    description: `swapped fields: street "${original.addressLine1}" and city "${original.city}" keyed the other way round`,
  };
}

function pickOriginals<T extends { entityCode: string }>(random: Random, rows: readonly T[], entityCode: string, count: number, exclude: Set<T>): T[] {
  const eligible = rows.filter((r) => r.entityCode === entityCode && !exclude.has(r));
  return random.shuffle(eligible).slice(0, count);
}

/** The base demo's near-duplicates: the last customers of each entity copy an earlier one's phone and postal code. */
function existingDuplicates(data: DemoData): DuplicatePlan["existingCustomers"] {
  const found: DuplicatePlan["existingCustomers"] = [];
  for (const entity of data.entities) {
    const customers = data.customers.filter((c) => c.entityCode === entity.code);
    customers.forEach((copy, index) => {
      const original = customers.slice(0, index).find((c) => c.phone === copy.phone && c.postalCode === copy.postalCode && c.city === copy.city);
      if (original) found.push({ entityCode: entity.code, originalCode: original.code, duplicateCode: copy.code, description: `base demo near-duplicate: "${original.name}" keyed again as "${copy.name}"` });
    });
  }
  return found;
}

export function planDuplicates(data: DemoData, random: Random): DuplicatePlan {
  const existing = existingDuplicates(data);
  const taken = new Set(data.customers.filter((c) => existing.some((e) => e.entityCode === c.entityCode && (e.originalCode === c.code || e.duplicateCode === c.code))));
  const customers: PlannedDuplicate<DemoCustomer>[] = [];
  const suppliers: PlannedDuplicate<DemoSupplier>[] = [];
  for (const entity of data.entities) {
    const customerStream = random.fork(`customers:${entity.code}`);
    pickOriginals(customerStream, data.customers, entity.code, CUSTOMER_DUPLICATES_BY_ENTITY[entity.code] ?? 0, taken).forEach((original, index) => {
      const style = STYLES[index % STYLES.length] as DuplicateStyle;
      const variant = variantOf(customerStream, original, style, `${original.code}D`);
      const shipTos = original.shipTos.filter((s) => s.isDefault).map((s) => ({ ...s, name: variant.party.name, addressLine1: variant.party.addressLine1, city: variant.party.city }));
      customers.push({ style, original, duplicate: { ...variant.party, tier: "standard", priceListCode: "LIST", creditLimitMinor: 500_000n, shipTos }, description: variant.description });
    });
    const supplierStream = random.fork(`suppliers:${entity.code}`);
    pickOriginals(supplierStream, data.suppliers, entity.code, SUPPLIER_DUPLICATES_BY_ENTITY[entity.code] ?? 0, new Set()).forEach((original, index) => {
      const style = STYLES[(index + 1) % STYLES.length] as DuplicateStyle;
      const variant = variantOf(supplierStream, original, style, `${original.code}D`);
      suppliers.push({ style, original, duplicate: variant.party, description: variant.description });
    });
  }
  return { customers, existingCustomers: existing, suppliers };
}
