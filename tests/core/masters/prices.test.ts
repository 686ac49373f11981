// Proves price lists, quantity-break lines and customer prices against real PostgreSQL: create,
// edit and deactivate with audit rows, prices only in units the item converts, validity windows
// checked, and duplicate breaks refused.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { SYSTEM_ACTOR } from "../../../core/governance/permissions";
import { createMaster, listMasterChanges, listMasters, MastersError, setMasterActive, updateMaster } from "../../../core/masters";
import { SharedError } from "../../../core/shared/errors";
import { useTestDatabase, withRollback } from "../../support/database";
import { countRows, issueFor, rejectsWith, SALES_ACTOR, seedBase, type Base } from "./fixtures";

const { db } = await useTestDatabase();
let base: Base;
let itemId: number;

before(async () => {
  base = await seedBase(db);
  const item = await db.transaction((tx) => createMaster(tx, SYSTEM_ACTOR, "item", {
    sku: "COLA-033", description: "Cola 0.33 l", categoryId: base.categoryId, baseUom: "EA", purchaseUom: "CS", salesUom: "CS",
    conversions: [{ uom: "CS", baseQtyPerUnit: "24" }],
  }));
  itemId = item.id;
});

test("creates a price list with a quantity break, edits and deactivates it with audit rows", async () => {
  await withRollback(db, async (tx) => {
    const list = await createMaster(tx, SALES_ACTOR, "priceList", { entityId: base.usId, code: "WHOLESALE", name: "Wholesale", currency: "USD", validFrom: "2026-01-01" });
    const single = await createMaster(tx, SALES_ACTOR, "priceListLine", { priceListId: list.id, itemId, uom: "CS", unitPriceMinor: 1999n });
    assert.equal(single.minQty, "1.0000");
    const pallet = await createMaster(tx, SALES_ACTOR, "priceListLine", { priceListId: list.id, itemId, uom: "CS", minQty: "40", unitPriceMinor: "1799" });
    assert.equal(pallet.unitPriceMinor, 1799n);
    const lines = await listMasters(tx, SALES_ACTOR, "priceListLine", { filters: { priceListId: list.id } });
    assert.deepEqual(lines.rows.map((l) => l.minQty), ["1.0000", "40.0000"]);
    await updateMaster(tx, SALES_ACTOR, "priceListLine", pallet.id, { unitPriceMinor: 1749 });
    const [lineChange] = await listMasterChanges(tx, SALES_ACTOR, "priceListLine", pallet.id);
    assert.deepEqual(lineChange?.before, { unitPriceMinor: "1799" });
    assert.deepEqual(lineChange?.after, { unitPriceMinor: "1749" });
    assert.equal(lineChange?.entityId, base.usId);
    await updateMaster(tx, SALES_ACTOR, "priceList", list.id, { name: "Wholesale 2026" });
    await setMasterActive(tx, SALES_ACTOR, "priceList", list.id, false);
    const changes = await listMasterChanges(tx, SALES_ACTOR, "priceList", list.id);
    assert.deepEqual(changes.map((c) => c.action), ["deactivate", "update", "create"]);
  });
});

test("refuses a duplicate break and a price in a unit the item cannot convert", async () => {
  await withRollback(db, async (tx) => {
    const list = await createMaster(tx, SALES_ACTOR, "priceList", { entityId: base.usId, code: "RETAIL", name: "Retail", currency: "USD" });
    await createMaster(tx, SALES_ACTOR, "priceListLine", { priceListId: list.id, itemId, uom: "CS", minQty: "10", unitPriceMinor: 1500 });
    const duplicate = await rejectsWith(() => createMaster(tx, SALES_ACTOR, "priceListLine", { priceListId: list.id, itemId, uom: "CS", minQty: "10.00", unitPriceMinor: 1400 }),
      MastersError.DUPLICATE_KEY);
    assert.equal(issueFor(duplicate, "minQty")?.rule, "unique");
    const lines = await countRows(tx, "price_list_line");
    const pallet = await rejectsWith(() => createMaster(tx, SALES_ACTOR, "priceListLine", { priceListId: list.id, itemId, uom: "PL", unitPriceMinor: 90000 }),
      MastersError.UOM_NOT_CONVERTIBLE);
    assert.equal(issueFor(pallet, "uom")?.rule, "convertible_unit");
    const zero = await rejectsWith(() => createMaster(tx, SALES_ACTOR, "priceListLine", { priceListId: list.id, itemId, uom: "CS", minQty: "0", unitPriceMinor: 1 }),
      SharedError.VALIDATION_FAILED);
    assert.equal(issueFor(zero, "minQty")?.rule, "too_small");
    assert.equal(await countRows(tx, "price_list_line"), lines);
  });
});

test("refuses to deactivate a conversion an active price still uses", async () => {
  await withRollback(db, async (tx) => {
    const item = await createMaster(tx, SYSTEM_ACTOR, "item", {
      sku: "COLA-150", description: "Cola 1.5 l", categoryId: base.categoryId, baseUom: "EA", purchaseUom: "EA", salesUom: "EA",
      conversions: [{ uom: "CS", baseQtyPerUnit: "6" }],
    });
    const list = await createMaster(tx, SALES_ACTOR, "priceList", { entityId: base.usId, code: "P-CONV", name: "Conv", currency: "USD" });
    await createMaster(tx, SALES_ACTOR, "priceListLine", { priceListId: list.id, itemId: item.id, uom: "CS", unitPriceMinor: 900 });
    const [conversion] = await tx.query.itemUomConversion.findMany({ where: (c, { eq }) => eq(c.itemId, item.id) });
    const error = await rejectsWith(() => setMasterActive(tx, SYSTEM_ACTOR, "itemUomConversion", conversion!.id, false), MastersError.UOM_NOT_CONVERTIBLE);
    assert.match(error.userMessage, /price list line/);
  });
});

test("creates customer prices in the customer's entity and checks the validity window", async () => {
  await withRollback(db, async (tx) => {
    const customer = await createMaster(tx, SALES_ACTOR, "customer", { entityId: base.usId, code: "C-PRICE", name: "Bodega", currency: "USD", paymentTermCode: "NET30" });
    const price = await createMaster(tx, SALES_ACTOR, "customerPrice", {
      customerId: customer.id, itemId, uom: "CS", unitPriceMinor: 1650, validFrom: "2026-01-01", validTo: "2026-12-31",
    });
    const [created] = await listMasterChanges(tx, SALES_ACTOR, "customerPrice", price.id);
    assert.equal(created?.entityId, base.usId);
    const prices = await countRows(tx, "customer_price");
    const window = await rejectsWith(() => createMaster(tx, SALES_ACTOR, "customerPrice", {
      customerId: customer.id, itemId, uom: "CS", minQty: "5", unitPriceMinor: 1600, validFrom: "2026-06-01", validTo: "2026-05-01",
    }), SharedError.VALIDATION_FAILED);
    assert.equal(issueFor(window, "validTo")?.rule, "after_valid_from");
    const edit = await rejectsWith(() => updateMaster(tx, SALES_ACTOR, "customerPrice", price.id, { validTo: "2025-12-31" }), SharedError.VALIDATION_FAILED);
    assert.equal(issueFor(edit, "validTo")?.rule, "after_valid_from");
    assert.equal(await countRows(tx, "customer_price"), prices);
  });
});
