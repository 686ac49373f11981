import type { Tx } from "../../db/client";
import { changedFields, recordAudit } from "../../governance/audit";
import { requirePermission, type Actor } from "../../governance/permissions";
import { assert } from "../../shared/assert";
import { definitionOf } from "../registry";
import { checkReferences, entityIdOf } from "../rules/references";
import { findByKey, normalizeKey, notFound, updateRow } from "../store";
import type { MasterKey, MasterKind, MasterRow } from "../types";

/**
 * Deactivates or reactivates one row; rows are never deleted because documents point at them.
 * Deactivation runs the kind's guard (a conversion still needed by the item's units or prices);
 * reactivation requires everything the row refers to to be active again. Setting the state the
 * row already has records nothing.
 */
export async function setMasterActive<K extends MasterKind>(tx: Tx, actor: Actor, kind: K, key: MasterKey, active: boolean): Promise<MasterRow<K>> {
  assert(typeof active === "boolean", "active must be a boolean");
  const def = definitionOf(kind);
  requirePermission(actor, def.descriptor.permission);
  const rowKey = normalizeKey(def, key);
  const before = await findByKey(tx, def, rowKey, { lock: true });
  if (!before) throw notFound(def, rowKey);
  if (before.active === active) return before as MasterRow<K>;
  if (active) await checkReferences(tx, def, before, "all", { requireActive: true });
  else await def.beforeDeactivate?.(tx, before);
  return await tx.transaction(async (savepoint) => {
    const values = { active, ...def.activeExtra?.(active), ...(def.hasUpdatedAt ? { updatedAt: new Date() } : {}) };
    const after = await updateRow(savepoint, def, rowKey, values);
    const entityId = await entityIdOf(savepoint, def, after);
    const diff = changedFields(before, after);
    await recordAudit(savepoint, actor, { action: active ? "reactivate" : "deactivate", objectKind: kind, objectId: rowKey, entityId,
      before: diff.before, after: diff.after });
    return after as MasterRow<K>;
  });
}
