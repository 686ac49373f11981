import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = PostgresJsDatabase<Schema> & { $client: postgres.Sql };
/** The transaction handle every command takes as its first argument. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export const POOL_CONNECTIONS_MAX = 20;

export function createDb(url: string, options: { max?: number } = {}): Db {
  const client = postgres(url, {
    max: options.max ?? POOL_CONNECTIONS_MAX,
    onnotice: () => {},
    connection: { application_name: "keel" },
  });
  return drizzle(client, { schema }) as Db;
}

let shared: Db | null = null;

/** The process-wide handle; DATABASE_URL is set by the launcher (embedded) or the operator. */
export function getDb(): Db {
  if (shared) return shared;
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start Keel with `npm start` or `npm run keel`");
  shared = createDb(url);
  return shared;
}

export async function closeDb(db: Db): Promise<void> {
  await db.$client.end({ timeout: 5 });
  if (db === shared) shared = null;
}
