import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import type { Db } from "../../core/db/client";
import { DomainError } from "../../core/shared/errors";

/** Asserts that fn fails with a DomainError carrying this stable code. */
export async function rejectsWithCode(fn: () => Promise<unknown>, code: string): Promise<DomainError> {
  let caught: unknown = null;
  try {
    await fn();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof DomainError, `expected DomainError ${code}, got ${caught === null ? "success" : String(caught)}`);
  assert.equal(caught.code, code, `expected code ${code}, got ${caught.code}: ${caught.userMessage}`);
  return caught;
}

/** Row counts of the ledger and stock tables, to show a failed command changed nothing. */
export async function ledgerSnapshot(db: Db): Promise<Record<string, string>> {
  const [row] = await db.execute<Record<string, string>>(sql`select
    (select count(*) from journal_entry)::text as entries,
    (select count(*) from journal_line)::text as lines,
    (select coalesce(sum(debit_minor), 0) from journal_line)::text as debits,
    (select count(*) from stock_movement)::text as movements,
    (select count(*) from inventory_document)::text as documents,
    (select coalesce(sum(qty_on_hand), 0) from stock_balance)::text as on_hand,
    (select coalesce(sum(value_minor), 0) from stock_balance)::text as stock_value,
    (select count(*) from cost_layer)::text as layers`);
  return { ...row };
}
