import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db, Tx } from "../db/client";
import { inTransaction } from "../db/transaction";
import { createUser, SYSTEM_ACTOR, type Role } from "../governance";
import { receiveStock } from "../inventory";
import { legalEntity } from "../masters/schema";
import { assert } from "../shared/assert";
import { DomainError } from "../shared/errors";
import { todayUtc } from "./dates";
import { DemoError } from "./errors";
import { generateDemo } from "./generate";
import { US_ENTITY } from "./generate-finance";
import { openingValueByEntity } from "./generate-stock";
import { DemoIds } from "./ids";
import { loadChart, loadExchangeRates, loadFoundation, loadItems, loadPriceLists, loadWarehouses } from "./load-masters";
import { loadGovernanceHistory } from "./load-governance";
import { closeHistoricPeriods, financeMonthEnd, setupFinanceHistory } from "./history-finance";
import { loadSalesHistory, planSalesHistory } from "./history-sales";
import { loadGroundTruth } from "./ground-truth";
import { loadCustomerPrices, loadCustomers, loadSuppliers } from "./load-parties";
import type { DemoData } from "./types";

export type DemoLoadOptions = {
  seed?: number;
  /** The business date to build the demo around; today (UTC) when left out. */
  asOf?: string;
  log?: (line: string) => void;
  passwordFor?: (username: string) => string;
};

export type DemoUserCredentials = { username: string; password: string; roles: Role[] };

export type DemoSummary = {
  seed: number;
  asOf: string;
  openingDate: string;
  entities: number;
  warehouses: number;
  items: number;
  customers: number;
  suppliers: number;
  /** Shown once by `npm start`; nothing else keeps the generated passwords. */
  users: DemoUserCredentials[];
  /** Opening stock at cost per entity code, in minor units of the entity's base currency. */
  openingStockValueMinor: Record<string, bigint>;
  elapsedMs: number;
};

/** Serializes concurrent demo loads: the second waits, then finds entities and refuses. */
const DEMO_LOCK_KEY = 7_246_001;
const GENERATED_PASSWORD_BYTES = 12;

/** True while the database has no legal entity: nothing to keep, so `npm start` may load the demo. */
export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const rows = await db.select({ id: legalEntity.id }).from(legalEntity).limit(1);
  return rows.length === 0;
}

async function refuseUnlessEmpty(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${DEMO_LOCK_KEY})`);
  const existing = await tx.select({ code: legalEntity.code }).from(legalEntity).limit(5);
  if (existing.length === 0) return;
  throw new DomainError(DemoError.DATABASE_NOT_EMPTY, "conflict",
    `The database already holds legal entities (${existing.map((e) => e.code).join(", ")}); the demo loads only into an empty database`,
    { entityCodes: existing.map((e) => e.code) });
}

/** KEEL_DEMO_PASSWORD for everyone (tests), else the caller's choice, else 16 random characters. */
export function demoPassword(username: string, options: Pick<DemoLoadOptions, "passwordFor">): string {
  const fromEnvironment = process.env.KEEL_DEMO_PASSWORD;
  if (fromEnvironment) return fromEnvironment;
  if (options.passwordFor) return options.passwordFor(username);
  return randomBytes(GENERATED_PASSWORD_BYTES).toString("base64url");
}

async function loadUsers(tx: Tx, data: DemoData, ids: DemoIds, options: DemoLoadOptions): Promise<DemoUserCredentials[]> {
  const defaultEntityId = DemoIds.of(ids.entities, US_ENTITY, "entity");
  const credentials: DemoUserCredentials[] = [];
  for (const user of data.users) {
    const password = demoPassword(user.username, options);
    const created = await createUser(tx, SYSTEM_ACTOR, {
      username: user.username, displayName: user.displayName, email: user.email, password, roles: [user.role], defaultEntityId,
    });
    credentials.push({ username: created.username, password, roles: created.roles });
  }
  return credentials;
}

/** Receives one warehouse's opening documents; returns the value the stock ledger booked. */
async function loadOpeningStock(tx: Tx, data: DemoData, ids: DemoIds, warehouseCode: string): Promise<bigint> {
  let valueMinor = 0n;
  for (const document of data.openingStock.filter((d) => d.warehouseCode === warehouseCode)) {
    const result = await receiveStock(tx, SYSTEM_ACTOR, {
      entityId: DemoIds.of(ids.entities, document.entityCode, "entity"),
      warehouseId: DemoIds.of(ids.warehouses, warehouseCode, "warehouse"),
      documentDate: data.openingDate, kind: "opening", reference: document.reference,
      idempotencyKey: `demo-opening:${document.reference}`,
      lines: document.lines.map((line) => ({
        itemId: DemoIds.of(ids.items, line.sku, "item"),
        locationId: DemoIds.of(ids.locations, DemoIds.scoped(warehouseCode, line.locationCode), "location"),
        qty: line.qty, unitCostMinor: line.unitCostMinor,
      })),
    });
    assert(result.movements.length === document.lines.length, `${document.reference}: one movement per line`);
    for (const movement of result.movements) valueMinor += movement.valueMinor;
  }
  return valueMinor;
}

/** Bulk steps run as chunks in parallel transactions: most of their time is round trips. */
export const DEMO_LOAD_CONCURRENCY = 4;
type Log = (line: string) => void;

async function runStep(db: Db, log: Log, label: string, step: (tx: Tx) => Promise<string>): Promise<void> {
  const startedMs = Date.now();
  const detail = await inTransaction(db, step);
  log(`${label}: ${detail} (${Date.now() - startedMs} ms)`);
}

function chunksOf<T>(rows: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < rows.length; start += size) chunks.push(rows.slice(start, start + size));
  return chunks;
}

/**
 * One transaction per chunk, at most DEMO_LOAD_CONCURRENCY at once. After a failure no new
 * chunk starts, and every running one settles before the first error is rethrown.
 */
async function runChunkedStep<T>(db: Db, log: Log, label: string, rows: readonly T[], chunkRows: number, load: (tx: Tx, chunk: T[]) => Promise<void>): Promise<void> {
  const startedMs = Date.now();
  const chunks = chunksOf(rows, chunkRows);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < chunks.length) {
      const chunk = chunks[next++] as T[];
      try {
        await inTransaction(db, (tx) => load(tx, chunk));
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(DEMO_LOAD_CONCURRENCY, chunks.length) }, worker));
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (rejected) throw rejected.reason;
  log(`${label}: ${rows.length} in ${chunks.length} transactions (${Date.now() - startedMs} ms)`);
}

async function loadMasters(db: Db, log: Log, data: DemoData, ids: DemoIds): Promise<void> {
  await runStep(db, log, "foundation", async (tx) => {
    await refuseUnlessEmpty(tx);
    await loadFoundation(tx, data, ids);
    return `${data.entities.length} entities, fiscal years ${data.fiscalYears.join(" and ")}, ${data.categories.length} categories`;
  });
  await runChunkedStep(db, log, "exchange rates", data.exchangeRates, 150, (tx, rates) => loadExchangeRates(tx, rates));
  await runStep(db, log, "chart of accounts", async (tx) => {
    await loadChart(tx, data, ids);
    return `${data.accounts.length} accounts and ${data.accountRules.length} rules per entity, ${data.taxCodes.length} tax codes`;
  });
  await runStep(db, log, "warehouses", async (tx) => { await loadWarehouses(tx, data, ids); return `${data.warehouses.length} warehouses, ${ids.locations.size} locations`; });
  await runChunkedStep(db, log, "items", data.items, 50, (tx, items) => loadItems(tx, items, ids));
  await runStep(db, log, "price lists", async (tx) => {
    await loadPriceLists(tx, data, ids);
    return `${data.priceLists.length} lists, ${data.priceLists.reduce((n, l) => n + l.lines.length, 0)} lines`;
  });
  await runChunkedStep(db, log, "customers", data.customers, 25, (tx, customers) => loadCustomers(tx, customers, ids));
  await runChunkedStep(db, log, "contract prices", data.customerPrices, 50, (tx, prices) => loadCustomerPrices(tx, prices, ids));
  await runStep(db, log, "suppliers", async (tx) => { await loadSuppliers(tx, data, ids); return `${data.suppliers.length} suppliers`; });
}

/** Opening stock per warehouse (warehouses in parallel); returns the booked value per entity code. */
async function loadAllOpeningStock(db: Db, log: Log, data: DemoData, ids: DemoIds): Promise<Record<string, bigint>> {
  const valueByEntity: Record<string, bigint> = {};
  await runChunkedStep(db, log, "opening stock", data.warehouses, 1, async (tx, [warehouse]) => {
    assert(warehouse !== undefined, "one warehouse per chunk");
    const valueMinor = await loadOpeningStock(tx, data, ids, warehouse.code);
    valueByEntity[warehouse.entityCode] = (valueByEntity[warehouse.entityCode] ?? 0n) + valueMinor;
  });
  const expected = openingValueByEntity(data.openingStock);
  for (const entity of data.entities) {
    assert(valueByEntity[entity.code] === expected[entity.code], `${entity.code}: booked opening value equals quantity times cost`);
  }
  return valueByEntity;
}

/**
 * Loads the demo distributor into an empty database in a series of transactions, each a
 * coherent step or a chunk of one (a failure leaves earlier steps committed and names the
 * failing one). Refuses with DEMO_DATABASE_NOT_EMPTY when any legal entity exists.
 */
export async function loadDemo(db: Db, options: DemoLoadOptions = {}): Promise<DemoSummary> {
  const startedMs = Date.now();
  const log = options.log ?? (() => {});
  const data = generateDemo({ seed: options.seed, asOf: options.asOf ?? todayUtc() });
  log(`generated seed ${data.seed} as of ${data.asOf} (${Date.now() - startedMs} ms)`);
  const ids = new DemoIds();
  await loadMasters(db, log, data, ids);
  let users: DemoUserCredentials[] = [];
  await runStep(db, log, "users", async (tx) => { users = await loadUsers(tx, data, ids, options); return `${users.length} users`; });
  const openingStockValueMinor = await loadAllOpeningStock(db, log, data, ids);
  log(`opening stock dated ${data.openingDate}: ${Object.entries(openingStockValueMinor).map(([code, value]) => `${code} ${value}`).join(", ")} minor units at cost`);
  await loadGovernanceHistory(db, log, data, ids);
  await runStep(db, log, "finance setup", async (tx) => {
    const { agreements } = await setupFinanceHistory(tx, data, ids, planSalesHistory(data));
    return `intercompany partners, ${agreements} customer rebate agreements`;
  });
  // After governance: its approvals need the default policies installed there.
  await loadSalesHistory(db, log, data, ids, financeMonthEnd(db, ids));
  await loadGroundTruth(db, log, data, ids); // After the history: it pays, adjusts and orders within it.
  await closeHistoricPeriods(db, data, ids, log); // Last: nothing may post into a closed period after it.
  return {
    seed: data.seed, asOf: data.asOf, openingDate: data.openingDate, entities: data.entities.length,
    warehouses: data.warehouses.length, items: data.items.length, customers: data.customers.length, suppliers: data.suppliers.length,
    users, openingStockValueMinor, elapsedMs: Date.now() - startedMs,
  };
}
