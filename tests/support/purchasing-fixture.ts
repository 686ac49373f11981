// An entity ready for procure-to-pay tests, built on the ledger fixture (USD base, every account
// rule, 2026 periods, two warehouses, items): a EUR rate history, payment terms with and without
// an early-payment discount, a USD and a EUR supplier made with createMaster, supplier items,
// a case unit (CS = 12 EA) and weights, the default approval policies, and one real user per
// role that procure-to-pay needs. Importing core/purchasing registers its approval handlers.
import { sql } from "drizzle-orm";
import type { Db, Tx } from "../../core/db/client";
import { inTransaction } from "../../core/db/transaction";
import { createUser, SYSTEM_ACTOR, type Actor, type Role } from "../../core/governance";
import { installDefaultPolicies } from "../../core/governance/approvals";
import type { ValuationMethod } from "../../core/inventory";
import { createMaster } from "../../core/masters";
import { currency, exchangeRate, item, itemUomConversion, paymentTerm, unitOfMeasure } from "../../core/masters/schema";
import { upsertSupplierItem } from "../../core/purchasing";
import { salesOrder, salesOrderLine } from "../../core/sales/schema";
import { createLedgerFixture, type LedgerFixture } from "./ledger-fixture";

export const NET30 = "P-N30";
export const TWO_TEN_NET30 = "P-2N10N30";
/** EUR → USD before any test-specific rate: 1.10. */
export const EUR_USD_BASE_PPM = 1_100_000n;
const PASSWORD = "purchasing-test-password";

export type PurchasingFixture = LedgerFixture & {
  code: string;
  /** usd: net 30, lead 10 days; eur: 2% 10 net 30, lead 20 days. */
  suppliers: { usd: number; eur: number };
  users: Record<"buyer" | "controller" | "warehouse" | "admin" | "buyer2", Actor>;
};

async function makeUser(tx: Tx, username: string, roles: Role[]): Promise<Actor> {
  const created = await createUser(tx, SYSTEM_ACTOR, { username, displayName: username, password: PASSWORD, roles });
  return { userId: created.id, username: created.username, roles: created.roles };
}

async function sharedMasters(tx: Tx): Promise<void> {
  await tx.insert(currency).values({ code: "EUR", name: "Euro", minorUnitDigits: 2 }).onConflictDoNothing();
  await tx.insert(unitOfMeasure).values({ code: "CS", name: "Case" }).onConflictDoNothing();
  await tx.insert(paymentTerm).values([
    { code: NET30, name: "Net 30", dueDays: 30 },
    { code: TWO_TEN_NET30, name: "2% 10, net 30", dueDays: 30, discountDays: 10, discountPpm: 20_000n },
  ]).onConflictDoNothing();
  await tx.insert(exchangeRate).values({ fromCurrency: "EUR", toCurrency: "USD", rateDate: "2020-01-01", ratePpm: EUR_USD_BASE_PPM }).onConflictDoNothing();
  await installDefaultPolicies(tx, SYSTEM_ACTOR);
}

export async function createPurchasingFixture(db: Db, options: { code?: string; valuationMethod?: ValuationMethod } = {}): Promise<PurchasingFixture> {
  const code = options.code ?? "P1";
  const ledger = await createLedgerFixture(db, { code, valuationMethod: options.valuationMethod, items: 4 });
  return inTransaction(db, async (tx) => {
    await sharedMasters(tx);
    const [item0, item1, item2] = ledger.itemIds;
    await tx.insert(itemUomConversion).values({ itemId: item0!, uom: "CS", baseQtyPerUnit: "12" });
    for (const [id, weightKg] of [[item0, "0.5"], [item1, "2"], [item2, "1.25"]] as const) {
      await tx.execute(sql`update ${item} set weight_kg = ${weightKg} where id = ${id!}`);
    }
    const usd = await createMaster(tx, SYSTEM_ACTOR, "supplier", { entityId: ledger.entityId, code: `${code}-VUSD`, name: "Midwest Fasteners", currency: "USD", paymentTermCode: NET30, leadTimeDays: 10 });
    const eur = await createMaster(tx, SYSTEM_ACTOR, "supplier", { entityId: ledger.entityId, code: `${code}-VEUR`, name: "Rheinland Schrauben", currency: "EUR", paymentTermCode: TWO_TEN_NET30, leadTimeDays: 20 });
    // 60.00 per case of 12 (5.00 each), cases only, 5 days; 2.50 each; EUR 9.00 each.
    await upsertSupplierItem(tx, SYSTEM_ACTOR, { supplierId: usd.id, itemId: item0!, uom: "CS", unitPriceMinor: 6_000, orderMultiple: "12", minOrderQty: "12", leadTimeDays: 5 });
    await upsertSupplierItem(tx, SYSTEM_ACTOR, { supplierId: usd.id, itemId: item1!, uom: "EA", unitPriceMinor: 250 });
    await upsertSupplierItem(tx, SYSTEM_ACTOR, { supplierId: eur.id, itemId: item2!, uom: "EA", unitPriceMinor: 900 });
    const prefix = code.toLowerCase();
    const users = {
      buyer: await makeUser(tx, `${prefix}.buyer`, ["buyer"]),
      buyer2: await makeUser(tx, `${prefix}.buyer2`, ["buyer"]),
      controller: await makeUser(tx, `${prefix}.controller`, ["controller"]),
      warehouse: await makeUser(tx, `${prefix}.warehouse`, ["warehouse"]),
      admin: await makeUser(tx, `${prefix}.admin`, ["admin"]),
    };
    return { ...ledger, code, suppliers: { usd: usd.id, eur: eur.id }, users };
  });
}

/** Adds an exchange rate (from → to on a date) unless that day already has one. */
export async function addRate(db: Db, fromCurrency: string, toCurrency: string, rateDate: string, ratePpm: bigint): Promise<void> {
  await db.insert(exchangeRate).values({ fromCurrency, toCurrency, rateDate, ratePpm }).onConflictDoNothing();
}

/**
 * A customer order line waiting on stock (status backordered), written straight into the sales
 * tables: the order desk's commands are another module's, and the late-receipt alert only reads it.
 */
export async function insertBackorderedLine(db: Db, fx: PurchasingFixture, options: { itemId: number; warehouseId: number; qty: string; tier?: "platinum" | "gold" | "silver" | "standard"; suffix: string }): Promise<{ orderId: number; orderNumber: string }> {
  return inTransaction(db, async (tx) => {
    const customer = await createMaster(tx, SYSTEM_ACTOR, "customer", {
      entityId: fx.entityId, code: `${fx.code}-C${options.suffix}`, name: `Customer ${options.suffix}`, currency: "USD", paymentTermCode: NET30, tier: options.tier ?? "standard",
    });
    const orderNumber = `SO-${fx.code}-${options.suffix}`;
    const [order] = await tx.insert(salesOrder).values({
      entityId: fx.entityId, orderNumber, customerId: customer.id, currency: "USD", orderDate: "2026-03-01", channel: "phone", priority: 1, status: "released",
    }).returning();
    await tx.insert(salesOrderLine).values({
      orderId: order!.id, entityId: fx.entityId, lineNumber: 1, itemId: options.itemId, warehouseId: options.warehouseId, uom: "EA", qty: options.qty,
      baseQtyOrdered: options.qty, unitPriceMinor: 900n, listPriceMinor: 900n, priceSource: "price_list", unitCostMinor: 500n, marginBps: 4444, status: "backordered",
    });
    return { orderId: order!.id, orderNumber };
  });
}
