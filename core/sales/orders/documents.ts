// Small shared helpers of the order desk: document numbers, dates and locks.
import { sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { assert } from "../../shared/assert";

export type NumberedTable = "sales_order" | "sales_quote";

/** The next id of the table and its document number: PREFIX-ENTITYCODE-00000042. */
export async function nextDocumentNumber(tx: Tx, table: NumberedTable, prefix: string, entityCode: string): Promise<{ id: number; number: string }> {
  const [row] = await tx.execute<{ id: string }>(sql`select nextval(pg_get_serial_sequence(${table}, 'id')) as id`);
  const id = Number(row?.id);
  assert(Number.isSafeInteger(id) && id > 0, `the ${table} sequence returned an id`);
  return { id, number: `${prefix}-${entityCode}-${String(id).padStart(8, "0")}` };
}

/** Serializes callers on one key for the rest of the transaction (idempotency, credit per customer). */
export async function lockKey(tx: Tx, key: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function addDays(isoDate: string, days: number): string {
  assert(ISO_DATE.test(isoDate), `not an ISO date: ${isoDate}`);
  assert(Number.isInteger(days), "whole days");
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function laterDate(a: string, b: string | null | undefined): string {
  return b && b > a ? b : a;
}
