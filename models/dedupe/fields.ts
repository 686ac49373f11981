// The records the duplicate detector compares: any set of named text fields, each with a role
// (free text, phone, email, identifier) that decides how two values are compared. Normalized forms
// are computed once per record, never per pair.
import { assert } from "../../core/shared/assert";
import { digitsOf, normalizeText, phoneKey, soundex, tokensOf } from "../../core/masters/merge";

export const FIELD_ROLES = ["text", "phone", "email", "identifier"] as const;
export type FieldRole = (typeof FIELD_ROLES)[number];

export type DedupeInput = { ids: string[]; fieldNames: string[]; roles: FieldRole[]; values: string[][] };

/** Per record and field: the normalized text, its tokens and the exact-match key. */
export type PreparedField = { text: string; tokens: string[]; key: string };
export type PreparedRecords = { count: number; fieldNames: string[]; roles: FieldRole[]; fields: PreparedField[][]; bags: string[][] };

export const RECORDS_MAX = 2_000_000;
export const FIELDS_MAX = 20;

/** Guesses a field's role from its name, then from its values (mostly 7+ digits: a phone). */
export function guessRole(name: string, sample: readonly string[]): FieldRole {
  const lower = name.toLowerCase();
  if (/phone|tel|fax|mobile/.test(lower)) return "phone";
  if (/e-?mail/.test(lower)) return "email";
  if (/tax|vat|ein|duns|gst|registration/.test(lower)) return "identifier";
  const filled = sample.filter((v) => v.trim().length > 0);
  if (filled.length === 0) return "text";
  const phoneLike = filled.filter((v) => digitsOf(v).length >= 7 && v.replace(/[^a-zA-Z]/g, "").length <= 1).length;
  if (phoneLike / filled.length >= 0.8) return "phone";
  if (filled.filter((v) => /^[^@\s]+@[^@\s]+$/.test(v.trim())).length / filled.length >= 0.8) return "email";
  return "text";
}

function prepareField(value: string, role: FieldRole, isFirst: boolean): PreparedField {
  if (role === "phone") {
    const digits = digitsOf(value);
    return { text: digits, tokens: digits ? [digits] : [], key: phoneKey(value) };
  }
  if (role === "email") {
    // The domain names the business; the mailbox (orders@, purchasing@) differs between entries.
    const domain = value.trim().toLowerCase().split("@").pop() ?? "";
    return { text: domain, tokens: domain ? [domain] : [], key: domain };
  }
  if (role === "identifier") {
    const compact = value.trim().toLowerCase().replace(/[\s\-./]+/g, "");
    return { text: compact, tokens: compact ? [compact] : [], key: compact };
  }
  const text = normalizeText(value, { dropLegal: isFirst });
  return { text, tokens: tokensOf(text), key: text };
}

export function prepareRecords(input: DedupeInput): PreparedRecords {
  assert(input.ids.length === input.values.length, "one value row per id");
  assert(input.ids.length <= RECORDS_MAX, "too many records");
  assert(input.fieldNames.length > 0 && input.fieldNames.length <= FIELDS_MAX, "between 1 and FIELDS_MAX fields");
  const fields: PreparedField[][] = [];
  const bags: string[][] = [];
  for (const row of input.values) {
    const prepared = input.roles.map((role, f) => prepareField(row[f] ?? "", role, f === 0));
    fields.push(prepared);
    // The bag of every text token: records whose fields were swapped still share it.
    const bag = new Set<string>();
    prepared.forEach((field, f) => { if (input.roles[f] === "text") for (const t of field.tokens) bag.add(t); });
    bags.push([...bag].sort());
  }
  return { count: input.ids.length, fieldNames: input.fieldNames, roles: input.roles, fields, bags };
}

/** The phonetic key of a text: Soundex of its first two words. */
export function phoneticKey(tokens: readonly string[]): string {
  return tokens.slice(0, 2).map(soundex).join(" ");
}
