// An order desk on top of the ledger fixture: default approval policies, a case unit, a price
// list with quantity breaks, customers per tier, a supplier, real users for entering and
// approving, and helpers to receive stock. Masters go through createMaster, users through
// createUser and stock through receiveStock: the real commands.
import { sql } from "drizzle-orm";
import type { Db, Tx } from "../../core/db/client";
import { inTransaction } from "../../core/db/transaction";
import { createUser, SYSTEM_ACTOR, type Actor, type Role } from "../../core/governance";
import { installDefaultPolicies } from "../../core/governance/approvals";
import { receiveStock } from "../../core/inventory";
import { createMaster } from "../../core/masters";
import { createLedgerFixture, type LedgerFixture } from "./ledger-fixture";

export const SALES_TEST_PASSWORD = "sales-test-password";
/** Price list (USD minor units, per EA unless noted): 10.00 each, 9.00 from 10, a case of 12 for 108.00. */
export const LIST_PRICE_MINOR = 1000n;
export const BREAK_PRICE_MINOR = 900n;
export const CASE_PRICE_MINOR = 10_800n;
/** Stock cost per EA: 6.00, a 40% margin at list price. */
export const UNIT_COST_MINOR = 600n;
export const GENEROUS_LIMIT_MINOR = 100_000_000n;

export type Tier = "platinum" | "gold" | "silver" | "standard";

export type SalesFixture = LedgerFixture & {
  code: string;
  priceListId: number;
  supplierId: number;
  customers: Record<Tier, number>;
  users: { clerk: Actor; approver: Actor; controller: Actor; receiver: Actor };
};

async function makeUser(tx: Tx, username: string, roles: Role[]): Promise<Actor> {
  const created = await createUser(tx, SYSTEM_ACTOR, { username, displayName: username, password: SALES_TEST_PASSWORD, roles });
  return { userId: created.id, username: created.username, roles: created.roles };
}

async function ensureBasics(tx: Tx): Promise<void> {
  await tx.execute(sql`insert into unit_of_measure (code, name) values ('CS', 'Case') on conflict do nothing`);
  await tx.execute(sql`insert into payment_term (code, name, due_days) values ('NET30', 'Net 30 days', 30) on conflict do nothing`);
  await installDefaultPolicies(tx, SYSTEM_ACTOR);
}

async function priceItems(tx: Tx, entityId: number, code: string, itemIds: number[]): Promise<number> {
  const list = await createMaster(tx, SYSTEM_ACTOR, "priceList", { entityId, code: `LIST-${code}`, name: "List", currency: "USD" });
  for (const itemId of itemIds) {
    await createMaster(tx, SYSTEM_ACTOR, "itemUomConversion", { itemId, uom: "CS", baseQtyPerUnit: "12" });
    await createMaster(tx, SYSTEM_ACTOR, "priceListLine", { priceListId: list.id, itemId, uom: "EA", minQty: "1", unitPriceMinor: LIST_PRICE_MINOR });
    await createMaster(tx, SYSTEM_ACTOR, "priceListLine", { priceListId: list.id, itemId, uom: "EA", minQty: "10", unitPriceMinor: BREAK_PRICE_MINOR });
    await createMaster(tx, SYSTEM_ACTOR, "priceListLine", { priceListId: list.id, itemId, uom: "CS", minQty: "1", unitPriceMinor: CASE_PRICE_MINOR });
  }
  return list.id;
}

export async function createCustomer(tx: Tx, fx: { entityId: number; priceListId: number }, code: string, tier: Tier, creditLimitMinor = GENEROUS_LIMIT_MINOR): Promise<number> {
  const row = await createMaster(tx, SYSTEM_ACTOR, "customer", {
    entityId: fx.entityId, code, name: `Customer ${code}`, tier, currency: "USD", creditLimitMinor, paymentTermCode: "NET30", priceListId: fx.priceListId,
  });
  return row.id;
}

export async function createSalesFixture(db: Db, options: { code?: string; items?: number } = {}): Promise<SalesFixture> {
  const code = options.code ?? "S1";
  const ledger = await createLedgerFixture(db, { code, items: options.items ?? 4 });
  return inTransaction(db, async (tx) => {
    await ensureBasics(tx);
    const priceListId = await priceItems(tx, ledger.entityId, code, ledger.itemIds);
    const base = { entityId: ledger.entityId, priceListId };
    const customers = {
      platinum: await createCustomer(tx, base, `${code}-PLAT`, "platinum"), gold: await createCustomer(tx, base, `${code}-GOLD`, "gold"),
      silver: await createCustomer(tx, base, `${code}-SILV`, "silver"), standard: await createCustomer(tx, base, `${code}-STD`, "standard"),
    };
    const supplier = await createMaster(tx, SYSTEM_ACTOR, "supplier", {
      entityId: ledger.entityId, code: `${code}-SUP`, name: "Supplier", currency: "USD", paymentTermCode: "NET30", leadTimeDays: 14,
    });
    const lower = code.toLowerCase();
    const users = {
      clerk: await makeUser(tx, `${lower}.clerk`, ["sales"]), approver: await makeUser(tx, `${lower}.approver`, ["sales"]),
      controller: await makeUser(tx, `${lower}.controller`, ["controller"]), receiver: await makeUser(tx, `${lower}.receiver`, ["warehouse"]),
    };
    return { ...ledger, code, priceListId, supplierId: supplier.id, customers, users };
  });
}

/** Receives stock at a cost per EA through the stock ledger (Dr Inventory, Cr GRNI). */
export async function receive(db: Db, fx: LedgerFixture, itemId: number, warehouseId: number, qty: string, unitCostMinor = UNIT_COST_MINOR, documentDate = "2026-03-01"): Promise<void> {
  await inTransaction(db, (tx) => receiveStock(tx, SYSTEM_ACTOR, { entityId: fx.entityId, warehouseId, documentDate, kind: "receipt",
    lines: [{ itemId, qty, unitCostMinor }] }));
}

/** qty_on_hand and qty_allocated of one position, as decimal numbers for assertions. */
export async function balanceOf(db: Db | Tx, itemId: number, warehouseId: number): Promise<{ onHand: number; allocated: number }> {
  const [row] = await db.execute<{ on_hand: string | null; allocated: string | null }>(sql`
    select qty_on_hand::text as on_hand, qty_allocated::text as allocated from stock_balance where item_id = ${itemId} and warehouse_id = ${warehouseId}`);
  return { onHand: Number(row?.on_hand ?? 0), allocated: Number(row?.allocated ?? 0) };
}

/** The sum of order-line allocations for a position: it must always equal stock_balance.qty_allocated. */
export async function lineAllocationsOf(db: Db | Tx, itemId: number, warehouseId: number): Promise<number> {
  const [row] = await db.execute<{ total: string }>(sql`
    select coalesce(sum(base_qty_allocated), 0)::text as total from sales_order_line where item_id = ${itemId} and warehouse_id = ${warehouseId}`);
  return Number(row?.total ?? 0);
}
