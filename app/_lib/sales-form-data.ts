// Reading the sales pages' FormData: text fields, ids named in the error by their field, and
// the per-row inputs ("qty-<id>") that tables of lines post. Pure helpers, no I/O.
import { DomainError, isDomainError, SharedError } from "../../core/shared/errors";
import { okState, stateOfError, type GovernanceActionState } from "./governance-action-types";

export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

/** A trimmed text field, or undefined when blank (fulfilment's inputs take optional, not null). */
export function formOptional(form: FormData, name: string): string | undefined {
  const value = formText(form, name).trim();
  return value === "" ? undefined : value;
}

export function invalid(field: string, message: string): DomainError {
  return new DomainError(SharedError.VALIDATION_FAILED, "invalid", `${field}: ${message}`, {}, { issues: [{ field, rule: "invalid", message }] });
}

export function formId(form: FormData, name: string): number {
  const value = formText(form, name).trim();
  if (/^\d{1,15}$/.test(value) && Number(value) > 0) return Number(value);
  throw invalid(name, "choose one");
}

export function formInteger(form: FormData, name: string): number {
  const value = formText(form, name).trim();
  if (/^\d{1,9}$/.test(value)) return Number(value);
  throw invalid(name, "a whole number");
}

/** Rows of a table form: for every `${prefix}<id>` field with a value, the id and the text. */
export function rowValues(form: FormData, prefix: string): { id: number; value: string }[] {
  const rows: { id: number; value: string }[] = [];
  for (const [name, value] of form.entries()) {
    if (!name.startsWith(prefix) || typeof value !== "string" || value.trim() === "") continue;
    const id = Number(name.slice(prefix.length));
    if (Number.isSafeInteger(id) && id > 0) rows.push({ id, value: value.trim() });
  }
  return rows;
}

/** Runs a command; a DomainError becomes form state, anything else is a bug and propagates. */
export async function attemptForm(previous: GovernanceActionState, fields: readonly string[], run: () => Promise<string>): Promise<GovernanceActionState> {
  try {
    return okState(previous, await run());
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return stateOfError(previous, error, fields);
  }
}
