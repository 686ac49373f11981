import { sql } from "drizzle-orm";
import type { Db } from "./client";
import { availableMigrations } from "./migrate";

export type DatabaseHealth = { version: string; migrations: { applied: number; available: number; upToDate: boolean } };

/** Applied migrations are drizzle's own bookkeeping rows; a database not yet migrated has none. */
async function appliedMigrationHashes(db: Db): Promise<Set<string>> {
  const [table] = await db.execute<{ present: boolean }>(sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`);
  if (!table?.present) return new Set();
  const rows = await db.execute<{ hash: string }>(sql`select hash from drizzle.__drizzle_migrations limit 10000`);
  return new Set(rows.map((row) => row.hash));
}

/** The server version and whether every committed migration is applied. */
export async function databaseHealth(db: Db): Promise<DatabaseHealth> {
  const [version] = await db.execute<{ version: string }>(sql`select version() as version`);
  const applied = await appliedMigrationHashes(db);
  const available = availableMigrations();
  const upToDate = available.every((migration) => applied.has(migration.hash));
  return { version: version?.version ?? "unknown", migrations: { applied: applied.size, available: available.length, upToDate } };
}
