import path from "node:path";
import { DEFAULT_DATABASE_NAME, startEmbeddedPostgres, type EmbeddedServer } from "./embedded";
import { ensureDatabaseExists } from "./migrate";

export const DEFAULT_DATA_DIR = path.resolve(process.cwd(), "data", "pg");

export type DatabaseRuntime = { url: string; embedded: EmbeddedServer | null; stop(): Promise<void> };

/**
 * Resolves the database Keel runs on: DATABASE_URL when set, otherwise the embedded
 * PostgreSQL in ./data/pg (created on first start). Sets DATABASE_URL for the rest of
 * the process, so the Next.js server code and the worker find the same database.
 */
export async function resolveDatabase(options: { quiet?: boolean } = {}): Promise<DatabaseRuntime> {
  const configured = process.env.DATABASE_URL;
  if (configured) return { url: configured, embedded: null, stop: async () => {} };
  const dataDir = process.env.KEEL_DATA_DIR ? path.resolve(process.env.KEEL_DATA_DIR) : DEFAULT_DATA_DIR;
  const port = process.env.KEEL_PG_PORT ? Number(process.env.KEEL_PG_PORT) : undefined;
  const embedded = await startEmbeddedPostgres({ dataDir, port, quiet: options.quiet });
  await ensureDatabaseExists(embedded.urlFor("postgres"), DEFAULT_DATABASE_NAME);
  const url = embedded.urlFor(DEFAULT_DATABASE_NAME);
  process.env.DATABASE_URL = url;
  return { url, embedded, stop: () => embedded.stop() };
}
