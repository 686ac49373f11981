import { closeDb, createDb } from "../core/db/client";
import { migrateDatabase } from "../core/db/migrate";
import { installGovernanceDefaults } from "../core/governance/bootstrap";

/**
 * What every entry point does before serving: apply the committed migrations, then install
 * the governance defaults (approval policies, SoD rules) the database does not have yet.
 */
export async function prepareDatabase(url: string): Promise<void> {
  await migrateDatabase(url);
  const db = createDb(url, { max: 2 });
  try {
    await installGovernanceDefaults(db);
  } finally {
    await closeDb(db);
  }
}
