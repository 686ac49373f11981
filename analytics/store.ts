// The DuckDB file the KPIs read. DuckDB allows one writing process: the app process owns the
// file (one instance per path, kept on globalThis so the Next bundle and the tsx-loaded job
// code share it); tests and the benchmark open their own files.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { assert } from "../core/shared/assert";

/** Every DuckDB statement is interrupted after this long. */
export const ANALYTICS_TIMEOUT_MS = 30_000;
export const ANALYTICS_ROWS_MAX = 100_000;
export const DEFAULT_ANALYTICS_PATH = "data/analytics.duckdb";

export type AnalyticsStore = {
  path: string;
  instance: DuckDBInstance;
  /** Refreshes run one at a time; this is the tail of the queue. */
  queue: Promise<unknown>;
  closed: boolean;
};

export type DuckRow = Record<string, unknown>;

export async function openAnalyticsStore(filePath: string): Promise<AnalyticsStore> {
  assert(filePath.length > 0, "an analytics path");
  if (filePath !== ":memory:") await mkdir(path.dirname(filePath), { recursive: true });
  // Each refresh queues a checkpoint after its commit (extract.ts); a high automatic threshold keeps
  // DuckDB from also checkpointing inside a refresh's commit when its WAL passes the 16 MB default.
  const instance = await DuckDBInstance.create(filePath, { threads: "2", checkpoint_threshold: "1GB" });
  return { path: filePath, instance, queue: Promise.resolve(), closed: false };
}

/** Closes the file after the queued refreshes and checkpoints have run. */
export async function closeAnalyticsStore(store: AnalyticsStore): Promise<void> {
  if (store.closed) return;
  await store.queue;
  if (store.closed) return;
  store.closed = true;
  store.instance.closeSync();
}

const GLOBAL_KEY = Symbol.for("keel.analytics.store");
type GlobalSlot = { [GLOBAL_KEY]?: Promise<AnalyticsStore> };

/**
 * KEEL_ANALYTICS_PATH, else data/analytics.duckdb for the default embedded database, else one
 * file per database server port and name (two apps on two databases never share a file).
 */
export function analyticsPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KEEL_ANALYTICS_PATH) return path.resolve(env.KEEL_ANALYTICS_PATH);
  const url = env.DATABASE_URL ? new URL(env.DATABASE_URL) : null;
  const database = url?.pathname.replace(/^\//, "") ?? "keel";
  if (!url || (database === "keel" && url.port === "54329")) return path.resolve(DEFAULT_ANALYTICS_PATH);
  return path.resolve("data", `analytics-${url.port || "5432"}-${database.replace(/[^A-Za-z0-9_-]/g, "_")}.duckdb`);
}

/** The app process's store (see analyticsPath), opened once per process. */
export function getAnalyticsStore(): Promise<AnalyticsStore> {
  const slot = globalThis as GlobalSlot;
  if (!slot[GLOBAL_KEY]) {
    const filePath = analyticsPath();
    slot[GLOBAL_KEY] = openAnalyticsStore(filePath).catch((error: unknown) => {
      delete slot[GLOBAL_KEY];
      throw error;
    });
  }
  return slot[GLOBAL_KEY];
}

/** The app process's store if something in this process opened it already, else null (never opens the file). */
export function openedAnalyticsStore(): Promise<AnalyticsStore> | null {
  return (globalThis as GlobalSlot)[GLOBAL_KEY] ?? null;
}

/** Runs `fn` after every refresh queued before it; a failure does not block the next one. */
export function serialized<T>(store: AnalyticsStore, fn: () => Promise<T>): Promise<T> {
  const run = store.queue.then(fn, fn);
  store.queue = run.catch(() => undefined);
  return run;
}

/** One statement on a fresh connection (DuckDB connections are not shared between concurrent queries). */
export async function duckQuery(store: AnalyticsStore, sqlText: string, timeoutMs = ANALYTICS_TIMEOUT_MS): Promise<DuckRow[]> {
  const connection = await store.instance.connect();
  try {
    return await withTimeout(connection, timeoutMs, async () => {
      const reader = await connection.runAndReadAll(sqlText);
      const rows = reader.getRowObjectsJS() as DuckRow[];
      assert(rows.length <= ANALYTICS_ROWS_MAX, `an analytics query returned more than ${ANALYTICS_ROWS_MAX} rows`);
      return rows;
    });
  } finally {
    connection.closeSync();
  }
}

/** Interrupts the connection's statement when it runs past the timeout. */
export async function withTimeout<T>(connection: DuckDBConnection, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  const timer = setTimeout(() => connection.interrupt(), timeoutMs);
  try {
    return await fn();
  } finally {
    clearTimeout(timer);
  }
}
