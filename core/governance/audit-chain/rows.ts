import { sql } from "drizzle-orm";
import { auditLog } from "../schema";

/**
 * The audit_log columns a seal covers. occurred_at is read as text with microseconds: a JS
 * Date keeps milliseconds only, and an edit below the millisecond must still break the hash.
 */
export const sealedAuditColumns = {
  id: auditLog.id,
  occurredAt: sql<string>`to_char(${auditLog.occurredAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
  actorUserId: auditLog.actorUserId,
  actorName: auditLog.actorName,
  action: auditLog.action,
  objectKind: auditLog.objectKind,
  objectId: auditLog.objectId,
  entityId: auditLog.entityId,
  before: auditLog.before,
  after: auditLog.after,
  requestId: auditLog.requestId,
};
