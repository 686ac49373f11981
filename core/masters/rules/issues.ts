import { DomainError, SharedError, type ErrorKind, type FieldIssue } from "../../shared/errors";

/** A DomainError about one field, shaped like parseInput's so forms can show it beside the field. */
export function fieldError(code: string, kind: ErrorKind, field: string, rule: string, message: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError(code, kind, `${field}: ${message}`, { field, rule, ...details }, { issues: [{ field, rule, message }] });
}

/** Throws VALIDATION_FAILED (as parseInput does) when cross-field rules found problems. */
export function throwIfIssues(issues: readonly FieldIssue[] | undefined): void {
  if (!issues || issues.length === 0) return;
  const summary = issues.map((i) => `${i.field}: ${i.message} (${i.rule})`).join("; ");
  throw new DomainError(SharedError.VALIDATION_FAILED, "invalid", summary, {}, { issues: [...issues] });
}

/** validTo must not come before validFrom (dates as YYYY-MM-DD compare as text). */
export function validityIssues(row: Record<string, unknown>): FieldIssue[] {
  const from = row.validFrom;
  const to = row.validTo;
  if (typeof from !== "string" || typeof to !== "string") return [];
  if (to >= from) return [];
  return [{ field: "validTo", rule: "after_valid_from", message: `must not be before validFrom (${from})` }];
}
