import type { Tx } from "../../db/client";
import { toAuditJson, type AuditRecord } from "../audit";
import type { Actor } from "../permissions";
import { auditLog } from "../schema";

/**
 * recordAudit for many rows in one INSERT (a bulk assignment audits each item); the rows
 * have exactly the shape recordAudit writes.
 */
export async function recordAudits(tx: Tx, actor: Actor, records: readonly AuditRecord[]): Promise<void> {
  if (records.length === 0) return;
  await tx.insert(auditLog).values(records.map((record) => ({
    actorUserId: actor.userId,
    actorName: actor.username,
    action: record.action,
    objectKind: record.objectKind,
    objectId: String(record.objectId),
    entityId: record.entityId ?? null,
    before: toAuditJson(record.before),
    after: toAuditJson(record.after),
    requestId: record.requestId ?? null,
  })));
}
