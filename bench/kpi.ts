// `npm run bench:kpi [-- --lines N] [--runs R] [--pg-runs P] [--pg-timeout S] [--kpis a,b] [--days D]`: loads N synthetic
// order lines (default 10 million) into a throwaway PostgreSQL database by COPY, extracts them into
// a fresh DuckDB file with Keel's extractor (mirror and fact cubes), then times every KPI on DuckDB
// (from the fact cubes, as the dashboard reads it) and the same figure computed by SQL from the
// source tables on PostgreSQL (p50/p95, ratio), and incremental refreshes of D more days' events (default 5), one day at a time.
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { closeDb, createDb, type Db } from "../core/db/client";
import { refreshAnalytics } from "../analytics/extract";
import { KPI_NAMES, type KpiName } from "../analytics/kpi-definitions";
import type { KpiFilters } from "../analytics/kpi-sql";
import { runKpi, type KpiEngine } from "../analytics/kpi-query";
import { closeAnalyticsStore, openAnalyticsStore, type AnalyticsStore } from "../analytics/store";
import { benchServer } from "./server";
import { BENCH_DAYS, BenchWriter, createBenchIndexes, createBenchSchema, dayOf, firstIds, seededRandom, writeMasters, writeOrder, writePeriodCloses, writePurchase, type Ids } from "./kpi-data";

const START = new Date("2025-11-01T00:00:00Z");
const FLUSH_ROWS = 1_000_000;
/** DuckDB queries get the app's limit raised; the PostgreSQL baseline gets --pg-timeout (default 15 minutes). */
const BENCH_TIMEOUT_MS = 15 * 60_000;

function options() {
  const { values } = parseArgs({ options: { lines: { type: "string", default: "10000000" }, runs: { type: "string", default: "50" },
    "pg-runs": { type: "string", default: "5" }, "pg-timeout": { type: "string", default: String(BENCH_TIMEOUT_MS / 1000) },
    kpis: { type: "string", default: KPI_NAMES.join(",") }, database: { type: "string" }, days: { type: "string", default: "5" } } });
  const keep = values.database ?? null;
  if (keep !== null && !/^[a-z][a-z0-9_]{0,40}$/.test(keep)) throw new Error("--database: a lower-case name of letters, digits and _ (at most 41)");
  const kpis = values.kpis.split(",").map((name) => name.trim()).filter((name) => name !== "");
  const unknown = kpis.filter((name) => !(KPI_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0 || kpis.length === 0) throw new Error(`--kpis: a comma-separated list of ${KPI_NAMES.join(", ")}; unknown: ${unknown.join(", ")}`);
  const lines = Number(values.lines);
  if (!Number.isInteger(lines) || lines < 1_000) throw new Error("--lines: an integer of at least 1000");
  const pgTimeoutMs = Number(values["pg-timeout"]) * 1000;
  if (!(pgTimeoutMs > 0)) throw new Error("--pg-timeout: seconds, more than 0");
  const days = Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > 30) throw new Error("--days: an integer from 1 to 30");
  return { days, lines, runs: Math.max(2, Number(values.runs)), pgRuns: Math.max(1, Number(values["pg-runs"])), pgTimeoutMs, kpis: kpis as KpiName[], keep };
}

/** One day's orders (about lines / days lines) and purchases. */
function writeDay(writer: BenchWriter, ids: Ids, dayIndex: number, linesPerDay: number, random: () => number): number {
  const day = dayOf(START, dayIndex);
  let lines = 0;
  let orders = 0;
  while (lines < linesPerDay) {
    lines += writeOrder(writer, ids, day, START, random);
    orders += 1;
    if (orders % 20 === 0) writePurchase(writer, ids, day, START, random);
  }
  return lines;
}

async function load(db: Db, lines: number, ids: Ids, random: () => number): Promise<number> {
  let writer = new BenchWriter();
  writeMasters(writer, START, random);
  writePeriodCloses(writer, START, BENCH_DAYS, random);
  const linesPerDay = Math.ceil(lines / BENCH_DAYS);
  let written = 0;
  let copying: Promise<void> = Promise.resolve();
  for (let day = 0; day < BENCH_DAYS; day += 1) {
    written += writeDay(writer, ids, day, linesPerDay, random);
    // Few large COPYs (a COPY per table per day costs more than the rows), each running while the next batch is generated.
    if (writer.pending >= FLUSH_ROWS || day === BENCH_DAYS - 1) {
      await copying;
      copying = writer.flush(db.$client);
      writer = new BenchWriter();
    }
    if (day % 73 === 72) console.log(`  ${written.toLocaleString("en-US")} order lines generated`);
  }
  await copying;
  await createBenchIndexes(db.$client);
  await db.$client.unsafe("analyze");
  return written;
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

type Timing = { p50: number; p95: number; timedOut: boolean };

/** p50/p95 of `runs` runs after a warm-up; a run cut off by the timeout counts as the timeout (a lower bound). */
async function time(engine: KpiEngine, name: KpiName, filters: KpiFilters, runs: number, timeoutMs: number): Promise<Timing> {
  const once = async (): Promise<{ ms: number; timedOut: boolean }> => {
    const started = performance.now();
    try {
      await runKpi(engine, name, filters, timeoutMs);
      return { ms: performance.now() - started, timedOut: false };
    } catch (error) {
      if ((error as { code?: string }).code !== "57014") throw error; // query_canceled by statement_timeout
      return { ms: timeoutMs, timedOut: true };
    }
  };
  // Warm-up (caches, the first plan); a warm-up that times out makes further runs pointless.
  if ((await once()).timedOut) return { p50: timeoutMs, p95: timeoutMs, timedOut: true };
  const samples: { ms: number; timedOut: boolean }[] = [];
  for (let i = 0; i < runs; i += 1) samples.push(await once());
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), timedOut: samples.some((s) => s.timedOut) };
}

const ms = (t: Timing, value: number) => `${t.timedOut ? ">" : " "}${value.toFixed(1)}`.padStart(9);

async function measure(db: Db, store: AnalyticsStore, kpis: readonly KpiName[], runs: number, pgRuns: number, pgTimeoutMs: number): Promise<void> {
  const filters: KpiFilters = { entityId: 1, warehouseId: null, categoryId: null, customerId: null, from: dayOf(START, 0).iso, to: dayOf(START, BENCH_DAYS).iso, grain: "month", groupBy: "customer" };
  console.log(`\nKPI (whole year, grain month)   duck p50  duck p95    pg p50    pg p95   ratio p95`);
  for (const name of kpis) {
    const duck = await time({ kind: "duckdb", store }, name, filters, runs, BENCH_TIMEOUT_MS);
    const postgres = await time({ kind: "postgres", db }, name, filters, pgRuns, pgTimeoutMs);
    const ratio = `${postgres.timedOut ? ">" : ""}${(postgres.p95 / duck.p95).toFixed(1)}x`;
    console.log(`${name.padEnd(30)}${ms(duck, duck.p50)} ${ms(duck, duck.p95)} ${ms(postgres, postgres.p50)} ${ms(postgres, postgres.p95)} ${ratio.padStart(11)}`);
  }
  if (pgTimeoutMs < BENCH_TIMEOUT_MS) console.log(`(">": PostgreSQL cut off by --pg-timeout ${pgTimeoutMs / 1000} s; the ratio is then a lower bound)`);
}

/** The next ids and the next day of a kept database (each run's incremental day is appended to it). */
async function continueFrom(db: Db): Promise<{ ids: Ids; nextDay: number }> {
  const max = async (table: string) => Number((await db.$client.unsafe<{ n: string }[]>(`select coalesce(max(id), 0)::text as n from ${table}`))[0]!.n) + 1;
  const ids: Ids = { order: await max("sales_order"), line: await max("sales_order_line"), shipment: await max("shipment"), shipmentLine: await max("shipment_line"),
    entry: await max("journal_entry"), journalLine: await max("journal_line"), po: await max("purchase_order"), poLine: await max("purchase_order_line"),
    receipt: await max("purchase_receipt"), receiptLine: await max("purchase_receipt_line") };
  const [last] = await db.$client.unsafe<{ d: number }[]>(`select (max(order_date) - date '${dayOf(START, 0).iso}')::int as d from sales_order`);
  return { ids, nextDay: Number(last!.d) + 1 };
}

/** A throwaway database, or with --database a kept one (loaded once, reused with its DuckDB file by later runs). */
async function openBenchDatabase(admin: Db, server: { url: (database: string) => string }, keep: string | null): Promise<{ database: string; db: Db; exists: boolean }> {
  const database = keep ?? `keel_bench_kpi_${process.pid}`;
  const found = await admin.$client.unsafe("select 1 from pg_database where datname = $1", [database]);
  if (found.length === 0) await admin.$client.unsafe(`create database ${database}`);
  return { database, db: createDb(server.url(database), { max: 8 }), exists: found.length > 0 };
}

async function main(): Promise<void> {
  const { days, lines, runs, pgRuns, pgTimeoutMs, kpis, keep } = options();
  const server = await benchServer();
  const admin = createDb(server.url("postgres"), { max: 1 });
  const { database, db, exists } = await openBenchDatabase(admin, server, keep);
  const directory = keep ? path.resolve("data/bench-kpi") : await mkdtemp(path.join(os.tmpdir(), "keel-bench-kpi-"));
  await mkdir(directory, { recursive: true });
  const store = await openAnalyticsStore(path.join(directory, keep ? `${keep}.duckdb` : "analytics.duckdb"));
  try {
    const random = seededRandom(20261126);
    let ids = firstIds();
    let nextDay = BENCH_DAYS;
    let started = performance.now();
    if (exists) {
      ({ ids, nextDay } = await continueFrom(db));
      const [count] = await db.$client.unsafe<{ n: string }[]>("select count(*)::text as n from sales_order_line");
      console.log(`reusing database ${database}: ${Number(count!.n).toLocaleString("en-US")} order lines (--lines ignored)`);
    } else {
      await createBenchSchema(db.$client);
      const written = await load(db, lines, ids, random);
      console.log(`loaded ${written.toLocaleString("en-US")} order lines by COPY in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    const first = await refreshAnalytics(db, store);
    console.log(`${first.mode} extraction into DuckDB (mirror and fact cubes ${first.facts}): ${(first.durationMs / 1000).toFixed(1)} s`);
    // The KPI timings start once the extraction's checkpoint has finished writing the file.
    const firstCheckpoint = await first.checkpointed;
    console.log(`  then its checkpoint: ${firstCheckpoint.skipped === null ? `${(firstCheckpoint.ms / 1000).toFixed(1)} s` : `skipped (${firstCheckpoint.skipped})`}`);
    await measure(db, store, kpis, runs, pgRuns, pgTimeoutMs);
    const [orderLines] = await db.$client.unsafe<{ n: string }[]>("select count(*)::text as n from sales_order_line where order_id < $1", [ids.order]);
    const linesPerDay = Math.ceil(Number(orderLines!.n) / BENCH_DAYS);
    console.log(`\nincremental refresh of one day's events, ${days} days in a row (each day committed to PostgreSQL, then refreshed):`);
    const dayMs: number[] = [];
    for (let day = 0; day < days; day += 1) {
      const writer = new BenchWriter();
      const dayLines = writeDay(writer, ids, nextDay + day, linesPerDay, random);
      await writer.flush(db.$client);
      started = performance.now();
      const incremental = await refreshAnalytics(db, store);
      dayMs.push(performance.now() - started);
      const copiedRows = Object.values(incremental.rowsByTable).reduce((a, b) => a + b, 0);
      console.log(`  day ${day + 1}: ${dayLines.toLocaleString("en-US")} order lines, ${copiedRows.toLocaleString("en-US")} rows, fact cubes ${incremental.facts}: ${(dayMs.at(-1)! / 1000).toFixed(2)} s`);
      const { copy, mirror, facts, commit } = incremental.phasesMs;
      console.log(`    reading PostgreSQL (mirror tables loading alongside) ${copy} ms, rest of the mirror load ${mirror} ms, fact cubes ${facts} ms, DuckDB commit ${commit} ms`);
      const checkpoint = await incremental.checkpointed;
      console.log(`    then, after the refresh returned (data already visible): checkpoint ${checkpoint.skipped === null ? `${checkpoint.ms} ms` : `skipped (${checkpoint.skipped})`}`);
    }
    const sorted = [...dayMs].sort((a, b) => a - b);
    console.log(`incremental day refresh over ${days} days: median ${(sorted[Math.floor((sorted.length - 1) / 2)]! / 1000).toFixed(2)} s, slowest ${(sorted.at(-1)! / 1000).toFixed(2)} s`);
  } finally {
    await closeAnalyticsStore(store);
    if (!keep) await rm(directory, { recursive: true, force: true });
    await closeDb(db);
    if (!keep) await admin.$client.unsafe(`drop database if exists ${database} with (force)`);
    await closeDb(admin);
    await server.stop();
  }
}

await main();
