// Finding and moving the rows that point at a master record, from the schema's own foreign keys:
// a new table that references customers is re-pointed by merges without anyone listing it here.
import { sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { assert } from "../../shared/assert";
import { DomainError } from "../../shared/errors";
import { MergeError } from "./errors";
import { MERGE_ROW_BY_ROW_MAX } from "./kinds";

export type ForeignReference = { tableName: string; columnName: string; hasId: boolean };

/** Tables of this feature that name masters but must never be re-pointed. */
const OWN_TABLES = new Set(["master_merge", "master_merge_reference", "master_merge_reversal"]);

/** Single-column foreign keys of the public schema that reference tableName(id). */
export async function foreignReferencesTo(tx: Tx, tableName: string): Promise<ForeignReference[]> {
  const rows = await tx.execute<{ table_name: string; column_name: string; has_id: boolean }>(sql`
    select cl.relname as table_name, att.attname as column_name,
      exists (select 1 from pg_attribute a where a.attrelid = cl.oid and a.attname = 'id' and not a.attisdropped) as has_id
    from pg_constraint c
    join pg_class cl on cl.oid = c.conrelid
    join pg_class ref on ref.oid = c.confrelid
    join pg_attribute att on att.attrelid = c.conrelid and att.attnum = c.conkey[1]
    where c.contype = 'f' and ref.relname = ${tableName} and array_length(c.conkey, 1) = 1
      and cl.relnamespace = 'public'::regnamespace and ref.relnamespace = 'public'::regnamespace
    order by cl.relname, att.attname`);
  return rows.filter((row) => !OWN_TABLES.has(row.table_name))
    .map((row) => ({ tableName: row.table_name, columnName: row.column_name, hasId: row.has_id }));
}

function sqlStateOf(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

export type MovedRows = { moved: number; kept: number[] };

/** Points every row of ref at `to` instead of `from`, recording each moved row for the reversal. */
export async function repointReference(tx: Tx, mergeId: number, ref: ForeignReference, from: number, to: number): Promise<MovedRows> {
  const table = sql.identifier(ref.tableName);
  const column = sql.identifier(ref.columnName);
  if (!ref.hasId) return refuseIfReferenced(tx, ref, from);
  try {
    const rows = await tx.transaction((sp) => sp.execute<{ n: number }>(sql`
      with moved as (update ${table} set ${column} = ${to} where ${column} = ${from} returning id)
      , recorded as (insert into master_merge_reference (merge_id, table_name, column_name, row_id)
        select ${mergeId}, ${ref.tableName}, ${ref.columnName}, id from moved returning 1)
      select count(*)::int as n from recorded`));
    return { moved: rows[0]?.n ?? 0, kept: [] };
  } catch (error) {
    if (sqlStateOf(error) !== "23505") throw unsupported(ref, error);
    return repointRowByRow(tx, mergeId, ref, from, to);
  }
}

/** A unique key (a customer price for the same item on both records) keeps those rows where they are. */
async function repointRowByRow(tx: Tx, mergeId: number, ref: ForeignReference, from: number, to: number): Promise<MovedRows> {
  const table = sql.identifier(ref.tableName);
  const column = sql.identifier(ref.columnName);
  const ids = await tx.execute<{ id: number }>(sql`select id::int as id from ${table} where ${column} = ${from} order by id limit ${MERGE_ROW_BY_ROW_MAX + 1}`);
  assert(ids.length <= MERGE_ROW_BY_ROW_MAX, `${ref.tableName} has too many conflicting rows to re-point one by one`);
  const result: MovedRows = { moved: 0, kept: [] };
  for (const { id } of ids) {
    try {
      await tx.transaction(async (sp) => {
        await sp.execute(sql`update ${table} set ${column} = ${to} where id = ${id}`);
        await sp.execute(sql`insert into master_merge_reference (merge_id, table_name, column_name, row_id) values (${mergeId}, ${ref.tableName}, ${ref.columnName}, ${id})`);
      });
      result.moved += 1;
    } catch (error) {
      if (sqlStateOf(error) !== "23505") throw unsupported(ref, error);
      result.kept.push(id);
    }
  }
  return result;
}

async function refuseIfReferenced(tx: Tx, ref: ForeignReference, from: number): Promise<MovedRows> {
  const table = sql.identifier(ref.tableName);
  const column = sql.identifier(ref.columnName);
  const [row] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from ${table} where ${column} = ${from}`);
  if ((row?.n ?? 0) > 0) throw unsupported(ref, null);
  return { moved: 0, kept: [] };
}

function unsupported(ref: ForeignReference, cause: unknown): DomainError {
  return new DomainError(MergeError.UNSUPPORTED_REFERENCE, "unprocessable",
    `Rows of ${ref.tableName}.${ref.columnName} cannot be moved to the surviving record (history that may not change)`,
    { table: ref.tableName, column: ref.columnName, sqlState: sqlStateOf(cause) });
}

/** Points the rows a merge moved back to the merged record; rows changed since are left alone. */
export async function restoreReferences(tx: Tx, mergeId: number, from: number, to: number): Promise<Record<string, number>> {
  const rows = await tx.execute<{ table_name: string; column_name: string }>(sql`
    select distinct table_name, column_name from master_merge_reference where merge_id = ${mergeId} order by 1, 2`);
  const restored: Record<string, number> = {};
  for (const ref of rows) {
    const table = sql.identifier(ref.table_name);
    const column = sql.identifier(ref.column_name);
    const updated = await tx.execute<{ id: number }>(sql`update ${table} t set ${column} = ${to}
      from master_merge_reference r
      where r.merge_id = ${mergeId} and r.table_name = ${ref.table_name} and r.column_name = ${ref.column_name}
        and t.id = r.row_id and t.${column} = ${from}
      returning t.id`);
    restored[`${ref.table_name}.${ref.column_name}`] = updated.length;
  }
  return restored;
}
