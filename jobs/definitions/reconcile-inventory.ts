import { sql } from "drizzle-orm";
import { inventoryReconciliation } from "../../core/inventory";
import { formatMinor } from "../../core/shared/money";
import { defineJob } from "../definition";

export const RECONCILE_INVENTORY_JOB = "ledger.reconcile-inventory";
export const RECONCILED_ENTITIES_MAX = 1_000;

type EntityRow = { id: string };

/** Hourly: reconciles every active entity and logs a warning line for each one that is off. */
export const reconcileInventoryJob = defineJob<Record<string, never>>({
  name: RECONCILE_INVENTORY_JOB,
  cron: "0 * * * *",
  queue: { policy: "stately", retryLimit: 2, expireInSeconds: 15 * 60 },
  async run({ db, log }) {
    const entities = await db.execute<EntityRow>(sql`select id from legal_entity where active order by id limit ${RECONCILED_ENTITIES_MAX}`);
    const results: { entity: string; differenceMinor: string }[] = [];
    for (const entity of entities) {
      // One read-only transaction per entity keeps each comparison short and independent.
      const result = await db.transaction((tx) => inventoryReconciliation(tx, Number(entity.id)), { accessMode: "read only" });
      results.push({ entity: result.entityCode, differenceMinor: result.differenceMinor.toString() });
      if (result.differenceMinor === 0n) continue;
      const money = (minor: bigint) => `${formatMinor(minor, result.minorUnitDigits)} ${result.currency}`;
      log.warn(`inventory does not reconcile in ${result.entityCode}: stock value ${money(result.stockValueMinor)}, ` +
        `GL inventory ${money(result.glInventoryMinor)}, difference ${money(result.differenceMinor)}`,
      { entityId: result.entityId, accountIds: result.accountIds });
    }
    log.debug(`inventory reconciliation checked ${results.length} entities`);
    return { entities: results };
  },
});
