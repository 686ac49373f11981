import { sql } from "drizzle-orm";
import type { Db } from "../core/db/client";
import { PGBOSS_SCHEMA } from "./config";

export type QueueHealth = { schemaInstalled: boolean; queued: number; active: number; failed: number };

/**
 * Job counts from pg-boss's tables, read with SQL so a process that runs no worker (the web
 * app's health route) can report on the queue. Queued counts jobs waiting or due for retry.
 */
export async function queueHealth(db: Db): Promise<QueueHealth> {
  const [installed] = await db.execute<{ present: boolean }>(
    sql`select to_regclass(${`${PGBOSS_SCHEMA}.job`}) is not null and to_regclass(${`${PGBOSS_SCHEMA}.version`}) is not null as present`);
  if (!installed?.present) return { schemaInstalled: false, queued: 0, active: 0, failed: 0 };
  const [counts] = await db.execute<{ queued: number; active: number; failed: number }>(sql`
    select count(*) filter (where state in ('created', 'retry'))::int as queued,
           count(*) filter (where state = 'active')::int as active,
           count(*) filter (where state = 'failed')::int as failed
      from ${sql.identifier(PGBOSS_SCHEMA)}.job`);
  return { schemaInstalled: true, queued: counts?.queued ?? 0, active: counts?.active ?? 0, failed: counts?.failed ?? 0 };
}
