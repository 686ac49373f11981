// `npm run bench:kpi [-- --lines N] [--runs R] [--pg-runs P]`: loads N synthetic order lines
// (default 10 million) into a throwaway PostgreSQL database by COPY, extracts them into a fresh
// DuckDB file with Keel's extractor, then times every KPI on DuckDB and the same query on
// PostgreSQL (p50/p95, ratio), and an incremental refresh of one more day's events.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { closeDb, createDb, type Db } from "../core/db/client";
import { startEmbeddedPostgres } from "../core/db/embedded";
import { refreshAnalytics } from "../analytics/extract";
import { KPI_NAMES, type KpiName } from "../analytics/kpi-definitions";
import type { KpiFilters } from "../analytics/kpi-sql";
import { runKpi, type KpiEngine } from "../analytics/kpi-query";
import { closeAnalyticsStore, openAnalyticsStore, type AnalyticsStore } from "../analytics/store";
import { BENCH_DAYS, BenchWriter, createBenchSchema, dayOf, firstIds, seededRandom, writeMasters, writeOrder, writePurchase, type Ids } from "./kpi-data";

const START = new Date("2025-11-01T00:00:00Z");
const FLUSH_ROWS = 1_000_000;
/** The PostgreSQL baseline may be slow; the app's 30 s limit would cut it off. */
const BENCH_TIMEOUT_MS = 15 * 60_000;

function options() {
  const { values } = parseArgs({ options: { lines: { type: "string", default: "10000000" }, runs: { type: "string", default: "20" }, "pg-runs": { type: "string", default: "5" } } });
  const lines = Number(values.lines);
  if (!Number.isInteger(lines) || lines < 1_000) throw new Error("--lines: an integer of at least 1000");
  return { lines, runs: Math.max(2, Number(values.runs)), pgRuns: Math.max(1, Number(values["pg-runs"])) };
}

async function serverUrl(): Promise<{ url: (database: string) => string; stop: () => Promise<void> }> {
  const external = process.env.KEEL_BENCH_SERVER_URL;
  if (external) return { url: (database) => Object.assign(new URL(external), { pathname: `/${database}` }).toString(), stop: async () => {} };
  const server = await startEmbeddedPostgres({ dataDir: process.env.KEEL_BENCH_PG_DIR ?? "data/bench-pg", port: Number(process.env.KEEL_BENCH_PG_PORT ?? 54419), quiet: true });
  return { url: server.urlFor, stop: () => server.stop() };
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
  const writer = new BenchWriter();
  writeMasters(writer, START, random);
  const linesPerDay = Math.ceil(lines / BENCH_DAYS);
  let written = 0;
  for (let day = 0; day < BENCH_DAYS; day += 1) {
    written += writeDay(writer, ids, day, linesPerDay, random);
    // Few large COPYs: a COPY per table per day costs more than the rows themselves.
    if (writer.pending >= FLUSH_ROWS || day === BENCH_DAYS - 1) await writer.flush(db.$client);
    if (day % 73 === 72) console.log(`  ${written.toLocaleString("en-US")} order lines loaded`);
  }
  await db.$client.unsafe("analyze");
  return written;
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

async function time(engine: KpiEngine, name: KpiName, filters: KpiFilters, runs: number): Promise<{ p50: number; p95: number }> {
  await runKpi(engine, name, filters, BENCH_TIMEOUT_MS); // warm-up: caches and the first plan
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await runKpi(engine, name, filters, BENCH_TIMEOUT_MS);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 0.5), p95: percentile(samples, 0.95) };
}

const ms = (value: number) => value.toFixed(1).padStart(9);

async function measure(db: Db, store: AnalyticsStore, runs: number, pgRuns: number): Promise<void> {
  const filters: KpiFilters = { entityId: 1, warehouseId: null, categoryId: null, customerId: null, from: dayOf(START, 0).iso, to: dayOf(START, BENCH_DAYS).iso, grain: "month", groupBy: "customer" };
  console.log(`\nKPI (whole year, grain month)   duck p50  duck p95    pg p50    pg p95   ratio p95`);
  for (const name of KPI_NAMES) {
    const duck = await time({ kind: "duckdb", store }, name, filters, runs);
    const postgres = await time({ kind: "postgres", db }, name, filters, pgRuns);
    console.log(`${name.padEnd(30)}${ms(duck.p50)} ${ms(duck.p95)} ${ms(postgres.p50)} ${ms(postgres.p95)} ${(postgres.p95 / duck.p95).toFixed(1).padStart(10)}x`);
  }
}

async function main(): Promise<void> {
  const { lines, runs, pgRuns } = options();
  const server = await serverUrl();
  const database = `keel_bench_kpi_${process.pid}`;
  const admin = createDb(server.url("postgres"), { max: 1 });
  await admin.$client.unsafe(`create database ${database}`);
  const db = createDb(server.url(database), { max: 8 });
  const directory = await mkdtemp(path.join(os.tmpdir(), "keel-bench-kpi-"));
  const store = await openAnalyticsStore(path.join(directory, "analytics.duckdb"));
  try {
    await createBenchSchema(db.$client);
    const random = seededRandom(20261126);
    const ids = firstIds();
    let started = performance.now();
    const written = await load(db, lines, ids, random);
    console.log(`loaded ${written.toLocaleString("en-US")} order lines by COPY in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const full = await refreshAnalytics(db, store);
    console.log(`full extraction into DuckDB: ${(full.durationMs / 1000).toFixed(1)} s`);
    await measure(db, store, runs, pgRuns);
    const writer = new BenchWriter();
    const dayLines = writeDay(writer, ids, BENCH_DAYS, Math.ceil(lines / BENCH_DAYS), random);
    await writer.flush(db.$client);
    started = performance.now();
    const incremental = await refreshAnalytics(db, store);
    const copiedRows = Object.values(incremental.rowsByTable).reduce((a, b) => a + b, 0);
    console.log(`\nincremental refresh of one day (${dayLines.toLocaleString("en-US")} order lines, ${copiedRows.toLocaleString("en-US")} rows): ${((performance.now() - started) / 1000).toFixed(2)} s`);
  } finally {
    closeAnalyticsStore(store);
    await rm(directory, { recursive: true, force: true });
    await closeDb(db);
    await admin.$client.unsafe(`drop database if exists ${database} with (force)`);
    await closeDb(admin);
    await server.stop();
  }
}

await main();
