// Extraction: committed PostgreSQL rows stream (COPY ... TO STDOUT through postgres.js) into the
// DuckDB mirror tables. Incremental refreshes copy only the row versions the previous refresh's
// snapshot could not see; see analytics/README.md ("Watermark") for why this is correct when
// transactions commit out of order.
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { once } from "node:events";
import type { Db } from "../core/db/client";
import { assert } from "../core/shared/assert";
import { createTableSql, csvColumnsSql, MIRROR_TABLES, type MirrorTable } from "./mirror";
import { duckQuery, serialized, withTimeout, type AnalyticsStore } from "./store";
import { parseSnapshot, rowVersionsUnseenBy, type PgSnapshot } from "./watermark";

export const REFRESH_TIMEOUT_MS = 10 * 60_000;
const STATE_TABLE = "analytics_refresh_state";

export type RefreshMode = "full" | "incremental";

export type RefreshResult = {
  mode: RefreshMode;
  /** pg_current_snapshot() of the extraction transaction: the new watermark. */
  snapshot: string;
  previousSnapshot: string | null;
  /** PostgreSQL's now() in the extraction transaction: the data is complete up to this instant. */
  freshAsOf: Date;
  rowsByTable: Record<string, number>;
  durationMs: number;
};

export type RefreshState = { snapshot: string; freshAsOf: Date; mode: RefreshMode; refreshedAt: Date; source: string };

/** The last refresh's watermark and freshness, or null before the first refresh. */
export async function readRefreshState(store: AnalyticsStore): Promise<RefreshState | null> {
  const exists = await duckQuery(store, `select count(*) as n from information_schema.tables where table_name = '${STATE_TABLE}'`);
  if (Number(exists[0]?.n ?? 0) === 0) return null;
  const rows = await duckQuery(store, `select snapshot, cast(fresh_as_of as varchar) as fresh_as_of, mode, cast(refreshed_at as varchar) as refreshed_at, source from ${STATE_TABLE} limit 1`);
  const row = rows[0];
  if (!row) return null;
  return { snapshot: String(row.snapshot), freshAsOf: utc(String(row.fresh_as_of)), mode: row.mode as RefreshMode, refreshedAt: utc(String(row.refreshed_at)), source: String(row.source) };
}

function utc(text: string): Date {
  return new Date(`${text.replace(" ", "T")}Z`);
}

/** Brings the mirror up to date: incremental past the stored watermark, or a full rebuild. */
export function refreshAnalytics(db: Db, store: AnalyticsStore, options: { full?: boolean } = {}): Promise<RefreshResult> {
  return serialized(store, async () => {
    const startedMs = Date.now();
    const source = await sourceIdentity(db);
    const stored = options.full ? null : await readRefreshState(store);
    // A watermark only means something for the database it came from (a recreated database starts over).
    const previous = stored && stored.source === source ? stored : null;
    const directory = await mkdtemp(path.join(os.tmpdir(), "keel-analytics-"));
    try {
      const copied = await copyFromPostgres(db, directory, previous ? parseSnapshot(previous.snapshot) : null);
      const mode: RefreshMode = previous ? "incremental" : "full";
      await loadIntoDuck(store, directory, mode, copied, source);
      return { mode, snapshot: copied.snapshot, previousSnapshot: previous?.snapshot ?? null, freshAsOf: copied.freshAsOf, rowsByTable: copied.rowsByTable, durationMs: Date.now() - startedMs };
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
}

/** A full rebuild: every mirror table dropped and copied again. */
export function rebuildAnalytics(db: Db, store: AnalyticsStore): Promise<RefreshResult> {
  return refreshAnalytics(db, store, { full: true });
}

/** Rows fetched per round trip while streaming a table. */
const CURSOR_ROWS = 10_000;

function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\n\r]/.test(text) || text === "" ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Streams cursor batches into a CSV file (null = empty field, empty text = ""), honouring backpressure. */
async function writeCsv(batches: AsyncIterable<readonly Record<string, unknown>[]>, file: string): Promise<number> {
  const out = createWriteStream(file);
  let count = 0;
  try {
    for await (const rows of batches) {
      const text = rows.map((row) => Object.values(row).map(csvField).join(",")).join("\n") + "\n";
      count += rows.length;
      if (!out.write(text)) await once(out, "drain");
    }
  } finally {
    out.end();
    await once(out, "close");
  }
  return count;
}

/** Which database the rows come from: its name and oid (a dropped and recreated database gets a new oid). */
async function sourceIdentity(db: Db): Promise<string> {
  const [row] = await db.$client.unsafe<{ source: string }[]>("select current_database() || ':' || oid::text as source from pg_database where datname = current_database()");
  assert(row !== undefined, "the current database is in pg_database");
  return row.source;
}

type Copied = { snapshot: string; freshAsOf: Date; rowsByTable: Record<string, number> };

function csvFile(directory: string, table: MirrorTable): string {
  return path.join(directory, `${table.name}.csv`);
}

/** Copies every mirror table (or its unseen row versions) in ONE repeatable-read snapshot. */
async function copyFromPostgres(db: Db, directory: string, previous: PgSnapshot | null): Promise<Copied> {
  return db.$client.begin("isolation level repeatable read read only", async (sql) => {
    // Timestamps leave as UTC text; DuckDB's TIMESTAMP columns hold UTC.
    await sql.unsafe("set local timezone = 'UTC'");
    const [head] = await sql.unsafe<{ snapshot: string; now: string }[]>(
      `select pg_current_snapshot()::text as snapshot, to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as now`);
    assert(head !== undefined, "the snapshot query returns a row");
    const current = parseSnapshot(head.snapshot);
    const rowsByTable: Record<string, number> = {};
    for (const table of MIRROR_TABLES) {
      // Every column as text: CSV for DuckDB's read_csv without a JS round trip through Date or bigint.
      const columns = table.columns.map(([name]) => `${name}::text as ${name}`).join(", ");
      const where = previous ? ` where ${rowVersionsUnseenBy(previous, current)}` : "";
      rowsByTable[table.name] = await writeCsv(sql.unsafe(`select ${columns} from ${table.name}${where}`).cursor(CURSOR_ROWS), csvFile(directory, table));
    }
    return { snapshot: head.snapshot, freshAsOf: new Date(`${head.now}Z`), rowsByTable };
  }) as Promise<Copied>;
}

/** Loads the CSV files in one DuckDB transaction, with the new watermark, so a reader sees all or nothing. */
async function loadIntoDuck(store: AnalyticsStore, directory: string, mode: RefreshMode, copied: Copied, source: string): Promise<void> {
  const connection = await store.instance.connect();
  try {
    await withTimeout(connection, REFRESH_TIMEOUT_MS, async () => {
      await connection.run("begin transaction");
      try {
        for (const table of MIRROR_TABLES) copied.rowsByTable[table.name] = await loadTable(connection, table, csvFile(directory, table), mode);
        await connection.run(`drop table if exists ${STATE_TABLE}`);
        await connection.run(`create table ${STATE_TABLE} (snapshot varchar, fresh_as_of timestamp, mode varchar, refreshed_at timestamp, source varchar)`);
        await connection.run(`insert into ${STATE_TABLE} values ('${copied.snapshot}', cast('${copied.freshAsOf.toISOString().replace("Z", "")}' as timestamp), '${mode}', cast('${new Date().toISOString().replace("Z", "")}' as timestamp), '${source.replace(/'/g, "''")}')`);
        await connection.run("commit");
      } catch (error) {
        await connection.run("rollback");
        throw error;
      }
    });
  } finally {
    connection.closeSync();
  }
}

type Connection = Awaited<ReturnType<AnalyticsStore["instance"]["connect"]>>;

/** Replaces the rows whose ids arrived (an updated row arrives as a new version of the same id). */
async function loadTable(connection: Connection, table: MirrorTable, file: string, mode: RefreshMode): Promise<number> {
  const read = `read_csv('${file.replace(/'/g, "''")}', header = false, nullstr = '', allow_quoted_nulls = false, auto_detect = false, columns = ${csvColumnsSql(table)})`;
  if (mode === "full") {
    await connection.run(`drop table if exists ${table.name}`);
    await connection.run(createTableSql(table));
    const inserted = await connection.runAndReadAll(`insert into ${table.name} select * from ${read}`);
    return Number(inserted.getRows()[0]?.[0] ?? 0);
  }
  await connection.run(createTableSql(table));
  await connection.run(`create or replace temp table delta_rows as select * from ${read}`);
  await connection.run(`delete from ${table.name} where id in (select id from delta_rows)`);
  const inserted = await connection.runAndReadAll(`insert into ${table.name} select * from delta_rows`);
  await connection.run("drop table delta_rows");
  return Number(inserted.getRows()[0]?.[0] ?? 0);
}
