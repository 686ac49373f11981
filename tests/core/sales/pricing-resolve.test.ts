// Proves the price loader against real masters: the customer's price list with breaks and a case
// price, customer-specific prices only within their validity dates, promotions by item, category
// and customer group only on valid dates, the cost per base unit (warehouse, then entity-wide),
// the margin against the tier's floor, and typed refusals.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Tx } from "../../../core/db/client";
import { SYSTEM_ACTOR } from "../../../core/governance";
import { createMaster } from "../../../core/masters";
import { lookupPrice, resolvePrice, SalesError } from "../../../core/sales";
import { promotion } from "../../../core/sales/schema";
import { rejectsWithCode } from "../../support/assertions";
import { useTestDatabase, withRollback } from "../../support/database";
import { createSalesFixture, receive } from "../../support/sales-fixture";

const { db } = await useTestDatabase();
const fx = await createSalesFixture(db, { code: "PR" });
const [itemA, itemB] = fx.itemIds as [number, number];
const [whA, whB] = fx.warehouseIds;
await receive(db, fx, itemA, whA, "100", 600n);
await receive(db, fx, itemA, whB, "100", 800n);

const price = (tx: Tx, customerId: number, uom: string, qty: string, extra: { date?: string; warehouseId?: number; itemId?: number } = {}) =>
  resolvePrice(tx, { entityId: fx.entityId, customerId, itemId: extra.itemId ?? itemA, uom, qty, date: extra.date ?? "2026-04-01", warehouseId: extra.warehouseId });

test("prices from the customer's list: base price, quantity break and case price, with list price and source", async () => {
  await withRollback(db, async (tx) => {
    const one = await price(tx, fx.customers.standard, "EA", "1", { warehouseId: whA });
    assert.equal(one.unitPriceMinor, 1000n);
    assert.equal(one.listPriceMinor, 1000n);
    assert.equal(one.source, "price_list");
    assert.match(one.sourceRef, /^price_list_line:\d+$/);
    assert.equal(one.unitCostMinor, 600n);
    assert.equal(one.costBasis, "warehouse");
    assert.equal(one.marginBps, 4000);
    assert.equal(one.belowMarginFloor, false);
    const brk = await price(tx, fx.customers.standard, "EA", "10", { warehouseId: whA });
    assert.equal(brk.unitPriceMinor, 900n);
    assert.equal(brk.source, "price_break");
    assert.equal(brk.listPriceMinor, 1000n);
    const cases = await price(tx, fx.customers.standard, "CS", "2", { warehouseId: whA });
    assert.equal(cases.unitPriceMinor, 10_800n);
    assert.equal(cases.baseQty, "24");
    assert.equal(cases.baseQtyPerUnit, "12");
    assert.equal(cases.marginBps, 3333, "(108 - 72) / 108, rounded down");
  });
});

test("uses the warehouse's own cost, or the entity-wide average when no warehouse is given", async () => {
  await withRollback(db, async (tx) => {
    const atB = await price(tx, fx.customers.standard, "EA", "1", { warehouseId: whB });
    assert.equal(atB.unitCostMinor, 800n);
    assert.equal(atB.marginBps, 2000);
    const anywhere = await price(tx, fx.customers.standard, "EA", "1");
    assert.equal(anywhere.unitCostMinor, 700n);
    assert.equal(anywhere.costBasis, "entity");
  });
});

test("a valid customer price beats the list; an expired one, or one for another customer, does not", async () => {
  await withRollback(db, async (tx) => {
    await createMaster(tx, SYSTEM_ACTOR, "customerPrice", { customerId: fx.customers.gold, itemId: itemA, uom: "EA", minQty: "1", unitPriceMinor: 950n, validFrom: "2026-01-01", validTo: "2026-06-30" });
    await createMaster(tx, SYSTEM_ACTOR, "customerPrice", { customerId: fx.customers.gold, itemId: itemA, uom: "EA", minQty: "20", unitPriceMinor: 700n, validFrom: "2026-01-01", validTo: "2026-06-30" });
    const small = await price(tx, fx.customers.gold, "EA", "5", { warehouseId: whA });
    assert.equal(small.unitPriceMinor, 950n);
    assert.equal(small.source, "customer_price");
    assert.equal(small.listPriceMinor, 1000n);
    const big = await price(tx, fx.customers.gold, "EA", "25", { warehouseId: whA });
    assert.equal(big.unitPriceMinor, 700n, "the customer's own break");
    assert.equal(big.marginBps, 1428);
    assert.equal(big.marginFloorBps, 1000);
    assert.equal(big.belowMarginFloor, false);
    const later = await price(tx, fx.customers.gold, "EA", "5", { date: "2026-07-01", warehouseId: whA });
    assert.equal(later.unitPriceMinor, 1000n, "expired customer price: back to the list");
    assert.equal(later.source, "price_list");
    const other = await price(tx, fx.customers.standard, "EA", "5", { warehouseId: whA });
    assert.equal(other.unitPriceMinor, 1000n, "another customer does not get it");
  });
});

test("an active promotion discounts the price on its dates, for its item, category or customer group", async () => {
  await withRollback(db, async (tx) => {
    const group = await createMaster(tx, SYSTEM_ACTOR, "customerGroup", { code: "PR-GRP", name: "Group" });
    const inGroup = await createMaster(tx, SYSTEM_ACTOR, "customer", { entityId: fx.entityId, code: "PR-G1", name: "Grouped", tier: "standard", currency: "USD",
      creditLimitMinor: 1_000_000n, paymentTermCode: "NET30", priceListId: fx.priceListId, groupId: group.id });
    await tx.insert(promotion).values([
      { entityId: fx.entityId, code: "ITEM10", name: "Item A 10%", itemId: itemA, discountPpm: 100_000n, validFrom: "2026-04-01", validTo: "2026-04-30" },
      { entityId: fx.entityId, code: "CAT5", name: "Category 5%", itemCategoryId: fx.categoryId, discountPpm: 50_000n, validFrom: "2026-04-01", validTo: "2026-12-31" },
      { entityId: fx.entityId, code: "GRP20", name: "Group 20%", customerGroupId: group.id, discountPpm: 200_000n, validFrom: "2026-04-01", validTo: "2026-12-31" },
      { entityId: fx.entityId, code: "OFF50", name: "Inactive", discountPpm: 500_000n, validFrom: "2026-01-01", validTo: "2026-12-31", active: false },
    ]);
    const item = await price(tx, fx.customers.standard, "EA", "1", { warehouseId: whA });
    assert.equal(item.unitPriceMinor, 900n);
    assert.equal(item.source, "promotion");
    assert.equal(item.sourceRef, "ITEM10");
    assert.equal(item.basePriceSource, "price_list");
    assert.equal(item.listPriceMinor, 1000n);
    const may = await price(tx, fx.customers.standard, "EA", "1", { date: "2026-05-02", warehouseId: whA });
    assert.equal(may.sourceRef, "CAT5", "after the item promotion ends, the category one applies");
    assert.equal(may.unitPriceMinor, 950n);
    const grouped = await price(tx, inGroup.id, "EA", "1", { warehouseId: whA });
    assert.equal(grouped.sourceRef, "GRP20");
    assert.equal(grouped.unitPriceMinor, 800n);
    const before = await price(tx, fx.customers.standard, "EA", "1", { date: "2026-03-31", warehouseId: whA });
    assert.equal(before.source, "price_list", "no promotion before its start");
  });
});

test("flags a price below the tier's margin floor", async () => {
  await withRollback(db, async (tx) => {
    await createMaster(tx, SYSTEM_ACTOR, "customerPrice", { customerId: fx.customers.standard, itemId: itemA, uom: "EA", minQty: "1", unitPriceMinor: 690n });
    const low = await price(tx, fx.customers.standard, "EA", "1", { warehouseId: whA });
    assert.equal(low.marginBps, 1304);
    assert.equal(low.marginFloorBps, 1500);
    assert.equal(low.belowMarginFloor, true);
  });
});

test("refuses an unpriced item, a customer of another entity, an unknown unit, and readers without sales:read", async () => {
  await withRollback(db, async (tx) => {
    const bare = await createMaster(tx, SYSTEM_ACTOR, "customer", { entityId: fx.entityId, code: "PR-BARE", name: "No list", tier: "standard", currency: "USD",
      creditLimitMinor: 0n, paymentTermCode: "NET30" });
    await rejectsWithCode(() => price(tx, bare.id, "EA", "1"), SalesError.PRICE_NOT_FOUND);
    await rejectsWithCode(() => resolvePrice(tx, { entityId: fx.entityId + 999, customerId: fx.customers.standard, itemId: itemA, uom: "EA", qty: "1", date: "2026-04-01" }),
      SalesError.CUSTOMER_NOT_FOUND);
    await rejectsWithCode(() => price(tx, fx.customers.standard, "KG", "1"), "MASTERS_UOM_NOT_CONVERTIBLE");
    await rejectsWithCode(() => price(tx, fx.customers.standard, "EA", "0"), "VALIDATION_FAILED");
    await rejectsWithCode(() => lookupPrice(tx, { userId: null, username: "nobody", roles: [] }, {
      entityId: fx.entityId, customerId: fx.customers.standard, itemId: itemB, uom: "EA", qty: "1", date: "2026-04-01" }), "AUTH_FORBIDDEN");
    const looked = await lookupPrice(tx, fx.users.clerk, { entityId: fx.entityId, customerId: fx.customers.standard, itemId: itemB, uom: "EA", qty: "1", date: "2026-04-01" });
    assert.equal(looked.unitPriceMinor, 1000n);
    assert.equal(looked.costBasis, "none", "an item never received has no cost yet");
  });
});
