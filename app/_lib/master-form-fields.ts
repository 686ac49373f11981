import { MASTER_KINDS, type FieldSpec, type MasterKind, type Row } from "../../core/masters";
import { money, qty, type CurrencyDigits } from "./format";
import type { FormField } from "./master-form-types";
import { formValue, moneyCurrency, rowLabel, type ReferenceData } from "./masters-view";

function choicesOf(spec: FieldSpec, refs: ReferenceData): FormField["choices"] {
  if (spec.type === "select") return (spec.options ?? []).map((option) => ({ value: option, label: option.replaceAll("_", " ") }));
  if (spec.type === "reference") return refs.choices.get(spec.referenceKind!) ?? null;
  return null;
}

/** A select must offer the stored value even when it is no longer a choice (an inactive category, an item's "inactive" status), or saving would silently change it. */
function withCurrent(choices: FormField["choices"], initial: string, display: string): FormField["choices"] {
  if (choices === null || initial === "" || choices.some((c) => c.value === initial)) return choices;
  return [{ value: initial, label: `${display} (current)` }, ...choices];
}

function hintOf(spec: FieldSpec, currency: string | null, choices: FormField["choices"]): string | null {
  if (spec.type === "money") return currency ? `In ${currency}, major units` : "In the currency of the record, major units";
  if (spec.type === "reference" && choices === null) return `${MASTER_KINDS[spec.referenceKind!].label} ${MASTER_KINDS[spec.referenceKind!].keyField}`;
  if (spec.type === "decimal") return "Up to 4 decimals";
  return null;
}

function displayOf(spec: FieldSpec, value: unknown, refs: ReferenceData, currency: string | null, digits: CurrencyDigits): string {
  if (value === null || value === undefined || value === "") return "—";
  if (spec.type === "reference") {
    const target = refs.rows.get(spec.referenceKind!)?.get(String(value));
    return target ? rowLabel(spec.referenceKind!, target) : String(value);
  }
  if (spec.type === "money" && typeof value === "bigint" && currency && digits.has(currency)) return `${money(value, digits.get(currency)!)} ${currency}`;
  if (spec.type === "decimal") return qty(String(value));
  if (spec.type === "boolean") return value === true ? "Yes" : "No";
  return String(value);
}

/**
 * The inputs of a generated form. On update, fields that core does not let change are shown
 * read-only; on create, a prefilled parent reference is fixed so a child lands under its parent.
 */
export function buildFormFields(options: {
  kind: MasterKind; mode: "create" | "update"; row: Row; refs: ReferenceData; digits: CurrencyDigits; parentRow: Row | null; locked?: readonly string[];
}): FormField[] {
  const { kind, mode, row, refs, digits, parentRow } = options;
  return MASTER_KINDS[kind].fields.map((spec) => {
    const currency = spec.type === "money" ? moneyCurrency(kind, spec, row, refs, parentRow) : null;
    const currencyDigits = currency !== null ? digits.get(currency) ?? null : null;
    const initial = formValue(spec, row[spec.name], currencyDigits);
    const choices = withCurrent(choicesOf(spec, refs), initial, displayOf(spec, row[spec.name], refs, currency, digits));
    const editable = mode === "create" ? !(options.locked ?? []).includes(spec.name) : spec.editable;
    return {
      name: spec.name, label: spec.label, type: spec.type, required: spec.required, editable,
      initial,
      choices, display: displayOf(spec, row[spec.name], refs, currency, digits), hint: editable ? hintOf(spec, currency, choices) : null,
    };
  });
}
