import type { DomainError } from "../../core/shared/errors";

/** What a governance form's server action answers: a confirmation, or the error next to its field. */
export type GovernanceActionState = {
  /** Bumped on every answer, so two equal answers in a row are still two answers. */
  version: number;
  ok: string | null;
  error: string | null;
  /** The DomainError code, shown beside the message so a refusal names its rule. */
  code: string | null;
  fieldErrors: Record<string, string>;
};

export const INITIAL_ACTION_STATE: GovernanceActionState = { version: 0, ok: null, error: null, code: null, fieldErrors: {} };

/**
 * A DomainError as form state. Issues name their field ("reason", "rules.0.outcome"); messages
 * that start with "field: " (core's convention for single-field refusals) go beside that field.
 */
export function stateOfError(previous: GovernanceActionState, error: DomainError, fields: readonly string[]): GovernanceActionState {
  const fieldErrors: Record<string, string> = {};
  const place = (field: string, message: string) => {
    const name = fields.find((f) => field === f || field.startsWith(`${f}.`)) ?? null;
    if (name === null) return false;
    fieldErrors[name] = fieldErrors[name] ? `${fieldErrors[name]}; ${message}` : message;
    return true;
  };
  for (const issue of error.issues) place(issue.field, issue.field.includes(".") ? `${issue.field}: ${issue.message}` : issue.message);
  const prefixed = /^([A-Za-z][\w.]*): (.+)$/.exec(error.userMessage);
  if (error.issues.length === 0 && prefixed) place(prefixed[1]!, prefixed[2]!);
  const placedAll = error.issues.length > 0 && error.issues.every((issue) => fields.some((f) => issue.field === f || issue.field.startsWith(`${f}.`)));
  const message = placedAll ? "Correct the marked fields." : error.userMessage;
  return { version: previous.version + 1, ok: null, error: message, code: error.code, fieldErrors };
}

export function okState(previous: GovernanceActionState, message: string): GovernanceActionState {
  return { version: previous.version + 1, ok: message, error: null, code: null, fieldErrors: {} };
}
