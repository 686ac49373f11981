import { sql } from "drizzle-orm";
import { inTransaction } from "../../core/db/transaction";
import { SYSTEM_ACTOR } from "../../core/governance/permissions";
import { runReplenishmentPlanning, todayIn } from "../../core/purchasing/planning";
import { isDomainError } from "../../core/shared/errors";
import { defineJob } from "../definition";

export const REPLENISHMENT_RUN_JOB = "purchasing.replenishment-run";
export const PLANNED_ENTITIES_MAX = 1_000;

type EntityRow = { id: string; code: string; time_zone: string };

export type ReplenishmentRunJobData = {
  /** Plan as of this business date instead of each entity's today (backfills, tests). */
  asOf?: string;
};

export type ReplenishmentRunJobResult = {
  entities: { entity: string; runId: number; proposals: number; skipped: number }[];
  failed: { entity: string; error: string }[];
};

/**
 * Nightly (03:00 UTC): a planning run for every active entity from shipment history, as of the
 * entity's own business date. Each entity plans in its own transaction, so one that fails
 * (a closed setup, a bad plan row) is logged and the others still get their proposals.
 */
export const replenishmentRunJob = defineJob<ReplenishmentRunJobData>({
  name: REPLENISHMENT_RUN_JOB,
  cron: "0 3 * * *",
  queue: { policy: "stately", retryLimit: 1, expireInSeconds: 60 * 60 },
  async run({ db, log }, data) {
    const entities = await db.execute<EntityRow>(sql`select id, code, time_zone from legal_entity where active order by id limit ${PLANNED_ENTITIES_MAX}`);
    const result: ReplenishmentRunJobResult = { entities: [], failed: [] };
    for (const entity of entities) {
      try {
        const run = await inTransaction(db, (tx) => runReplenishmentPlanning(tx, SYSTEM_ACTOR, {
          // No demandSource: planning takes the active forecast, and history where none covers a pair.
          entityId: Number(entity.id), asOf: data?.asOf ?? todayIn(entity.time_zone),
        }));
        result.entities.push({ entity: entity.code, runId: run.run.id, proposals: run.proposals.length, skipped: run.skipped.length });
      } catch (error) {
        const message = isDomainError(error) ? `${error.code}: ${error.userMessage}` : String(error);
        log.error(`replenishment planning failed for ${entity.code}: ${message}`, { entityId: Number(entity.id) });
        result.failed.push({ entity: entity.code, error: message });
      }
    }
    log.info(`replenishment planning ran for ${result.entities.length} entities`, { proposals: result.entities.reduce((n, e) => n + e.proposals, 0), failed: result.failed.length });
    return result;
  },
});
