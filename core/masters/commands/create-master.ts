import type { Tx } from "../../db/client";
import { recordAudit } from "../../governance/audit";
import { requirePermission, type Actor } from "../../governance/permissions";
import { parseInput } from "../../shared/errors";
import type { MasterDefinition, WriteContext } from "../definition";
import { definitionOf } from "../registry";
import { throwIfIssues } from "../rules/issues";
import { checkReferences, entityIdOf } from "../rules/references";
import { checkUnique } from "../rules/unique";
import { columnValues, insertRow, keyOf } from "../store";
import type { MasterKind, MasterRow, Row } from "../types";

/** Every rule that can refuse the row, run before anything is written. */
async function checkNewRow(tx: Tx, def: MasterDefinition, values: Row, context: Omit<WriteContext, "entityId">): Promise<void> {
  throwIfIssues(def.rowIssues?.(values));
  await checkReferences(tx, def, values, "all", { requireActive: true });
  await checkUnique(tx, def, values, "all", null);
  await def.checkRow?.(values, { ...context, entityId: null });
}

async function createWithDefinition(tx: Tx, actor: Actor, def: MasterDefinition, raw: unknown): Promise<Row> {
  requirePermission(actor, def.descriptor.permission);
  const input = parseInput(def.descriptor.createSchema, raw) as Row;
  const values = { ...def.createDefaults, ...columnValues(def, input) };
  const createChild = (kind: MasterKind, childInput: Row) => createWithDefinition(tx, actor, definitionOf(kind), childInput);
  await checkNewRow(tx, def, values, { tx, actor, input, before: null, createChild });
  // A savepoint makes the row, its audit and its follow-up writes all-or-nothing even when the
  // caller catches the error and keeps using the transaction.
  return tx.transaction(async (savepoint) => {
    const row = await insertRow(savepoint, def, values);
    const entityId = await entityIdOf(savepoint, def, row);
    await recordAudit(savepoint, actor, { action: "create", objectKind: def.descriptor.kind, objectId: keyOf(def, row), entityId, after: row });
    const childCreate = (kind: MasterKind, childInput: Row) => createWithDefinition(savepoint, actor, definitionOf(kind), childInput);
    await def.afterWrite?.(row, { tx: savepoint, actor, input, before: null, entityId, createChild: childCreate });
    return row;
  });
}

/**
 * Validates and creates one master row of any kind, with its audit row. Needs the kind's write
 * permission. Input is validated with the kind's createSchema (money as bigint, integer string
 * or safe integer), then references, duplicates and kind rules are checked; nothing is written
 * when any check fails.
 */
export async function createMaster<K extends MasterKind>(tx: Tx, actor: Actor, kind: K, input: unknown): Promise<MasterRow<K>> {
  return await createWithDefinition(tx, actor, definitionOf(kind), input) as MasterRow<K>;
}
