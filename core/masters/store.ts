import { eq } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Tx } from "../db/client";
import { assert } from "../shared/assert";
import { DomainError } from "../shared/errors";
import type { MasterDefinition } from "./definition";
import { MastersError } from "./errors";
import { fieldError } from "./rules/issues";
import type { MasterKey, Row } from "./types";

export function notFound(def: MasterDefinition, key: MasterKey): DomainError {
  const { label, kind } = def.descriptor;
  return new DomainError(MastersError.NOT_FOUND, "not_found", `${label} ${key} does not exist`, { kind, key });
}

/** Ids arrive as numbers or digit strings (URLs); codes as trimmed text. Anything else cannot exist. */
export function normalizeKey(def: MasterDefinition, key: MasterKey): string | number {
  if (def.descriptor.keyField === "code") return String(key).trim();
  const id = typeof key === "number" ? key : /^\d+$/.test(key.trim()) ? Number(key.trim()) : Number.NaN;
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound(def, key);
  return id;
}

export function keyOf(def: MasterDefinition, row: Row): string | number {
  const key = row[def.descriptor.keyField];
  assert(typeof key === "string" || typeof key === "number", `${def.descriptor.kind} row has no key`);
  return key;
}

export async function findByKey(tx: Tx, def: MasterDefinition, key: string | number, options: { lock?: boolean } = {}): Promise<Row | null> {
  const query = tx.select().from(def.table).where(eq(def.keyColumn, key)).limit(1);
  const rows = options.lock ? await query.for("update") : await query;
  return (rows[0] as Row | undefined) ?? null;
}

/** Only the columns of the kind's table, without undefined (so column defaults apply on insert). */
export function columnValues(def: MasterDefinition, input: Row): Row {
  const values: Row = {};
  for (const [name, value] of Object.entries(input)) {
    if (value !== undefined && name in def.columns) values[name] = value;
  }
  return values;
}

type PgErrorLike = { code?: string; detail?: string; constraint_name?: string };

function pgErrorOf(error: unknown): PgErrorLike | null {
  // drizzle wraps driver errors in DrizzleQueryError; the Postgres error is its cause.
  for (let current: unknown = error, depth = 0; current && depth < 3; depth++) {
    const candidate = current as PgErrorLike & { cause?: unknown };
    if (typeof candidate.code === "string" && /^[0-9A-Z]{5}$/.test(candidate.code)) return candidate;
    current = candidate.cause;
  }
  return null;
}

function camelCase(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** "Key (entity_id, code)=(1, X) already exists." names the columns; the last one tells rows apart. */
function fieldFromDetail(detail: string | undefined): string {
  const columns = /Key \(([^)]+)\)/.exec(detail ?? "")?.[1]?.split(",").map((c) => c.trim().replace(/"/g, "")) ?? [];
  const last = columns[columns.length - 1];
  return last ? camelCase(last) : "(input)";
}

/** Maps constraint violations that slipped past the checks (a concurrent insert) to domain errors. */
export function toDomainWriteError(def: MasterDefinition, error: unknown): unknown {
  const pg = pgErrorOf(error);
  if (!pg) return error;
  const field = fieldFromDetail(pg.detail);
  const label = def.descriptor.label;
  if (pg.code === "23505") {
    return fieldError(MastersError.DUPLICATE_KEY, "conflict", field, "unique", `another ${label} already has this ${field}`,
      { kind: def.descriptor.kind, constraint: pg.constraint_name });
  }
  if (pg.code === "23503") {
    return fieldError(MastersError.REFERENCE_INVALID, "invalid", field, "reference_exists", "refers to a record that does not exist",
      { kind: def.descriptor.kind, constraint: pg.constraint_name });
  }
  return error;
}

export async function insertRow(tx: Tx, def: MasterDefinition, values: Row): Promise<Row> {
  try {
    const rows = await tx.insert(def.table as PgTable).values(values as never).returning();
    const row = (rows as Row[])[0];
    assert(row !== undefined, `insert into ${def.descriptor.kind} returned no row`);
    return row;
  } catch (error) {
    throw toDomainWriteError(def, error);
  }
}

/** Updates one row by key; zero affected rows is an error, never a silent success. */
export async function updateRow(tx: Tx, def: MasterDefinition, key: string | number, values: Row): Promise<Row> {
  assert(Object.keys(values).length > 0, "update without values");
  let rows: Row[];
  try {
    rows = await tx.update(def.table as PgTable).set(values as never).where(eq(def.keyColumn, key)).returning() as Row[];
  } catch (error) {
    throw toDomainWriteError(def, error);
  }
  const row = rows[0];
  if (!row) throw notFound(def, key);
  assert(rows.length === 1, `update of ${def.descriptor.kind} ${key} touched ${rows.length} rows`);
  return row;
}
