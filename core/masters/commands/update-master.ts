import type { z } from "zod";
import type { Tx } from "../../db/client";
import { changedFields, recordAudit } from "../../governance/audit";
import { requirePermission, type Actor } from "../../governance/permissions";
import { parseInput } from "../../shared/errors";
import { parseQty } from "../../shared/quantity";
import type { MasterDefinition } from "../definition";
import { MastersError } from "../errors";
import { definitionOf } from "../registry";
import { fieldError, throwIfIssues } from "../rules/issues";
import { checkReferences, entityIdOf } from "../rules/references";
import { checkUnique } from "../rules/unique";
import { findByKey, keyOf, normalizeKey, notFound, updateRow } from "../store";
import type { FieldSpec, MasterKey, MasterKind, MasterRow, Row } from "../types";

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === "string" && value.trim() === "");
}

function sameDecimal(a: unknown, b: unknown): boolean {
  try {
    return parseQty(String(a)) === parseQty(String(b));
  } catch {
    return false;
  }
}

/** Equality of a stored value and a validated one (numeric columns read back as "12.0000"). */
export function sameValue(spec: FieldSpec | undefined, stored: unknown, given: unknown): boolean {
  if (isBlank(stored) && isBlank(given)) return true;
  if (isBlank(stored) !== isBlank(given)) return false;
  if (spec?.type === "decimal") return sameDecimal(stored, given);
  return stored === given;
}

/**
 * A form may send back the whole row: fields that cannot be edited are accepted when unchanged
 * and refused, naming the field, when they differ.
 */
function refuseNonEditable(def: MasterDefinition, raw: unknown, before: Row): void {
  if (typeof raw !== "object" || raw === null) return;
  const specs = new Map(def.descriptor.fields.map((f) => [f.name, f]));
  const createShape = (def.descriptor.createSchema as z.ZodObject).shape;
  for (const [name, given] of Object.entries(raw as Row)) {
    const spec = specs.get(name);
    // Create-only input that is not a column (an item's conversions) has no stored value to compare.
    const createOnly = spec === undefined && name in createShape && !(name in def.columns);
    const locked = createOnly || name === def.descriptor.keyField || name === "active" || (spec !== undefined && !spec.editable);
    if (!locked || given === undefined) continue;
    const same = createOnly ? false : spec?.type === "decimal" ? sameDecimal(before[name], given)
      : isBlank(given) ? isBlank(before[name]) : String(given).trim() === String(before[name]);
    if (same) continue;
    const hint = name === "active" ? "use setMasterActive to deactivate or reactivate"
      : createOnly ? "only accepted on create; edit the rows it created instead" : "cannot be changed once created";
    throw fieldError(MastersError.FIELD_NOT_EDITABLE, "invalid", name, "not_editable", hint, { kind: def.descriptor.kind });
  }
}

function changedValues(def: MasterDefinition, before: Row, patch: Row): Row {
  const specs = new Map(def.descriptor.fields.map((f) => [f.name, f]));
  const changes: Row = {};
  for (const [name, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (!sameValue(specs.get(name), before[name], value)) changes[name] = value;
  }
  return changes;
}

async function checkChangedRow(tx: Tx, actor: Actor, def: MasterDefinition, merged: Row, before: Row, patch: Row): Promise<void> {
  const changed = new Set(Object.keys(patch));
  throwIfIssues(def.rowIssues?.(merged));
  await checkReferences(tx, def, merged, changed, { requireActive: true });
  await checkUnique(tx, def, merged, changed, keyOf(def, before));
  const createChild = () => Promise.reject(new Error("updates create no children"));
  await def.checkRow?.(merged, { tx, actor, input: patch, before, entityId: null, createChild });
}

/**
 * Changes the editable fields of one row, recording only what changed. Locks the row first
 * (SELECT … FOR UPDATE); a patch that changes nothing writes nothing and returns the row.
 */
export async function updateMaster<K extends MasterKind>(tx: Tx, actor: Actor, kind: K, key: MasterKey, patch: unknown): Promise<MasterRow<K>> {
  const def = definitionOf(kind);
  requirePermission(actor, def.descriptor.permission);
  const rowKey = normalizeKey(def, key);
  const parsed = parseInput(def.descriptor.updateSchema, patch) as Row;
  const before = await findByKey(tx, def, rowKey, { lock: true });
  if (!before) throw notFound(def, rowKey);
  refuseNonEditable(def, patch, before);
  const changes = changedValues(def, before, parsed);
  if (Object.keys(changes).length === 0) return before as MasterRow<K>;
  await checkChangedRow(tx, actor, def, { ...before, ...changes }, before, changes);
  return await tx.transaction(async (savepoint) => {
    const values = def.hasUpdatedAt ? { ...changes, updatedAt: new Date() } : changes;
    const after = await updateRow(savepoint, def, rowKey, values);
    const entityId = await entityIdOf(savepoint, def, after);
    const diff = changedFields(before, after);
    await recordAudit(savepoint, actor, { action: "update", objectKind: kind, objectId: rowKey, entityId, before: diff.before, after: diff.after });
    const createChild = () => Promise.reject(new Error("updates create no children"));
    await def.afterWrite?.(after, { tx: savepoint, actor, input: changes, before, entityId, createChild });
    return after as MasterRow<K>;
  });
}
