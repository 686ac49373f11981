import { asc } from "drizzle-orm";
import { legalEntity } from "../../core/masters/schema";
import { runAnomalyScan } from "../../models/anomaly/scan";
import { proposeMasterMerges } from "../../models/dedupe/scan-masters";
import { defineJob } from "../definition";

export const ANOMALY_SCAN_JOB = "models.anomaly-scan";
export const DEDUPE_SCAN_JOB = "models.dedupe-scan";
const ENTITIES_MAX = 100;
const LOOKBACK_DAYS = 400;

export type AnomalyScanJobData = { fromDate?: string; toDate?: string };

function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

/** Nightly (01:30 UTC): score every entity's journal entries, adjustments, price changes, orders and supplier terms; flags go to the review queue. */
export const anomalyScanJob = defineJob<AnomalyScanJobData>({
  name: ANOMALY_SCAN_JOB,
  cron: "30 1 * * *",
  queue: { policy: "stately", retryLimit: 1, expireInSeconds: 60 * 60 },
  async run({ db, log }, data) {
    const entities = await db.select({ id: legalEntity.id, code: legalEntity.code }).from(legalEntity).orderBy(asc(legalEntity.id)).limit(ENTITIES_MAX);
    const results = [];
    for (const entity of entities) {
      const scans = await runAnomalyScan(db, { entityId: entity.id, fromDate: data?.fromDate ?? daysAgo(LOOKBACK_DAYS), toDate: data?.toDate ?? daysAgo(0) });
      log.info(`anomaly scan of ${entity.code}`, { scans });
      results.push({ entity: entity.code, scans });
    }
    return { results };
  },
});

/** Weekly (Saturday 03:00 UTC): scan customers and suppliers for duplicates; likely pairs become merge requests. */
export const dedupeScanJob = defineJob<object>({
  name: DEDUPE_SCAN_JOB,
  cron: "0 3 * * 6",
  queue: { policy: "stately", retryLimit: 1, expireInSeconds: 60 * 60 },
  async run({ db, log }) {
    const entities = await db.select({ id: legalEntity.id, code: legalEntity.code }).from(legalEntity).orderBy(asc(legalEntity.id)).limit(ENTITIES_MAX);
    const results = [];
    for (const entity of entities) {
      for (const kind of ["customer", "supplier"] as const) {
        const proposed = await proposeMasterMerges(db, kind, entity.id);
        log.info(`duplicate scan of ${entity.code} ${kind}s`, proposed);
        results.push({ entity: entity.code, kind, ...proposed });
      }
    }
    return { results };
  },
});
