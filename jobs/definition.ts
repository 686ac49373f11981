import type PgBoss from "pg-boss";
import type { Db } from "../core/db/client";
import type { Logger } from "./log";

/** What a job handler gets: the worker's database pool and logger. Handlers open their own transactions. */
export type JobContext = { db: Db; log: Logger };

/**
 * One kind of job: its queue (pg-boss v10 needs the queue created before send, work or
 * schedule), an optional cron schedule, and the handler. The handler's return value is kept
 * by pg-boss as the job's output.
 */
export type JobDefinition<Data extends object = object> = {
  name: string;
  /** Five-field cron in UTC; absent for jobs that are only sent on demand. */
  cron?: string;
  queue?: Omit<PgBoss.Queue, "name">;
  run(context: JobContext, data: Data): Promise<object | void>;
};

/** Erases the data type so definitions of different jobs share one list. */
export function defineJob<Data extends object>(definition: JobDefinition<Data>): JobDefinition {
  return definition as unknown as JobDefinition;
}
