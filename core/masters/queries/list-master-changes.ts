import { and, desc, eq } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { auditLog } from "../../governance/schema";
import { hasPermission, requirePermission, type Actor } from "../../governance/permissions";
import { CHANGES_LIMIT_DEFAULT, CHANGES_LIMIT_MAX } from "../limits";
import { definitionOf } from "../registry";
import { normalizeKey } from "../store";
import type { AuditRow, MasterKey, MasterKind } from "../types";

/**
 * The audit trail of one row, newest first: who created, changed, deactivated or reactivated
 * it, with old and new values. Auditors (audit:read) and the people who may edit the kind can see it.
 */
export async function listMasterChanges(tx: Tx, actor: Actor, kind: MasterKind, key: MasterKey, options: { limit?: number } = {}): Promise<AuditRow[]> {
  const def = definitionOf(kind);
  if (!hasPermission(actor, "audit:read")) requirePermission(actor, def.descriptor.permission);
  const limit = Math.min(Math.max(1, Math.trunc(options.limit ?? CHANGES_LIMIT_DEFAULT)), CHANGES_LIMIT_MAX);
  const objectId = String(normalizeKey(def, key));
  return tx.select().from(auditLog)
    .where(and(eq(auditLog.objectKind, kind), eq(auditLog.objectId, objectId)))
    .orderBy(desc(auditLog.id)).limit(limit);
}
