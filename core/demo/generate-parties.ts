import { assert } from "../shared/assert";
import { CA_ENTITY, US_ENTITY } from "./generate-finance";
import {
  CA_CITIES, CA_COMPANY_SUFFIXES, CA_EDUCATION_PATTERNS, CA_GOVERNMENT_PATTERNS, CA_PLACE_WORDS, CA_STREET_NAMES,
  CA_SUPPLIERS, CUSTOMER_NAME_PATTERNS, EUR_SUPPLIERS, HST_PROVINCES, PLACE_WORDS, SAINTS, SHIP_TO_KINDS,
  STREET_NAMES, STREET_SUFFIXES, SURNAMES, US_CITIES, US_COMPANY_SUFFIXES, US_SUPPLIERS, type City,
} from "./party-vocabulary";
import type { Random } from "./random";
import type { CustomerTier, DemoAddress, DemoCategory, DemoCustomer, DemoShipTo, DemoSupplier, DemoUser } from "./types";

export const US_CUSTOMERS = 220;
export const CA_CUSTOMERS = 80;
/** Near-duplicates of earlier customers, left unmarked for duplicate detection to find. */
export const US_NEAR_DUPLICATES = 4;
export const CA_NEAR_DUPLICATES = 2;

export const DEMO_CUSTOMER_GROUPS: readonly DemoCategory[] = [
  { code: "CONTRACTORS", name: "Contractors" },
  { code: "FACILITIES", name: "Facilities" },
  { code: "HEALTHCARE", name: "Healthcare" },
  { code: "EDUCATION", name: "Education" },
  { code: "HOSPITALITY", name: "Hospitality" },
  { code: "GOVERNMENT", name: "Government" },
];

const GROUP_WEIGHTS: readonly (readonly [string, number])[] = [
  ["CONTRACTORS", 25], ["FACILITIES", 25], ["HEALTHCARE", 15], ["EDUCATION", 12], ["HOSPITALITY", 13], ["GOVERNMENT", 10],
];
const TIER_WEIGHTS: readonly (readonly [CustomerTier, number])[] = [["platinum", 5], ["gold", 15], ["silver", 30], ["standard", 50]];
/** Credit limits in major units: [min, max, step]. */
const CREDIT_BY_TIER: Record<CustomerTier, readonly [number, number, number]> = {
  platinum: [250_000, 500_000, 25_000], gold: [100_000, 200_000, 10_000], silver: [25_000, 75_000, 5_000], standard: [5_000, 20_000, 1_000],
};
const TERMS_BY_TIER: Record<CustomerTier, readonly (readonly [string, number])[]> = {
  platinum: [["NET45", 3], ["NET60", 2], ["2/10NET30", 2]],
  gold: [["NET30", 3], ["NET45", 2], ["2/10NET30", 2]],
  silver: [["NET30", 5], ["2/10NET30", 2]],
  standard: [["NET30", 17], ["COD", 3]],
};
const PRICE_LIST_BY_TIER: Record<CustomerTier, string> = { platinum: "PLATINUM", gold: "GOLD", silver: "LIST", standard: "LIST" };
const COMMERCIAL_GROUPS = new Set(["CONTRACTORS", "FACILITIES", "HOSPITALITY"]);

type Region = { entityCode: string; currency: string; country: string; cities: readonly City[]; places: readonly string[]; streets: readonly string[]; suffixes: readonly string[] };
const US_REGION: Region = { entityCode: US_ENTITY, currency: "USD", country: "US", cities: US_CITIES, places: PLACE_WORDS, streets: STREET_NAMES, suffixes: US_COMPANY_SUFFIXES };
const CA_REGION: Region = { entityCode: CA_ENTITY, currency: "CAD", country: "CA", cities: CA_CITIES, places: CA_PLACE_WORDS, streets: CA_STREET_NAMES, suffixes: CA_COMPANY_SUFFIXES };

const POSTAL_LETTERS = "ABCEGHJKLMNPRSTVWXYZ";

function digits(random: Random, count: number): string {
  return Array.from({ length: count }, () => String(random.int(0, 9))).join("");
}

function postalCode(random: Random, region: Region, city: City): string {
  if (region.country === "US") return `${city.postalPrefix}${digits(random, 5 - city.postalPrefix.length)}`;
  const letter = () => POSTAL_LETTERS.charAt(random.int(0, POSTAL_LETTERS.length - 1));
  const first = city.postalPrefix.length >= 2 ? city.postalPrefix : `${city.postalPrefix}${random.int(1, 9)}`;
  return `${first}${letter()} ${random.int(0, 9)}${letter()}${random.int(0, 9)}`;
}

function addressIn(random: Random, region: Region, city: City): DemoAddress {
  return {
    addressLine1: `${random.int(100, 9899)} ${random.pick(region.streets)} ${random.pick(STREET_SUFFIXES)}`,
    city: city.city, region: city.region, postalCode: postalCode(random, region, city), country: region.country,
  };
}

function pickCity(random: Random, region: Region): City {
  return random.weighted(region.cities.map((city) => [city, city.weight] as const));
}

function namePatterns(region: Region, groupCode: string): readonly string[] {
  if (region.country === "CA" && groupCode === "GOVERNMENT") return CA_GOVERNMENT_PATTERNS;
  if (region.country === "CA" && groupCode === "EDUCATION") return CA_EDUCATION_PATTERNS;
  const patterns = CUSTOMER_NAME_PATTERNS[groupCode];
  assert(patterns !== undefined, `name patterns for ${groupCode}`);
  return patterns;
}

function customerName(random: Random, region: Region, groupCode: string, city: City): string {
  const base = random.pick(namePatterns(region, groupCode))
    .replace("{P}", random.pick(region.places)).replace("{S}", random.pick(SURNAMES))
    .replace("{C}", city.city).replace("{X}", random.pick(SAINTS));
  const suffix = COMMERCIAL_GROUPS.has(groupCode) ? random.pick(region.suffixes) : "";
  return suffix ? `${base} ${suffix}` : base;
}

function slugOf(name: string): string {
  return name.toLowerCase().replace(/&/g, "and").replace(/[^a-z0-9]+/g, "").slice(0, 28);
}

function phoneIn(random: Random, city: City): string {
  return `(${city.areaCode}) 555-01${digits(random, 2)}`;
}

function taxIdIn(random: Random, region: Region): string {
  return region.country === "US" ? `${random.int(10, 98)}-${digits(random, 7)}` : `${random.int(100_000_000, 999_999_999)}RT0001`;
}

function shipTos(random: Random, region: Region, name: string, main: DemoAddress): DemoShipTo[] {
  const count = random.weighted([[1, 50], [2, 25], [3, 15], [4, 10]] as const);
  const result: DemoShipTo[] = [{ code: "MAIN", name, isDefault: true, ...main }];
  const nearby = region.cities.filter((c) => c.region === main.region);
  for (let index = 2; index <= count; index++) {
    const city = nearby.length > 0 ? random.pick(nearby) : pickCity(random, region);
    result.push({ code: `SHIP${String(index).padStart(2, "0")}`, name: `${name} - ${random.pick(SHIP_TO_KINDS)}`, isDefault: false, ...addressIn(random, region, city) });
  }
  return result;
}

function taxCodeFor(random: Random, region: Region, groupCode: string, province: string): string {
  if (region.country === "CA") return HST_PROVINCES.has(province) ? "HST" : "GST";
  if (groupCode === "GOVERNMENT" || groupCode === "EDUCATION") return "EXEMPT";
  return random.chance(0.08) ? "EXEMPT" : "STATE";
}

function uniqueName(random: Random, region: Region, groupCode: string, city: City, taken: Set<string>): string {
  for (let attempt = 0; attempt < 20; attempt++) {
    const name = customerName(random, region, groupCode, city);
    if (!taken.has(name)) return name;
  }
  return `${customerName(random, region, groupCode, city)} (${city.city})`;
}

function buildCustomer(random: Random, region: Region, code: string, taken: Set<string>): DemoCustomer {
  const groupCode = random.weighted(GROUP_WEIGHTS);
  const tier = random.weighted(TIER_WEIGHTS);
  const city = pickCity(random, region);
  const name = uniqueName(random, region, groupCode, city, taken);
  taken.add(name);
  const main = addressIn(random, region, city);
  const paymentTermCode = random.weighted(TERMS_BY_TIER[tier]);
  const [low, high, step] = CREDIT_BY_TIER[tier];
  const creditMajor = paymentTermCode === "COD" ? 0 : low + step * random.int(0, (high - low) / step);
  return {
    entityCode: region.entityCode, code, name, tier, groupCode, currency: region.currency,
    creditLimitMinor: BigInt(creditMajor) * 100n, paymentTermCode, priceListCode: PRICE_LIST_BY_TIER[tier],
    taxCode: taxCodeFor(random, region, groupCode, main.region),
    email: `purchasing@${slugOf(name)}.example`, phone: phoneIn(random, city), taxId: taxIdIn(random, region),
    ...main, shipTos: shipTos(random, region, name, main),
  };
}

const NAME_VARIANTS: readonly (readonly [RegExp, string])[] = [
  [/ & /, " and "], [/ Inc\.$/, " Incorporated"], [/ Co\.$/, " Company"], [/ Corp\.$/, " Corporation"],
  [/ Ltd\.$/, " Limited"], [/^St\. /, "Saint "], [/ LLC$/, ", L.L.C."],
];

/** The same business typed again: a spelled-out suffix or upper case, the street spelled out. */
function nearDuplicate(random: Random, original: DemoCustomer, code: string): DemoCustomer {
  const variant = NAME_VARIANTS.find(([pattern]) => pattern.test(original.name));
  const name = variant ? original.name.replace(variant[0], variant[1]) : original.name.toUpperCase();
  const addressLine1 = original.addressLine1.replace(/ St$/, " Street").replace(/ Ave$/, " Avenue").replace(/ Rd$/, " Road").replace(/ Dr$/, " Drive");
  const main = { ...original, addressLine1 };
  return {
    ...main, code, name, tier: "standard", priceListCode: "LIST", creditLimitMinor: 5_000_00n, paymentTermCode: "NET30",
    email: `orders@${slugOf(original.name)}.example`, taxId: random.chance(0.5) ? original.taxId : taxIdIn(random, original.country === "US" ? US_REGION : CA_REGION),
    shipTos: [{ code: "MAIN", name, isDefault: true, addressLine1, city: original.city, region: original.region, postalCode: original.postalCode, country: original.country }],
  };
}

function customersIn(random: Random, region: Region, count: number, duplicates: number, codeBase: number): DemoCustomer[] {
  const taken = new Set<string>();
  const customers: DemoCustomer[] = [];
  for (let index = 0; index < count - duplicates; index++) customers.push(buildCustomer(random, region, `C${codeBase + index + 1}`, taken));
  for (let index = count - duplicates; index < count; index++) {
    customers.push(nearDuplicate(random, random.pick(customers), `C${codeBase + index + 1}`));
  }
  return customers;
}

export function generateCustomers(random: Random): DemoCustomer[] {
  return [
    ...customersIn(random.fork("customers:US"), US_REGION, US_CUSTOMERS, US_NEAR_DUPLICATES, 10_000),
    ...customersIn(random.fork("customers:CA"), CA_REGION, CA_CUSTOMERS, CA_NEAR_DUPLICATES, 20_000),
  ];
}

const SUPPLIER_TERMS: readonly (readonly [string, number])[] = [["NET30", 5], ["NET45", 2], ["NET60", 1], ["2/10NET30", 2]];

function supplierIn(random: Random, region: Region, code: string, name: string, leadTimeDays: number): DemoSupplier {
  const city = pickCity(random, region);
  return {
    entityCode: region.entityCode, code, name, currency: region.currency, paymentTermCode: random.weighted(SUPPLIER_TERMS),
    leadTimeDays, email: `orders@${slugOf(name)}.example`, phone: phoneIn(random, city), taxId: taxIdIn(random, region),
    ...addressIn(random, region, city),
  };
}

/** 26 US suppliers in USD and 2 European ones in EUR for US01; 12 Canadian ones in CAD for CA01. */
export function generateSuppliers(random: Random): DemoSupplier[] {
  const us = random.shuffle(US_SUPPLIERS).slice(0, 26).map((name, index) =>
    supplierIn(random, US_REGION, `S${1001 + index}`, /(Co\.|Corp\.|Group)$/.test(name) ? name : `${name} ${random.pick(["Inc.", "LLC"])}`, random.int(3, 14)));
  const eur = EUR_SUPPLIERS.map((seed, index) => ({
    ...supplierIn(random, US_REGION, `S${1027 + index}`, seed.name, random.int(30, 45)),
    currency: "EUR", addressLine1: `${random.pick(["Hafenstrasse", "Industrieweg", "Marktplatz"])} ${random.int(1, 120)}`,
    city: seed.city, region: seed.region, postalCode: seed.postalCode, country: seed.country, phone: seed.phone,
    taxId: `${seed.country}${digits(random, 9)}`,
  }));
  const ca = random.shuffle(CA_SUPPLIERS).slice(0, 12).map((name, index) =>
    supplierIn(random, CA_REGION, `S${2001 + index}`, `${name} ${random.pick(["Ltd.", "Inc."])}`, random.int(5, 21)));
  return [...us, ...eur, ...ca];
}

/** One demo user per role; the user names are what people type on the sign-in page. */
export const DEMO_USERS: readonly DemoUser[] = [
  { username: "admin", displayName: "Dana Whitfield", email: "admin@keel-demo.example", role: "admin" },
  { username: "exec", displayName: "Morgan Ellis", email: "exec@keel-demo.example", role: "executive" },
  { username: "controller", displayName: "Priya Raman", email: "controller@keel-demo.example", role: "controller" },
  { username: "planner", displayName: "Luis Ortega", email: "planner@keel-demo.example", role: "planner" },
  { username: "sales", displayName: "Hannah Brooks", email: "sales@keel-demo.example", role: "sales" },
  { username: "buyer", displayName: "Marcus Chen", email: "buyer@keel-demo.example", role: "buyer" },
  { username: "warehouse", displayName: "Tom Kowalski", email: "warehouse@keel-demo.example", role: "warehouse" },
];
