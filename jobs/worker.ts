import PgBoss from "pg-boss";
import { closeDb, createDb, type Db } from "../core/db/client";
import { assert } from "../core/shared/assert";
import { PGBOSS_SCHEMA } from "./config";
import type { JobContext, JobDefinition } from "./definition";
import { JOB_DEFINITIONS } from "./definitions";
import { createConsoleLogger, type Logger } from "./log";

export const WORKER_POOL_CONNECTIONS_MAX = 4;
export const BOSS_POOL_CONNECTIONS_MAX = 4;
export const WORKER_STOP_TIMEOUT_MS = 15_000;
export const JOB_DEFINITIONS_MAX = 100;

export type WorkerOptions = {
  log?: Logger;
  /** The jobs to run; every Keel job by default. Tests add their own. */
  definitions?: readonly JobDefinition[];
  /**
   * Run pg-boss's clock, which sends the scheduled jobs when their cron comes due; default true.
   * The schedules are registered either way, so any running worker with a clock fires them.
   */
  schedule?: boolean;
  /** How often an idle queue is polled; pg-boss's default is 2 s. */
  pollingIntervalSeconds?: number;
};

export type RunningWorker = {
  boss: PgBoss;
  stop(): Promise<void>;
};

function handlerFor(definition: JobDefinition, context: JobContext): PgBoss.WorkHandler<object> {
  return async (jobs) => {
    const job = jobs[0];
    assert(job !== undefined, "a fetch hands over at least one job");
    assert(jobs.length === 1, "workers fetch one job at a time");
    const startedMs = Date.now();
    try {
      const output = await definition.run(context, job.data ?? {});
      context.log.debug(`job ${definition.name} done`, { jobId: job.id, elapsedMs: Date.now() - startedMs });
      return output ?? undefined;
    } catch (error) {
      // pg-boss records the failure and retries by the queue's policy; the log says which job.
      context.log.error(`job ${definition.name} failed`, { jobId: job.id, error: error instanceof Error ? error.message : String(error) });
      throw error;
    }
  };
}

async function registerJobs(boss: PgBoss, context: JobContext, definitions: readonly JobDefinition[], options: Pick<WorkerOptions, "pollingIntervalSeconds">): Promise<void> {
  assert(definitions.length <= JOB_DEFINITIONS_MAX, "too many job definitions");
  assert(new Set(definitions.map((d) => d.name)).size === definitions.length, "job names must be unique");
  for (const definition of definitions) {
    // pg-boss v10 refuses send, work and schedule on a queue that was never created.
    await boss.createQueue(definition.name, { ...definition.queue, name: definition.name });
    const workOptions = options.pollingIntervalSeconds ? { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds } : { batchSize: 1 };
    await boss.work(definition.name, workOptions, handlerFor(definition, context));
    if (definition.cron) await boss.schedule(definition.name, definition.cron, {}, { tz: "UTC" });
  }
}

/**
 * Starts the pg-boss worker on Keel's database (its tables in the pgboss schema, installed on
 * first start): creates the queues, registers the handlers and the recurring schedules.
 */
export async function startWorker(url: string, options: WorkerOptions = {}): Promise<RunningWorker> {
  const log = options.log ?? createConsoleLogger();
  const definitions = options.definitions ?? JOB_DEFINITIONS;
  const boss = new PgBoss({
    connectionString: url, schema: PGBOSS_SCHEMA, application_name: "keel-worker", max: BOSS_POOL_CONNECTIONS_MAX,
    schedule: options.schedule !== false,
  });
  // Without a listener an 'error' event would crash the process; pg-boss keeps polling after one.
  boss.on("error", (error) => log.error("pg-boss error", { error: error.message }));
  let db: Db | null = null;
  try {
    await boss.start();
    db = createDb(url, { max: WORKER_POOL_CONNECTIONS_MAX });
    await registerJobs(boss, { db, log }, definitions, options);
  } catch (error) {
    await boss.stop({ graceful: false }).catch(() => {});
    if (db) await closeDb(db);
    throw error;
  }
  log.info(`worker started: ${definitions.map((d) => d.name).join(", ")}`);
  const workerDb = db;
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      await boss.stop({ graceful: true, wait: true, timeout: WORKER_STOP_TIMEOUT_MS });
      await closeDb(workerDb);
      log.info("worker stopped");
    })();
    return stopping;
  };
  return { boss, stop };
}
