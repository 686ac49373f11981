import type { Db } from "../../core/db/client";
import { databaseHealth, type DatabaseHealth } from "../../core/db/health";
import { queueHealth, type QueueHealth } from "../../jobs/health";

export type Health = { status: "ok" | "degraded"; database: DatabaseHealth; queue: QueueHealth };

/** What /api/health reports: the server version, whether every committed migration is applied, and the job queue. */
export async function readHealth(db: Db): Promise<Health> {
  const database = await databaseHealth(db);
  const queue = await queueHealth(db);
  return { status: database.migrations.upToDate && queue.schemaInstalled ? "ok" : "degraded", database, queue };
}
