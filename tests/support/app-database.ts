import { closeDb, createDb, type Db } from "../../core/db/client";

/**
 * Runs fn against the browser-test app's own database (tests/run.ts creates it and sets
 * KEEL_E2E_DATABASE_URL), for the few steps a browser test prepares or checks outside the pages.
 */
export async function withAppDatabase<T>(run: (db: Db) => Promise<T>): Promise<T> {
  const url = process.env.KEEL_E2E_DATABASE_URL;
  if (!url) throw new Error("KEEL_E2E_DATABASE_URL is not set: run browser tests through `npx tsx tests/run.ts tests/e2e/<file>`");
  const db = createDb(url, { max: 2 });
  try {
    return await run(db);
  } finally {
    await closeDb(db);
  }
}
