// Synthetic duplicates for training: a record copied with the mistakes people make when they
// enter a party twice (a typo, an abbreviation, a dropped legal form, swapped words or fields, a
// differently written phone, a blank field). No labelled data is needed and none is downloaded.
import type { FieldRole } from "./fields";

const ABBREVIATIONS: [RegExp, string][] = [
  [/\bstreet\b/gi, "St"], [/\bavenue\b/gi, "Ave"], [/\broad\b/gi, "Rd"], [/\bcompany\b/gi, "Co"], [/\bincorporated\b/gi, "Inc"],
  [/\bcorporation\b/gi, "Corp"], [/\blimited\b/gi, "Ltd"], [/\binternational\b/gi, "Intl"], [/\bbrothers\b/gi, "Bros"],
  [/\bdistribution\b/gi, "Dist"], [/\bservices\b/gi, "Svcs"], [/\bnorth\b/gi, "N"], [/\bsouth\b/gi, "S"], [/\band\b/gi, "&"],
  [/\bSt\b/g, "Street"], [/\bAve\b/g, "Avenue"], [/\bRd\b/g, "Road"], [/\bCo\b/g, "Company"], [/\bInc\b/g, "Incorporated"], [/&/g, "and"],
];
const LEGAL_SUFFIX = /[,]?\s+(inc|llc|ltd|corp|co|company|corporation|incorporated|limited)\.?$/i;
const LETTERS = "abcdefghijklmnopqrstuvwxyz";

type Random = () => number;
const pick = <T>(random: Random, values: readonly T[]): T => values[Math.floor(random() * values.length)]!;

export function typo(value: string, random: Random): string {
  if (value.length < 3) return value;
  const i = 1 + Math.floor(random() * (value.length - 2));
  switch (Math.floor(random() * 4)) {
    case 0: return value.slice(0, i) + value.slice(i + 1);
    case 1: return value.slice(0, i) + pick(random, [...LETTERS]) + value.slice(i);
    case 2: return value.slice(0, i) + pick(random, [...LETTERS]) + value.slice(i + 1);
    default: return value.slice(0, i - 1) + value[i] + value[i - 1] + value.slice(i + 1);
  }
}

function abbreviate(value: string, random: Random): string {
  const applicable = ABBREVIATIONS.filter(([pattern]) => { pattern.lastIndex = 0; return pattern.test(value); });
  if (applicable.length === 0) return LEGAL_SUFFIX.test(value) ? value.replace(LEGAL_SUFFIX, "") : `${value} Inc`;
  const [pattern, replacement] = pick(random, applicable);
  pattern.lastIndex = 0;
  return value.replace(pattern, replacement);
}

function swapWords(value: string, random: Random): string {
  const words = value.split(/\s+/).filter(Boolean);
  if (words.length < 2) return value;
  const i = Math.floor(random() * (words.length - 1));
  [words[i], words[i + 1]] = [words[i + 1]!, words[i]!];
  return words.join(" ");
}

function reformatPhone(value: string, random: Random): string {
  const digits = value.replace(/\D+/g, "");
  if (digits.length < 7) return value;
  const last10 = digits.slice(-10);
  return pick(random, [
    `(${last10.slice(0, 3)}) ${last10.slice(3, 6)}-${last10.slice(6)}`, `+1 ${last10.slice(0, 3)} ${last10.slice(3, 6)} ${last10.slice(6)}`,
    last10, `${last10.slice(0, 3)}.${last10.slice(3, 6)}.${last10.slice(6)}`,
  ]);
}

/** One perturbation of one field, chosen by the field's role. */
function perturbField(value: string, role: FieldRole, random: Random): string {
  if (role === "phone") return random() < 0.8 ? reformatPhone(value, random) : typo(value, random);
  if (role === "email" || role === "identifier") return random() < 0.7 ? value.toUpperCase() : typo(value, random);
  const choice = random();
  if (choice < 0.4) return typo(value, random);
  if (choice < 0.7) return abbreviate(value, random);
  if (choice < 0.85) return swapWords(value, random);
  return value.toUpperCase();
}

/** A plausible second entry of the same party. */
export function perturbRecord(values: readonly string[], roles: readonly FieldRole[], random: Random): string[] {
  const copy = [...values];
  const edits = 1 + Math.floor(random() * 3);
  for (let e = 0; e < edits; e += 1) {
    const action = random();
    const f = Math.floor(random() * copy.length);
    if (action < 0.75) copy[f] = perturbField(copy[f]!, roles[f]!, random);
    else if (action < 0.87 && copy.length > 1) {
      const textFields = roles.map((r, i) => (r === "text" ? i : -1)).filter((i) => i >= 0);
      if (textFields.length >= 2) {
        const a = pick(random, textFields);
        const b = pick(random, textFields.filter((i) => i !== a));
        [copy[a], copy[b]] = [copy[b]!, copy[a]!];
      }
    } else if (f !== 0) copy[f] = "";
  }
  return copy;
}
