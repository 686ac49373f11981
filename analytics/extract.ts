// Extraction: committed PostgreSQL rows stream (a cursor of CSV lines formatted by PostgreSQL) into
// the DuckDB mirror tables. Incremental refreshes copy only the row versions the previous refresh's
// snapshot could not see; see analytics/README.md ("Watermark") for why this is correct when
// transactions commit out of order.
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { once } from "node:events";
import type { Db } from "../core/db/client";
import type postgres from "postgres";
import { assert } from "../core/shared/assert";
import { buildAllFacts, FACT_TEMP_TABLES, factsAreCurrent, updateFacts, type FactsRefresh } from "./facts";
import { APPEND_ONLY_TABLES, createTableSql, csvColumnsSql, KEEP_REPLACED_TABLES, MIRROR_TABLES, type MirrorTable } from "./mirror";
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
  /** How the fact cubes followed: rebuilt from the whole mirror, or updated for the delta's orders and days. */
  facts: FactsRefresh;
  durationMs: number;
  /** Where the time went: reading PostgreSQL, loading the mirror, the fact cubes, and the DuckDB commit. */
  phasesMs: RefreshPhases;
  /**
   * The checkpoint that writes this refresh's WAL into the database file. It runs after the refresh
   * (queued like one, so the next refresh waits for it): the data is visible at commit, and readers
   * never wait for it. Settles with how long it took; it never rejects.
   */
  checkpointed: Promise<CheckpointOutcome>;
};

/**
 * copy: reading PostgreSQL into CSV files, while the mirror tables already copied load into DuckDB
 * alongside; mirror: the loading still left when the copy ends; facts: the fact cubes; commit:
 * the watermark row and the DuckDB commit.
 */
export type RefreshPhases = { copy: number; mirror: number; facts: number; commit: number };

/** A checkpoint that ran (ms), or one DuckDB declined (another transaction was writing) or that failed, with why. */
export type CheckpointOutcome = { ms: number; skipped: string | null };

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
    const mode: RefreshMode = previous ? "incremental" : "full";
    const directory = await mkdtemp(path.join(os.tmpdir(), "keel-analytics-"));
    try {
      const phasesMs: RefreshPhases = { copy: 0, mirror: 0, facts: 0, commit: 0 };
      const { copied, facts } = await extractIntoDuck(db, store, directory, previous ? parseSnapshot(previous.snapshot) : null, mode, source, phasesMs);
      const durationMs = Date.now() - startedMs;
      // Queued behind this refresh: it starts once the refresh has returned.
      const checkpointed = serialized(store, () => checkpoint(store));
      return { mode, snapshot: copied.snapshot, previousSnapshot: previous?.snapshot ?? null, freshAsOf: copied.freshAsOf, rowsByTable: copied.rowsByTable, facts, durationMs, phasesMs, checkpointed };
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
}

/**
 * Writes the WAL into the database file, so every refresh leaves a small WAL and no later commit
 * or restart pays for a large one. A checkpoint DuckDB declines (another transaction writing) is
 * left to the next refresh; any other failure is reported, never thrown: the data is committed.
 */
async function checkpoint(store: AnalyticsStore): Promise<CheckpointOutcome> {
  const started = Date.now();
  if (store.closed) return { ms: 0, skipped: "the store is closed" };
  const connection = await store.instance.connect();
  try {
    await connection.run("checkpoint");
    return { ms: Date.now() - started, skipped: null };
  } catch (error) {
    const message = String((error as Error).message);
    if (!/checkpoint/i.test(message)) console.error(`[analytics] checkpoint failed: ${message}`);
    return { ms: Date.now() - started, skipped: message };
  } finally {
    connection.closeSync();
  }
}

/** A full rebuild: every mirror table dropped and copied again. */
export function rebuildAnalytics(db: Db, store: AnalyticsStore): Promise<RefreshResult> {
  return refreshAnalytics(db, store, { full: true });
}

/** KEEL_ANALYTICS_TRACE=1 prints how long each table copy, table load and fact statement took (how the refresh was profiled). */
function trace(startedMs: number, what: string): void {
  if (process.env.KEEL_ANALYTICS_TRACE === "1") console.error(`[analytics] ${(performance.now() - startedMs).toFixed(0)} ms ${what}`);
}

/** Rows fetched per round trip while streaming a table. */
const CURSOR_ROWS = 10_000;

/**
 * One CSV line per row, formatted by PostgreSQL (JavaScript only joins the lines): NULL is an empty
 * field, an empty string `""`, text with a comma, quote or line break is quoted (quotes doubled).
 * Every column leaves as text, so DuckDB's read_csv parses it into the mirror's types without a
 * JavaScript round trip through Date or bigint. (`COPY ... TO STDOUT` would format it too, but
 * postgres.js 3.4 can leave the connection paused after a COPY stream: porsager/postgres#499, #917.)
 */
function csvLineSql(table: MirrorTable): string {
  const fields = table.columns.map(([name, type]) => type === "VARCHAR"
    ? `case when ${name} is null then '' when ${name} = '' or ${name} ~ '[",\r\n]' then '"' || replace(${name}, '"', '""') || '"' else ${name} end`
    : `coalesce(${name}::text, '')`);
  return fields.join(` || ',' || `);
}

/** Streams the cursor's lines into a CSV file, honouring backpressure; returns the row count. */
async function writeCsv(batches: AsyncIterable<readonly { line: string }[]>, file: string): Promise<number> {
  const out = createWriteStream(file);
  let count = 0;
  try {
    for await (const rows of batches) {
      count += rows.length;
      if (!out.write(rows.map((row) => row.line).join("\n") + "\n")) await once(out, "drain");
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

type Sql = postgres.TransactionSql;

type Copied = { snapshot: string; freshAsOf: Date; rowsByTable: Record<string, number> };

function csvFile(directory: string, table: MirrorTable): string {
  return path.join(directory, `${table.name}.csv`);
}

/** The ledger tables copy on a second connection, alongside the others (the journal is the largest part of a day). */
const SECOND_LANE_TABLES: readonly string[] = ["journal_entry", "journal_line"];

/**
 * Copies every mirror table (or its unseen row versions) in ONE repeatable-read snapshot, calling
 * `onCopied` as each table's file is complete. The ledger tables are read on a second connection
 * whose transaction imports the first one's snapshot (pg_export_snapshot), so both lanes see exactly
 * the same committed rows.
 */
async function copyFromPostgres(db: Db, directory: string, previous: PgSnapshot | null, onCopied: (table: MirrorTable, rows: number) => void): Promise<Copied> {
  const rowsByTable: Record<string, number> = {};
  const copyTables = async (sql: Sql, tables: readonly MirrorTable[]) => {
    for (const table of tables) {
      // Every column as text: CSV for DuckDB's read_csv without a JS round trip through Date or bigint.
      const line = csvLineSql(table);
      const where = previous ? ` where ${unseenRows(table, previous)}` : "";
      const started = performance.now();
      const cursor = sql.unsafe<{ line: string }[]>(`select ${line} as line from ${table.name}${where}`).cursor(CURSOR_ROWS);
      rowsByTable[table.name] = await writeCsv(cursor, csvFile(directory, table));
      trace(started, `copied ${rowsByTable[table.name]} rows of ${table.name}`);
      onCopied(table, rowsByTable[table.name]!);
    }
  };
  const twoLanes = (db.$client.options.max ?? 1) > 1;
  const firstLane = twoLanes ? MIRROR_TABLES.filter((t) => !SECOND_LANE_TABLES.includes(t.name)) : MIRROR_TABLES;
  const secondLane = twoLanes ? MIRROR_TABLES.filter((t) => SECOND_LANE_TABLES.includes(t.name)) : [];
  return db.$client.begin("isolation level repeatable read read only", async (sql) => {
    // Timestamps leave as UTC text; DuckDB's TIMESTAMP columns hold UTC.
    await sql.unsafe("set local timezone = 'UTC'");
    const [head] = await sql.unsafe<{ snapshot: string; now: string; exported: string | null }[]>(
      `select pg_current_snapshot()::text as snapshot, to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as now,
        ${twoLanes ? "pg_export_snapshot()" : "null"} as exported`);
    assert(head !== undefined, "the snapshot query returns a row");
    const second = secondLane.length === 0 ? Promise.resolve() : db.$client.begin("isolation level repeatable read read only", async (other) => {
      await other.unsafe(`set transaction snapshot '${head.exported}'`);
      await other.unsafe("set local timezone = 'UTC'");
      await copyTables(other, secondLane);
    });
    // Both lanes settle before the exporting transaction ends (its snapshot must outlive the import).
    const [first, imported] = await Promise.allSettled([copyTables(sql, firstLane), second]);
    for (const lane of [first, imported]) if (lane.status === "rejected") throw lane.reason;
    return { snapshot: head.snapshot, freshAsOf: new Date(`${head.now}Z`), rowsByTable };
  }) as Promise<Copied>;
}

/**
 * The row versions of `table` the previous snapshot could not see. Journal lines are append-only
 * (a database trigger refuses updates) and the posting engine inserts them in the transaction of
 * their entry, so only lines of unseen entries can be unseen: the entry_id index narrows the scan
 * of the largest table to them, and the snapshot test still decides each line.
 */
function unseenRows(table: MirrorTable, previous: PgSnapshot): string {
  const unseen = rowVersionsUnseenBy(previous);
  if (table.name !== "journal_line") return unseen;
  return `entry_id in (select id from journal_entry where ${unseen}) and ${unseen}`;
}

/**
 * One DuckDB transaction, with the new watermark, so a reader sees all or nothing: each mirror
 * table loads as soon as its CSV file is complete (while PostgreSQL is still read for the next
 * tables), then the fact cubes follow.
 */
async function extractIntoDuck(db: Db, store: AnalyticsStore, directory: string, previous: PgSnapshot | null, mode: RefreshMode, source: string,
  phasesMs: RefreshPhases): Promise<{ copied: Copied; facts: FactsRefresh }> {
  const connection = await store.instance.connect();
  try {
    return await withTimeout(connection, REFRESH_TIMEOUT_MS, async () => {
      await connection.run("begin transaction");
      // The loads run one after another on the connection; the chain never rejects (the first error is kept).
      let loading: Promise<void> = Promise.resolve();
      let loadError: { error: unknown } | null = null;
      const loaded: Record<string, number> = {};
      try {
        let started = Date.now();
        const copied = await copyFromPostgres(db, directory, previous, (table, rows) => {
          loading = loading.then(async () => {
            if (loadError) return;
            const tableStarted = performance.now();
            loaded[table.name] = await loadTable(connection, table, csvFile(directory, table), mode, rows);
            trace(tableStarted, `loaded ${table.name}`);
          }).catch((error: unknown) => {
            loadError ??= { error };
          });
        });
        phasesMs.copy = Date.now() - started;
        started = Date.now();
        await loading;
        if (loadError) throw (loadError as { error: unknown }).error;
        Object.assign(copied.rowsByTable, loaded);
        phasesMs.mirror = Date.now() - started;
        started = Date.now();
        const facts = await refreshFacts(connection, mode, copied.rowsByTable);
        phasesMs.facts = Date.now() - started;
        started = Date.now();
        await connection.run(`drop table if exists ${STATE_TABLE}`);
        await connection.run(`create table ${STATE_TABLE} (snapshot varchar, fresh_as_of timestamp, mode varchar, refreshed_at timestamp, source varchar)`);
        await connection.run(`insert into ${STATE_TABLE} values ('${copied.snapshot}', cast('${copied.freshAsOf.toISOString().replace("Z", "")}' as timestamp), '${mode}', cast('${new Date().toISOString().replace("Z", "")}' as timestamp), '${source.replace(/'/g, "''")}')`);
        await connection.run("commit");
        phasesMs.commit = Date.now() - started;
        return { copied, facts };
      } catch (error) {
        await loading;
        await connection.run("rollback");
        throw error;
      }
    });
  } finally {
    connection.closeSync();
  }
}

type Connection = Awaited<ReturnType<AnalyticsStore["instance"]["connect"]>>;

/** The fact cubes, in the mirror load's transaction: rebuilt on a full load (or a new facts version), else updated from the delta. */
async function refreshFacts(connection: Connection, mode: RefreshMode, rowsByTable: Record<string, number>): Promise<FactsRefresh> {
  const run = async (text: string) => {
    const started = performance.now();
    await connection.run(text);
    trace(started, text.replace(/\s+/g, " ").slice(0, 90));
  };
  const query = async (text: string) => (await connection.runAndReadAll(text)).getRowObjectsJS() as Record<string, unknown>[];
  const facts = mode === "full" ? await withWrittenJoinOrder(connection, () => buildAllFacts(run))
    : !(await factsAreCurrent(query)) ? await buildAllFacts(run) : await updateFacts(run, query, (table) => rowsByTable[table] ?? 0);
  for (const table of [...FACT_TEMP_TABLES, ...MIRROR_TABLES.map((t) => `delta_${t.name}`), ...KEEP_REPLACED_TABLES.map((name) => `old_${name}`)]) {
    await connection.run(`drop table if exists ${table}`);
  }
  return facts;
}

/**
 * DuckDB estimates a table filled in the still-open transaction at 0 rows; after a full load it
 * then joins large mirror tables on non-key columns first (shipments x order lines on entity: hours
 * at a million lines). While the full load builds the facts, joins run in the order the fact SQL
 * writes them. The setting is global to the instance (it cannot be set per connection), so it is
 * put back right after.
 */
async function withWrittenJoinOrder<T>(connection: Connection, fn: () => Promise<T>): Promise<T> {
  const current = await connection.runAndReadAll("select current_setting('disabled_optimizers') as v");
  const previous = String(current.getRowObjectsJS()[0]?.v ?? "").replace(/'/g, "''");
  await connection.run("set global disabled_optimizers = 'join_order,build_side_probe_side'");
  try {
    return await fn();
  } finally {
    await connection.run(`set global disabled_optimizers = '${previous}'`);
  }
}

/**
 * Replaces the rows whose ids arrived (an updated row arrives as a new version of the same id).
 * Incremental: the arrivals stay in temp table `delta_<table>` (and the replaced orders in
 * `old_<table>` for KEEP_REPLACED_TABLES) for the fact update.
 */
async function loadTable(connection: Connection, table: MirrorTable, file: string, mode: RefreshMode, arrived: number): Promise<number> {
  const read = `read_csv('${file.replace(/'/g, "''")}', header = false, nullstr = '', allow_quoted_nulls = false, auto_detect = false, columns = ${csvColumnsSql(table)})`;
  if (mode === "full") {
    await connection.run(`drop table if exists ${table.name}`);
    await connection.run(createTableSql(table));
    const inserted = await connection.runAndReadAll(`insert into ${table.name} select * from ${read}`);
    return Number(inserted.getRows()[0]?.[0] ?? 0);
  }
  await connection.run(createTableSql(table));
  const delta = `delta_${table.name}`;
  const keepReplaced = KEEP_REPLACED_TABLES.includes(table.name);
  if (arrived === 0) {
    // Nothing arrived: an empty delta table for the fact update, and no scan of the mirror table.
    await connection.run(`create or replace temp table ${delta} as select * from ${table.name} limit 0`);
    if (keepReplaced) await connection.run(`create or replace temp table old_${table.name} as select * from ${table.name} limit 0`);
    return 0;
  }
  await connection.run(`create or replace temp table ${delta} as select * from ${read}`);
  if (keepReplaced) await connection.run(`create or replace temp table old_${table.name} as select * from ${table.name} where id in (select id from ${delta})`);
  // An append-only table's arrivals are new rows: no older version to delete (and no scan of the largest tables).
  if (!APPEND_ONLY_TABLES.includes(table.name)) await connection.run(`delete from ${table.name} where id in (select id from ${delta})`);
  const inserted = await connection.runAndReadAll(`insert into ${table.name} select * from ${delta}`);
  return Number(inserted.getRows()[0]?.[0] ?? 0);
}
