// Generated parties with known duplicates, for tests and the benchmark: distinct businesses built
// from word lists (some deliberately alike: "Northern Tool Supply" and "Northern Tools Inc"), and
// second entries of some of them with independent mistakes. The answer key is returned with them.
import { seededRandom } from "../train/random";
import type { DedupeInput } from "./fields";
import { typo } from "./perturb";

const FIRST = ["Acme", "Northern", "Southern", "Pacific", "Atlantic", "Summit", "Pioneer", "Liberty", "Eagle", "Granite", "Harbor", "Midwest",
  "Prairie", "Valley", "Riverside", "Lakeside", "Keystone", "Frontier", "Heritage", "Premier", "Allied", "United", "Metro", "Coastal",
  "Sterling", "Apex", "Cardinal", "Evergreen", "Golden", "Silver", "Ironwood", "Redwood", "Blue Ridge", "Great Lakes", "Lone Star", "Bay Area"];
const SURNAMES = ["Johnson", "Miller", "Garcia", "Nguyen", "Kowalski", "O'Brien", "Schmidt", "Rossi", "Patel", "Larsen", "Dubois", "Tanaka",
  "Murphy", "Alvarez", "Fischer", "Novak", "Hughes", "Bennett", "Foster", "Keller", "Whitaker", "Castillo", "Brennan", "Lindqvist"];
const TRADE = ["Hardware", "Tool", "Tools", "Supply", "Industrial", "Fasteners", "Plumbing", "Electric", "Building Materials", "Paint",
  "Safety", "Janitorial", "Packaging", "Lumber", "Equipment", "Fixtures", "Hydraulics", "Welding", "Garden", "Farm"];
const SUFFIX = ["Inc", "LLC", "Co", "Corp", "Company", "Ltd", "", "", "", "& Sons", "Group", "Wholesale", "Distributors"];
const STREETS = ["Main", "Oak", "Maple", "Cedar", "Elm", "Washington", "Lake", "Hill", "Park", "Pine", "Industrial", "Commerce", "Market",
  "River", "Center", "Church", "Mill", "Union", "Railroad", "Highland"];
const STREET_KINDS = ["Street", "Avenue", "Road", "Boulevard", "Drive", "Lane", "Parkway", "Court"];
const CITIES = ["Springfield", "Riverton", "Fairview", "Franklin", "Greenville", "Bristol", "Clinton", "Madison", "Georgetown", "Salem",
  "Arlington", "Ashland", "Burlington", "Chester", "Dayton", "Dover", "Hudson", "Kingston", "Lebanon", "Milton", "Newport", "Oxford"];

export type SyntheticParties = DedupeInput & { duplicatePairs: [string, string][] };

type Random = () => number;
const pick = <T>(random: Random, values: readonly T[]): T => values[Math.floor(random() * values.length)]!;

function businessName(random: Random): string {
  const head = random() < 0.35 ? `${pick(random, SURNAMES)}${random() < 0.3 ? ` & ${pick(random, SURNAMES)}` : ""}` : pick(random, FIRST);
  return [head, pick(random, TRADE), random() < 0.3 ? pick(random, TRADE) : "", pick(random, SUFFIX)].filter(Boolean).join(" ");
}

function party(random: Random): string[] {
  const street = `${1 + Math.floor(random() * 9_900)} ${pick(random, STREETS)} ${pick(random, STREET_KINDS)}`;
  const phone = `(${200 + Math.floor(random() * 799)}) ${100 + Math.floor(random() * 899)}-${String(Math.floor(random() * 10_000)).padStart(4, "0")}`;
  const name = businessName(random);
  const email = random() < 0.6 ? `${name.split(" ")[0]!.toLowerCase().replace(/[^a-z]/g, "")}${Math.floor(random() * 1000)}@example.com` : "";
  return [name, street, pick(random, CITIES), phone, email];
}

/** A second entry made by a person, not by the training perturbation: mistakes of one to three kinds. */
function secondEntry(values: readonly string[], random: Random): string[] {
  const copy = [...values];
  const kinds = 1 + Math.floor(random() * 3);
  for (let k = 0; k < kinds; k += 1) {
    const r = random();
    if (r < 0.3) copy[0] = typo(copy[0]!, random);
    else if (r < 0.45) copy[0] = copy[0]!.replace(/\b(Inc|LLC|Co|Corp|Company|Ltd)$/, "").trim() || copy[0]!;
    else if (r < 0.55) copy[1] = copy[1]!.replace("Street", "St").replace("Avenue", "Ave").replace("Road", "Rd").replace("Boulevard", "Blvd");
    else if (r < 0.65) copy[3] = copy[3]!.replace(/\D+/g, "");
    else if (r < 0.72) [copy[1], copy[2]] = [copy[2]!, copy[1]!];
    else if (r < 0.8) copy[4] = "";
    else if (r < 0.9) copy[1] = typo(copy[1]!, random);
    else copy[0] = copy[0]!.toUpperCase();
  }
  return copy;
}

export function syntheticParties(count: number, duplicateShare: number, seed: number): SyntheticParties {
  const random = seededRandom(seed);
  const values: string[][] = [];
  const ids: string[] = [];
  const duplicatePairs: [string, string][] = [];
  const originals = Math.round(count / (1 + duplicateShare));
  for (let i = 0; i < originals; i += 1) {
    values.push(party(random));
    ids.push(`P${i + 1}`);
  }
  for (let d = 0; values.length < count; d += 1) {
    const source = Math.floor(random() * originals);
    values.push(secondEntry(values[source]!, random));
    ids.push(`D${d + 1}`);
    duplicatePairs.push([ids[source]!, `D${d + 1}`]);
  }
  return { ids, values, duplicatePairs, fieldNames: ["name", "address", "city", "phone", "email"], roles: ["text", "text", "text", "phone", "email"] };
}
