import type { Tx } from "../../db/client";
import { assertNever } from "../../shared/assert";
import type { MasterDefinition, ReferenceSpec } from "../definition";
import { MastersError } from "../errors";
import { definitionOf } from "../registry";
import { findByKey, notFound } from "../store";
import type { Row } from "../types";
import { fieldError } from "./issues";

/** The legal entity a row belongs to, or null for shared kinds (items, currencies, units). */
export async function entityIdOf(tx: Tx, def: MasterDefinition, row: Row): Promise<number | null> {
  switch (def.entity) {
    case "self":
      return row.id as number;
    case "column":
      return row.entityId as number;
    case "none":
      return null;
    case "parent": {
      const parent = def.descriptor.parent;
      if (!parent) return null;
      const parentDef = definitionOf(parent.kind);
      const parentKey = row[parent.field] as number;
      const parentRow = await findByKey(tx, parentDef, parentKey);
      if (!parentRow) throw notFound(parentDef, parentKey);
      return entityIdOf(tx, parentDef, parentRow);
    }
    default:
      return assertNever(def.entity);
  }
}

async function checkOne(tx: Tx, def: MasterDefinition, row: Row, ref: ReferenceSpec, requireActive: boolean): Promise<void> {
  const value = row[ref.field];
  if (value === null || value === undefined) return;
  const targetDef = definitionOf(ref.kind);
  const target = await findByKey(tx, targetDef, value as string | number);
  const targetLabel = targetDef.descriptor.label;
  if (!target) {
    throw fieldError(MastersError.REFERENCE_INVALID, "invalid", ref.field, "reference_exists",
      `${targetLabel} ${String(value)} does not exist`, { kind: def.descriptor.kind, referenceKind: ref.kind, value });
  }
  if (requireActive && target.active === false) {
    throw fieldError(MastersError.REFERENCE_INACTIVE, "invalid", ref.field, "reference_active",
      `${targetLabel} ${String(value)} is inactive`, { kind: def.descriptor.kind, referenceKind: ref.kind, value });
  }
  if (!ref.sameEntity) return;
  const rowEntityId = await entityIdOf(tx, def, row);
  const targetEntityId = await entityIdOf(tx, targetDef, target);
  if (rowEntityId !== targetEntityId) {
    throw fieldError(MastersError.REFERENCE_ENTITY_MISMATCH, "invalid", ref.field, "same_entity",
      `${targetLabel} ${String(value)} belongs to entity ${targetEntityId}, not ${rowEntityId}`,
      { kind: def.descriptor.kind, referenceKind: ref.kind, value, entityId: rowEntityId, referenceEntityId: targetEntityId });
  }
}

/**
 * Every reference in `fields` must exist (and, when asked, be active) and entity-scoped ones must
 * belong to the row's entity. At most a handful of references per kind, so one query each.
 */
export async function checkReferences(tx: Tx, def: MasterDefinition, row: Row, fields: ReadonlySet<string> | "all", options: { requireActive: boolean }): Promise<void> {
  for (const ref of def.references) {
    if (fields !== "all" && !fields.has(ref.field)) continue;
    await checkOne(tx, def, row, ref, options.requireActive);
  }
}
