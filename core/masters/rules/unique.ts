import { and, eq, ne, type SQL } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { assert } from "../../shared/assert";
import type { MasterDefinition, UniqueKeySpec } from "../definition";
import { MastersError } from "../errors";
import type { Row } from "../types";
import { fieldError } from "./issues";

async function isTaken(tx: Tx, def: MasterDefinition, key: UniqueKeySpec, row: Row, excludeKey: string | number | null): Promise<boolean> {
  const conditions: SQL[] = key.fields.map((name) => {
    const column = def.columns[name];
    assert(column !== undefined, `${def.descriptor.kind}.${name} is not a column`);
    return eq(column, row[name]);
  });
  if (excludeKey !== null) conditions.push(ne(def.keyColumn, excludeKey));
  const rows = await tx.select({ key: def.keyColumn }).from(def.table).where(and(...conditions)).limit(1);
  return rows.length > 0;
}

/**
 * Refuses a row whose unique key another row already holds (inactive rows count: the index
 * covers them). Checked before writing so the error names the field; the insert still maps
 * 23505 for the race where two transactions pass this check together.
 */
export async function checkUnique(tx: Tx, def: MasterDefinition, row: Row, changed: ReadonlySet<string> | "all", excludeKey: string | number | null): Promise<void> {
  for (const key of def.uniqueKeys) {
    if (changed !== "all" && !key.fields.some((name) => changed.has(name))) continue;
    if (key.fields.some((name) => row[name] === null || row[name] === undefined)) continue;
    if (!(await isTaken(tx, def, key, row, excludeKey))) continue;
    const value = row[key.field];
    throw fieldError(MastersError.DUPLICATE_KEY, "conflict", key.field, "unique",
      `another ${def.descriptor.label} already has ${key.field} ${String(value)}`,
      { kind: def.descriptor.kind, fields: key.fields, value });
  }
}
