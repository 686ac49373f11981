import type { Tx } from "../db/client";
import { auditLog } from "./schema";
import type { Actor } from "./permissions";

export type AuditAction = "create" | "update" | "deactivate" | "reactivate" | "sign_in" | "sign_out" | "post" | "reverse" | "state_change";

export type AuditRecord = {
  action: AuditAction;
  objectKind: string;
  objectId: string | number;
  entityId?: number | null;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
};

/** JSON-safe copy: bigints become strings, dates ISO strings. */
export function toAuditJson(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return JSON.parse(JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? v.toString() : v)));
}

function auditRow(actor: Actor, record: AuditRecord) {
  return {
    actorUserId: actor.userId,
    actorName: actor.username,
    action: record.action,
    objectKind: record.objectKind,
    objectId: String(record.objectId),
    entityId: record.entityId ?? null,
    before: toAuditJson(record.before),
    after: toAuditJson(record.after),
    requestId: record.requestId ?? null,
  };
}

/** Appends one audit row in the caller's transaction; the row can never be changed afterwards. */
export async function recordAudit(tx: Tx, actor: Actor, record: AuditRecord): Promise<void> {
  await tx.insert(auditLog).values(auditRow(actor, record));
}

/** recordAudit for many rows in one INSERT (a bulk assignment audits each item). */
export async function recordAudits(tx: Tx, actor: Actor, records: readonly AuditRecord[]): Promise<void> {
  if (records.length === 0) return;
  await tx.insert(auditLog).values(records.map((record) => auditRow(actor, record)));
}

/** Only the fields that changed, for a compact before/after pair. */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const changedBefore: Record<string, unknown> = {};
  const changedAfter: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (key === "updatedAt") continue;
    const a = toAuditJson(before[key]);
    const b = toAuditJson(after[key]);
    if (JSON.stringify(a) !== JSON.stringify(b)) {
      changedBefore[key] = a;
      changedAfter[key] = b;
    }
  }
  return { before: changedBefore, after: changedAfter };
}
