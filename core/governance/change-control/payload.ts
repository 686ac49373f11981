import { z } from "zod";
import { DomainError } from "../../shared/errors";
import { toAuditJson } from "../audit";
import { ChangeControlError } from "./errors";

/** What a master_data_change request carries: the row, only the changed fields, and their values before. */
export const MasterChangePayload = z.object({
  kind: z.string().min(1).max(60),
  key: z.union([z.string().min(1).max(100), z.number().int().positive()]),
  patch: z.record(z.string(), z.unknown()),
  /** The changed fields' values when the request was made; null when it creates (an account rule). */
  before: z.record(z.string(), z.unknown()).nullable(),
});
export type MasterChangePayload = z.infer<typeof MasterChangePayload>;

export function parseChangePayload(requestId: number, payload: unknown): MasterChangePayload {
  const result = MasterChangePayload.safeParse(payload);
  if (result.success) return result.data;
  throw new DomainError(ChangeControlError.CHANGE_PAYLOAD_INVALID, "unprocessable",
    `Change request ${requestId} carries no valid change`, { requestId, issues: result.error.issues.map((issue) => issue.message) });
}

/** The audit row of an applied change names the request it came from. */
export function requestIdOf(requestId: number): string {
  return `approval_request:${requestId}`;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(toAuditJson(a)) === JSON.stringify(toAuditJson(b));
}

/** The fields whose current value is no longer the one the request was made against. */
export function staleFields(current: Record<string, unknown> | null, before: Record<string, unknown> | null, fields: readonly string[]): string[] {
  if (before === null || current === null) return before === current ? [] : ["(row)"];
  return fields.filter((name) => !sameJson(current[name], before[name]));
}

/** Refuses to apply an approved change when someone changed the same fields meanwhile. */
export function throwIfStale(requestId: number, kind: string, key: string | number, stale: readonly string[]): void {
  if (stale.length === 0) return;
  throw new DomainError(ChangeControlError.CHANGE_STALE, "conflict",
    `Change request ${requestId} was made against values of ${kind} ${key} that have changed since (${stale.join(", ")}); `
      + "it cannot be applied: reject it and submit the change again",
    { requestId, kind, key, fields: stale });
}
