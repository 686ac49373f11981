import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { createDb, closeDb } from "./client";

export const MIGRATIONS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../drizzle");

/** Applies every committed migration under drizzle/ that the database has not seen yet. */
export async function migrateDatabase(url: string): Promise<void> {
  const db = createDb(url, { max: 1 });
  try {
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER, migrationsSchema: "drizzle" });
  } finally {
    await closeDb(db);
  }
}

export type MigrationState = { applied: number; available: number; latestTag: string | null; upToDate: boolean };

export function availableMigrations(): { tag: string; hash: string }[] {
  const journal = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER });
  return journal.map((m, index) => ({ tag: String(index), hash: m.hash }));
}

/** Creates the database on the server if it does not exist yet (embedded first start). */
export async function ensureDatabaseExists(serverUrl: string, database: string): Promise<void> {
  const admin = createDb(serverUrl, { max: 1 });
  try {
    const rows = await admin.$client`select 1 from pg_database where datname = ${database}`;
    if (rows.length === 0) await admin.$client.unsafe(`create database "${database.replaceAll('"', "")}"`);
  } finally {
    await closeDb(admin);
  }
}
