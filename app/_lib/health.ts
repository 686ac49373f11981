import { sql } from "drizzle-orm";
import type { Db } from "../../core/db/client";
import { availableMigrations } from "../../core/db/migrate";
import { queueHealth, type QueueHealth } from "../../jobs/health";

export type Health = {
  status: "ok" | "degraded";
  database: { version: string; migrations: { applied: number; available: number; upToDate: boolean } };
  queue: QueueHealth;
};

/** Applied migrations are drizzle's own bookkeeping rows; a database not yet migrated has none. */
async function appliedMigrationHashes(db: Db): Promise<Set<string>> {
  const [table] = await db.execute<{ present: boolean }>(sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`);
  if (!table?.present) return new Set();
  const rows = await db.execute<{ hash: string }>(sql`select hash from drizzle.__drizzle_migrations limit 10000`);
  return new Set(rows.map((row) => row.hash));
}

/** What /api/health reports: the server version, whether every committed migration is applied, and the job queue. */
export async function readHealth(db: Db): Promise<Health> {
  const [version] = await db.execute<{ version: string }>(sql`select version() as version`);
  const applied = await appliedMigrationHashes(db);
  const available = availableMigrations();
  const upToDate = available.every((migration) => applied.has(migration.hash));
  const queue = await queueHealth(db);
  return {
    status: upToDate && queue.schemaInstalled ? "ok" : "degraded",
    database: { version: version?.version ?? "unknown", migrations: { applied: applied.size, available: available.length, upToDate } },
    queue,
  };
}
