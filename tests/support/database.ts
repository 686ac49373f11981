import { randomBytes } from "node:crypto";
import { after } from "node:test";
import { createDb, closeDb, type Db } from "../../core/db/client";

/**
 * Each test file gets its own real PostgreSQL database, cloned from the migrated
 * template that tests/run.ts prepares once per run. Nothing here is a mock.
 */
export type TestDatabase = { db: Db; url: string; name: string };

function serverUrl(): string {
  const url = process.env.KEEL_TEST_SERVER_URL;
  if (!url) throw new Error("KEEL_TEST_SERVER_URL is not set: run tests with `npm test` or `npx tsx tests/run.ts <files>`");
  return url;
}

function urlFor(database: string): string {
  const url = new URL(serverUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

export async function createTestDatabase(options: { max?: number; template?: string } = {}): Promise<TestDatabase> {
  const template = options.template ?? process.env.KEEL_TEST_TEMPLATE ?? "keel_template";
  const name = `keel_t_${randomBytes(6).toString("hex")}`;
  const admin = createDb(urlFor("postgres"), { max: 1 });
  try {
    await admin.$client.unsafe(`create database ${name} template ${template}`);
  } finally {
    await closeDb(admin);
  }
  const url = urlFor(name);
  const db = createDb(url, { max: options.max ?? 20 });
  return { db, url, name };
}

export async function dropTestDatabase(test: TestDatabase): Promise<void> {
  await closeDb(test.db);
  const admin = createDb(urlFor("postgres"), { max: 1 });
  try {
    await admin.$client.unsafe(`drop database if exists ${test.name} with (force)`);
  } finally {
    await closeDb(admin);
  }
}

/** One database for the whole test file, dropped when the file's tests end. */
export async function useTestDatabase(options: { max?: number } = {}): Promise<TestDatabase> {
  const test = await createTestDatabase(options);
  after(() => dropTestDatabase(test));
  return test;
}

/**
 * One database for the whole test file holding the demo distributor (today's date, default seed,
 * every demo user's password "keel-e2e-password"), cloned from the demo template tests/run.ts loads
 * once per run because this call appears in the file. Far cheaper than a loadDemo per file.
 */
export async function useDemoDatabase(options: { max?: number } = {}): Promise<TestDatabase> {
  const template = process.env.KEEL_TEST_DEMO_TEMPLATE;
  if (!template) throw new Error("KEEL_TEST_DEMO_TEMPLATE is not set: run tests through `npx tsx tests/run.ts <files>`, which loads the demo template for files calling useDemoDatabase()");
  const test = await createTestDatabase({ ...options, template });
  after(() => dropTestDatabase(test));
  return test;
}

/** Runs fn in a transaction that is always rolled back, for tests that need no commits. */
export async function withRollback<T>(db: Db, fn: (tx: Parameters<Parameters<Db["transaction"]>[0]>[0]) => Promise<T>): Promise<T> {
  const rollback = new Error("test rollback");
  let result: T | undefined;
  try {
    await db.transaction(async (tx) => {
      result = await fn(tx);
      throw rollback;
    });
  } catch (error) {
    if (error !== rollback) throw error;
  }
  return result as T;
}
