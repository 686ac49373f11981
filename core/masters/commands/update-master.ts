import type { z } from "zod";
import type { Tx } from "../../db/client";
import { changedFields, recordAudit } from "../../governance/audit";
import { changeRequiresApproval } from "../../governance/change-control/errors";
import { routeChange } from "../../governance/change-control/rules";
import { requirePermission, type Actor } from "../../governance/permissions";
import { assert } from "../../shared/assert";
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

/** A validated patch against the locked current row: only the fields that really change. */
export type ValidatedPatch = {
  def: MasterDefinition;
  rowKey: string | number;
  /** The current row, read FOR UPDATE. */
  before: Row;
  /** Validated values of the fields that differ from the current row. */
  changes: Row;
};

/** Parses the patch, locks the row and keeps the fields that differ; refuses non-editable fields. */
async function loadPatch(tx: Tx, kind: MasterKind, key: MasterKey, patch: unknown): Promise<ValidatedPatch> {
  const def = definitionOf(kind);
  const rowKey = normalizeKey(def, key);
  const parsed = parseInput(def.descriptor.updateSchema, patch) as Row;
  const before = await findByKey(tx, def, rowKey, { lock: true });
  if (!before) throw notFound(def, rowKey);
  refuseNonEditable(def, patch, before);
  return { def, rowKey, before, changes: changedValues(def, before, parsed) };
}

async function checkPatch(tx: Tx, actor: Actor, validated: ValidatedPatch): Promise<void> {
  const { def, before, changes } = validated;
  if (Object.keys(changes).length === 0) return;
  await checkChangedRow(tx, actor, def, { ...before, ...changes }, before, changes);
}

/**
 * Every rule updateMaster applies (zod per field, non-editable fields, cross-field rules,
 * references, duplicates, kind rules), without the permission check and without writing.
 * Locks the row (SELECT … FOR UPDATE) so the caller decides on the state it will change.
 */
export async function validateMasterPatch(tx: Tx, actor: Actor, kind: MasterKind, key: MasterKey, patch: unknown): Promise<ValidatedPatch> {
  const validated = await loadPatch(tx, kind, key, patch);
  await checkPatch(tx, actor, validated);
  return validated;
}

/** Writes a validated patch with its audit row and follow-ups, all in one savepoint. */
export async function writeMasterPatch(tx: Tx, actor: Actor, validated: ValidatedPatch, options: { requestId?: string | null } = {}): Promise<Row> {
  const { def, rowKey, before, changes } = validated;
  assert(Object.keys(changes).length > 0, "writeMasterPatch needs a change");
  const kind = def.descriptor.kind;
  return await tx.transaction(async (savepoint) => {
    const values = def.hasUpdatedAt ? { ...changes, updatedAt: new Date() } : changes;
    const after = await updateRow(savepoint, def, rowKey, values);
    const entityId = await entityIdOf(savepoint, def, after);
    const diff = changedFields(before, after);
    await recordAudit(savepoint, actor, { action: "update", objectKind: kind, objectId: rowKey, entityId, before: diff.before, after: diff.after,
      requestId: options.requestId ?? null });
    const createChild = () => Promise.reject(new Error("updates create no children"));
    await def.afterWrite?.(after, { tx: savepoint, actor, input: changes, before, entityId, createChild });
    return after;
  });
}

export type ApplyMasterUpdateOptions = {
  /** Recorded on the audit row, e.g. "approval_request:42". */
  requestId?: string | null;
  /** Runs on the locked current row before anything is checked or written; throws to refuse (a stale request). */
  guard?: (current: Row) => void;
};

/**
 * The ungoverned update: no permission check and no change-control routing. Only for an
 * approved change request, applied on behalf of its approver; everyone else calls updateMaster
 * or changeMaster.
 */
export async function applyMasterUpdate<K extends MasterKind>(tx: Tx, actor: Actor, kind: K, key: MasterKey, patch: unknown,
  options: ApplyMasterUpdateOptions = {}): Promise<MasterRow<K>> {
  const validated = await loadPatch(tx, kind, key, patch);
  options.guard?.(validated.before);
  if (Object.keys(validated.changes).length === 0) return validated.before as MasterRow<K>;
  await checkPatch(tx, actor, validated);
  return await writeMasterPatch(tx, actor, validated, { requestId: options.requestId }) as MasterRow<K>;
}

/**
 * Changes the editable fields of one row, recording only what changed. Locks the row first
 * (SELECT … FOR UPDATE); a patch that changes nothing writes nothing and returns the row.
 * Change control: a user who does not own the kind, or who changes a governed field (credit
 * limit, price, payment terms, bank details), is refused with MASTERS_CHANGE_REQUIRES_APPROVAL
 * and must submit the change with changeMaster, so no edit bypasses approval.
 */
export async function updateMaster<K extends MasterKind>(tx: Tx, actor: Actor, kind: K, key: MasterKey, patch: unknown): Promise<MasterRow<K>> {
  const def = definitionOf(kind);
  requirePermission(actor, def.descriptor.permission);
  const validated = await loadPatch(tx, kind, key, patch);
  const fields = Object.keys(validated.changes);
  if (fields.length === 0) return validated.before as MasterRow<K>;
  await checkPatch(tx, actor, validated);
  const route = routeChange(actor, kind, fields);
  if (route.route === "approval") throw changeRequiresApproval(kind, validated.rowKey, route.reasons, fields);
  return await writeMasterPatch(tx, actor, validated) as MasterRow<K>;
}
