// Helpers shared by server-action modules: reading form fields and turning a command's
// DomainError into form state. Not a "use server" module: it exports plain functions.
import { DomainError, isDomainError, SharedError } from "../../core/shared/errors";
import { okState, stateOfError, type GovernanceActionState } from "./governance-action-types";

export function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

/** A numeric id from a hidden field; anything else is the client's error, named by field. */
export function idOf(form: FormData, name: string): number {
  const value = text(form, name).trim();
  if (/^\d{1,15}$/.test(value) && Number(value) > 0) return Number(value);
  throw new DomainError(SharedError.VALIDATION_FAILED, "invalid", `${name}: choose one`, {}, { issues: [{ field: name, rule: "required", message: "choose one" }] });
}

/** Runs a command; a DomainError becomes form state, anything else is a bug and propagates. */
export async function attempt(previous: GovernanceActionState, fields: readonly string[], run: () => Promise<string>): Promise<GovernanceActionState> {
  try {
    return okState(previous, await run());
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return stateOfError(previous, error, fields);
  }
}
