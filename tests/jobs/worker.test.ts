// Proves the pg-boss worker runs on Keel's own database: it installs its schema, creates the
// queues and the recurring schedules, runs sent jobs (and records failures), the inventory
// reconciliation compares stock value with the GL inventory and in-transit accounts and warns on
// a difference, queueHealth reads the counts from another connection, and stop() ends cleanly.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import type { Tx } from "../../core/db/client";
import { SYSTEM_ACTOR } from "../../core/governance/permissions";
import { inventoryDocument, stockBalance } from "../../core/inventory/schema";
import { createFiscalYear, postJournal } from "../../core/ledger";
import { accountRule } from "../../core/ledger/schema";
import { account, currency, item, itemCategory, legalEntity, unitOfMeasure, warehouse } from "../../core/masters/schema";
import { defineJob, type JobDefinition } from "../../jobs/definition";
import { HEARTBEAT_JOB, JOB_DEFINITIONS, RECONCILE_INVENTORY_JOB } from "../../jobs/definitions";
import { inventoryReconciliation } from "../../core/inventory";
import { queueHealth } from "../../jobs/health";
import type { Logger } from "../../jobs/log";
import { startWorker, type RunningWorker } from "../../jobs/worker";
import { useTestDatabase } from "../support/database";

const { db, url } = await useTestDatabase();
const JOB_WAIT_MS = 20_000;

type LogLine = { level: string; message: string; fields?: Record<string, unknown> };
const logLines: LogLine[] = [];
const capture = (level: string) => (message: string, fields?: Record<string, unknown>) => { logLines.push({ level, message, fields }); };
const log: Logger = { debug: capture("debug"), info: capture("info"), warn: capture("warn"), error: capture("error") };

const echoed: object[] = [];
const echoJob = defineJob<{ value: number }>({
  name: "test.echo",
  queue: { retryLimit: 0 },
  async run(_context, data) {
    echoed.push(data);
    return { doubled: data.value * 2 };
  },
});
const failingJob = defineJob<object>({
  name: "test.fail",
  queue: { retryLimit: 0 },
  async run() {
    throw new Error("this job always fails");
  },
});

let fixture: { entityId: number; warehouseId: number; itemId: number; inventoryAccountId: number; transitAccountId: number; equityAccountId: number };
let worker: RunningWorker | null = null;

async function seedEntity(tx: Tx): Promise<typeof fixture> {
  await tx.insert(currency).values({ code: "USD", name: "US dollar", minorUnitDigits: 2 });
  const [entity] = await tx.insert(legalEntity).values({ code: "US01", name: "US Distribution", baseCurrency: "USD", timeZone: "UTC" }).returning();
  assert.ok(entity);
  // A second entity with no stock and no rules must reconcile at zero and stay quiet.
  await tx.insert(legalEntity).values({ code: "CA01", name: "Canada", baseCurrency: "USD", timeZone: "UTC" });
  const accounts = await tx.insert(account).values([
    { entityId: entity.id, code: "1200", name: "Inventory", type: "asset", isControl: true, controlKind: "inventory" },
    { entityId: entity.id, code: "1210", name: "Inventory in transit", type: "asset" },
    { entityId: entity.id, code: "3000", name: "Opening balance equity", type: "equity" },
  ]).returning();
  const byCode = (code: string) => accounts.find((a) => a.code === code)?.id ?? assert.fail(`account ${code}`);
  await tx.insert(accountRule).values([
    { entityId: entity.id, role: "inventory", accountId: byCode("1200") },
    { entityId: entity.id, role: "in_transit", accountId: byCode("1210") },
    { entityId: entity.id, role: "opening_equity", accountId: byCode("3000") },
  ]);
  await createFiscalYear(tx, SYSTEM_ACTOR, { entityId: entity.id, year: 2026 });
  await tx.insert(unitOfMeasure).values({ code: "EA", name: "Each" });
  const [category] = await tx.insert(itemCategory).values({ code: "TOOLS", name: "Tools" }).returning();
  const [wh] = await tx.insert(warehouse).values({ entityId: entity.id, code: "WH1", name: "Main" }).returning();
  assert.ok(category && wh);
  const [it] = await tx.insert(item).values({ sku: "HAMMER", description: "Hammer", categoryId: category.id, baseUom: "EA", purchaseUom: "EA", salesUom: "EA" }).returning();
  assert.ok(it);
  return { entityId: entity.id, warehouseId: wh.id, itemId: it.id, inventoryAccountId: byCode("1200"), transitAccountId: byCode("1210"), equityAccountId: byCode("3000") };
}

/** Opening stock of 10 units at 100.01 each, in the stock position and in the GL, as the stock ledger would post it. */
async function postOpeningStock(tx: Tx): Promise<void> {
  await tx.insert(inventoryDocument).values({ entityId: fixture.entityId, documentNumber: "OPEN-1", kind: "opening", documentDate: "2026-01-02", warehouseId: fixture.warehouseId });
  await tx.insert(stockBalance).values({ itemId: fixture.itemId, warehouseId: fixture.warehouseId, entityId: fixture.entityId, qtyOnHand: "10", valueMinor: 100010n });
  await postJournal(tx, SYSTEM_ACTOR, { entityId: fixture.entityId, postingDate: "2026-01-02", eventType: "stock.opening", sourceType: "inventory_document", sourceId: null,
    description: "Opening stock", lines: [
      { accountId: fixture.inventoryAccountId, debitMinor: 100010n, creditMinor: 0n },
      { accountId: fixture.equityAccountId, debitMinor: 0n, creditMinor: 100010n },
    ] });
  // Goods moving between warehouses sit in transit: the GL total of both accounts is unchanged.
  await postJournal(tx, SYSTEM_ACTOR, { entityId: fixture.entityId, postingDate: "2026-01-03", eventType: "stock.transferred", sourceType: "test", sourceId: null,
    description: "Transfer shipped", lines: [
      { accountId: fixture.transitAccountId, debitMinor: 5000n, creditMinor: 0n },
      { accountId: fixture.inventoryAccountId, debitMinor: 0n, creditMinor: 5000n },
    ] });
}

before(async () => {
  fixture = await db.transaction((tx) => seedEntity(tx));
  await db.transaction((tx) => postOpeningStock(tx));
});

after(async () => {
  await worker?.stop();
});

async function waitForJob(boss: PgBoss, queue: string, id: string, states: readonly string[]): Promise<PgBoss.JobWithMetadata<object>> {
  const deadline = Date.now() + JOB_WAIT_MS;
  while (Date.now() < deadline) {
    const job = await boss.getJobById<object>(queue, id);
    if (job && states.includes(job.state)) return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`job ${queue}/${id} did not reach ${states.join(" or ")} within ${JOB_WAIT_MS} ms`);
}

async function workerConnections(): Promise<number> {
  const rows = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = 'keel-worker'`);
  return rows[0]?.n ?? -1;
}

function runningWorker(): RunningWorker {
  assert.ok(worker, "the worker was started by an earlier test");
  return worker;
}

test("queueHealth reports no pgboss schema before the worker first starts", async () => {
  assert.deepEqual(await queueHealth(db), { schemaInstalled: false, queued: 0, active: 0, failed: 0 });
});

test("the worker installs pg-boss, creates every queue and schedules the recurring jobs", async () => {
  const definitions: JobDefinition[] = [...JOB_DEFINITIONS, echoJob, failingJob];
  // No clock: a heartbeat sent by cron mid-test would make the queue counts below race.
  worker = await startWorker(url, { log, definitions, pollingIntervalSeconds: 0.5, schedule: false });
  const health = await queueHealth(db);
  assert.equal(health.schemaInstalled, true);
  const queues = (await worker.boss.getQueues()).map((q) => q.name);
  for (const definition of definitions) assert.ok(queues.includes(definition.name), `queue ${definition.name}`);
  const schedules = new Map((await worker.boss.getSchedules()).map((s) => [s.name, s.cron]));
  assert.equal(schedules.get(HEARTBEAT_JOB), "* * * * *");
  assert.equal(schedules.get(RECONCILE_INVENTORY_JOB), "0 * * * *");
  assert.equal(schedules.has("test.echo"), false, "jobs without a cron are not scheduled");
  assert.ok(logLines.some((l) => l.level === "info" && l.message.startsWith("worker started")));
  assert.ok(await workerConnections() > 0, "pg-boss connects as keel-worker");
});

test("the heartbeat job runs and logs at debug level only", async () => {
  const { boss } = runningWorker();
  const id = await boss.send(HEARTBEAT_JOB, {});
  assert.ok(id);
  const job = await waitForJob(boss, HEARTBEAT_JOB, id, ["completed", "failed"]);
  assert.equal(job.state, "completed");
  const heartbeatLines = logLines.filter((l) => l.message === "heartbeat");
  assert.equal(heartbeatLines.length, 1);
  assert.equal(heartbeatLines[0]?.level, "debug");
});

test("a sent job runs once and its output is kept", async () => {
  const { boss } = runningWorker();
  const id = await boss.send("test.echo", { value: 21 });
  assert.ok(id);
  const job = await waitForJob(boss, "test.echo", id, ["completed", "failed"]);
  assert.equal(job.state, "completed");
  assert.deepEqual(job.output, { doubled: 42 });
  assert.deepEqual(echoed, [{ value: 21 }]);
});

test("a failing job is recorded as failed, logged, and counted by queueHealth", async () => {
  const { boss } = runningWorker();
  const id = await boss.send("test.fail", {});
  assert.ok(id);
  const job = await waitForJob(boss, "test.fail", id, ["completed", "failed"]);
  assert.equal(job.state, "failed");
  assert.ok(logLines.some((l) => l.level === "error" && l.message === "job test.fail failed" && l.fields?.jobId === id));
  assert.equal((await queueHealth(db)).failed, 1);
});

test("queueHealth counts a job waiting in a queue nobody works", async () => {
  const { boss } = runningWorker();
  await boss.createQueue("test.idle", { name: "test.idle" });
  const before = (await queueHealth(db)).queued;
  await boss.send("test.idle", {});
  assert.equal((await queueHealth(db)).queued, before + 1);
});

test("inventoryReconciliation finds stock value equal to inventory plus in-transit accounts", async () => {
  const result = await db.transaction((tx) => inventoryReconciliation(tx, fixture.entityId));
  assert.equal(result.stockValueMinor, 100010n);
  assert.equal(result.glInventoryMinor, 100010n, "1200 holds 95.01 less the 50.00 in transit, 1210 holds the 50.00");
  assert.equal(result.differenceMinor, 0n);
  assert.deepEqual(result.accountIds, [fixture.inventoryAccountId, fixture.transitAccountId]);
});

test("the reconcile job stays quiet when the ledgers agree and warns when they differ", async () => {
  const { boss } = runningWorker();
  const quietId = await boss.send(RECONCILE_INVENTORY_JOB, {});
  assert.ok(quietId);
  const quiet = await waitForJob(boss, RECONCILE_INVENTORY_JOB, quietId, ["completed", "failed"]);
  assert.equal(quiet.state, "completed");
  assert.deepEqual(quiet.output, { entities: [{ entity: "US01", differenceMinor: "0" }, { entity: "CA01", differenceMinor: "0" }] });
  assert.equal(logLines.filter((l) => l.level === "warn").length, 0);

  // A stock value changed without its journal entry: the very drift the job exists to catch.
  await db.update(stockBalance).set({ valueMinor: 100015n }).where(eq(stockBalance.itemId, fixture.itemId));
  const loudId = await boss.send(RECONCILE_INVENTORY_JOB, {});
  assert.ok(loudId);
  const loud = await waitForJob(boss, RECONCILE_INVENTORY_JOB, loudId, ["completed", "failed"]);
  assert.equal(loud.state, "completed");
  const warnings = logLines.filter((l) => l.level === "warn");
  assert.equal(warnings.length, 1);
  assert.equal(warnings[0]?.message,
    "inventory does not reconcile in US01: stock value 1000.15 USD, GL inventory 1000.10 USD, difference 0.05 USD");
});

test("stop ends the worker and closes its connections; a second stop is harmless", async () => {
  const running = runningWorker();
  await running.stop();
  await running.stop();
  worker = null;
  assert.equal(await workerConnections(), 0, "no pg-boss connection is left open");
  assert.equal((await queueHealth(db)).schemaInstalled, true, "the pgboss schema stays for the next start");
});
