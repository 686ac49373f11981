import { z } from "zod";
import { formatQty, parseQty } from "../shared/quantity";
import { CODE_LENGTH_MAX, NAME_LENGTH_MAX, TEXT_LENGTH_MAX } from "./limits";
import type { FieldSpec, MasterKind } from "./types";

/**
 * required: must be given on create, never null. defaulted: may be left out (the column's
 * default applies), never null. nullable: may be left out or cleared with null.
 */
export type Presence = "required" | "defaulted" | "nullable";

/** One field of a kind: what the form shows (spec) and how its value is validated (schema). */
export type FieldDef = { spec: FieldSpec; schema: z.ZodType; presence: Presence };

type FieldOptions = { presence?: Presence; editable?: boolean };

const PG_BIGINT_MAX = 9_223_372_036_854_775_807n;
const DIGITS = /^-?\d+$/;

function define(spec: Omit<FieldSpec, "required" | "editable">, schema: z.ZodType, options: FieldOptions): FieldDef {
  const presence = options.presence ?? "required";
  return { spec: { ...spec, required: presence === "required", editable: options.editable ?? true }, schema, presence };
}

/** Forms send numbers as strings; turn integer strings into numbers before zod checks the type. */
function integerFromText(value: unknown): unknown {
  if (typeof value === "string" && DIGITS.test(value.trim())) return Number(value.trim());
  return value;
}

/** Accepts bigint, an integer string or a safe integer number; anything else fails as invalid_type. */
function bigintFromInput(value: unknown): unknown {
  if (typeof value === "string" && DIGITS.test(value.trim())) return BigInt(value.trim());
  if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
  return value;
}

function booleanFromText(value: unknown): unknown {
  if (value === "true" || value === "on") return true;
  if (value === "false" || value === "off") return false;
  return value;
}

function textSchema(options: { min: number; max: number; pattern?: [RegExp, string] }): z.ZodType {
  const base = z.string().trim().min(options.min).max(options.max);
  return options.pattern ? base.regex(options.pattern[0], options.pattern[1]) : base;
}

/** Decimal quantity with up to 4 decimals, normalized ("12.50" → "12.5"); checked through its scaled value. */
function decimalSchema(integerDigitsMax: number, positive: boolean): z.ZodType {
  const pattern = new RegExp(`^\\d{1,${integerDigitsMax}}(\\.\\d{1,4})?$`);
  const scaled = positive ? z.bigint().positive("must be greater than zero") : z.bigint().nonnegative("must not be negative");
  return z.preprocess((v) => (typeof v === "number" ? String(v) : v),
    z.string().trim().regex(pattern, `a decimal with at most ${integerDigitsMax} digits before and 4 after the point`))
    .transform((text) => parseQty(text)).pipe(scaled).transform((qty) => formatQty(qty));
}

export const CURRENCY_CODE = /^[A-Z]{3}$/;

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

export const field = {
  text(name: string, label: string, options: FieldOptions & { max?: number; pattern?: [RegExp, string] } = {}): FieldDef {
    return define({ name, label, type: "text" }, textSchema({ min: 1, max: options.max ?? TEXT_LENGTH_MAX, pattern: options.pattern }), options);
  },
  name(name: string, label: string, options: FieldOptions = {}): FieldDef {
    return field.text(name, label, { max: NAME_LENGTH_MAX, ...options });
  },
  /** Codes and SKUs: trimmed, one line. */
  code(name: string, label: string, options: FieldOptions & { max?: number } = {}): FieldDef {
    return field.text(name, label, { max: options.max ?? CODE_LENGTH_MAX, pattern: [/^\S(.*\S)?$/, "a single line"], ...options });
  },
  email(name: string, label: string, options: FieldOptions = {}): FieldDef {
    return define({ name, label, type: "text" }, z.string().trim().max(NAME_LENGTH_MAX).pipe(z.email()), { presence: "nullable", ...options });
  },
  timeZone(name: string, label: string, options: FieldOptions = {}): FieldDef {
    const schema = z.string().trim().min(1).max(64).refine(isValidTimeZone, "an IANA time zone such as Europe/Berlin");
    return define({ name, label, type: "text" }, schema, options);
  },
  integer(name: string, label: string, range: { min: number; max: number }, options: FieldOptions = {}): FieldDef {
    return define({ name, label, type: "integer" }, z.preprocess(integerFromText, z.number().int().min(range.min).max(range.max)), options);
  },
  /** Parts per million (tax, FX, discounts), stored as bigint. */
  ppm(name: string, label: string, range: { min: bigint; max: bigint }, options: FieldOptions = {}): FieldDef {
    const schema = z.preprocess(bigintFromInput, z.bigint().min(range.min).max(range.max));
    return define({ name, label, type: "integer" }, schema, options);
  },
  /** Money: bigint minor units, never negative in master data. */
  money(name: string, label: string, currencyFrom: string, options: FieldOptions = {}): FieldDef {
    const schema = z.preprocess(bigintFromInput, z.bigint().min(0n, "must not be negative").max(PG_BIGINT_MAX));
    return define({ name, label, type: "money", currencyFrom }, schema, options);
  },
  decimal(name: string, label: string, shape: { integerDigitsMax: number; positive: boolean }, options: FieldOptions = {}): FieldDef {
    return define({ name, label, type: "decimal" }, decimalSchema(shape.integerDigitsMax, shape.positive), options);
  },
  boolean(name: string, label: string, options: FieldOptions = {}): FieldDef {
    return define({ name, label, type: "boolean" }, z.preprocess(booleanFromText, z.boolean()), { presence: "defaulted", ...options });
  },
  date(name: string, label: string, options: FieldOptions = {}): FieldDef {
    return define({ name, label, type: "date" }, z.iso.date(), { presence: "nullable", ...options });
  },
  select(name: string, label: string, values: readonly [string, ...string[]], options: FieldOptions = {}): FieldDef {
    return define({ name, label, type: "select", options: values }, z.enum(values), options);
  },
  /** A surrogate-key reference (bigint id, read as a number). */
  reference(name: string, label: string, referenceKind: MasterKind, options: FieldOptions = {}): FieldDef {
    const schema = z.preprocess(integerFromText, z.number().int().positive().max(Number.MAX_SAFE_INTEGER));
    return define({ name, label, type: "reference", referenceKind }, schema, options);
  },
  /** A reference by code (currency, unit of measure, payment term). */
  codeReference(name: string, label: string, referenceKind: MasterKind, options: FieldOptions = {}): FieldDef {
    const schema = referenceKind === "currency"
      ? z.string().trim().regex(CURRENCY_CODE, "three upper-case letters (ISO 4217)")
      : textSchema({ min: 1, max: CODE_LENGTH_MAX });
    return define({ name, label, type: "reference", referenceKind }, schema, options);
  },
};
