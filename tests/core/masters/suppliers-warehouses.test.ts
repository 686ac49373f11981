// Proves suppliers, warehouses and locations against real PostgreSQL: create, edit and deactivate
// with audit rows, field-naming validation that writes nothing, duplicate codes, and locations
// that follow their warehouse (entity on the audit row, no new bins in an inactive warehouse).
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { SYSTEM_ACTOR } from "../../../core/governance/permissions";
import { createMaster, listMasterChanges, MastersError, setMasterActive, updateMaster } from "../../../core/masters";
import { SharedError } from "../../../core/shared/errors";
import { useTestDatabase, withRollback } from "../../support/database";
import { BUYER_ACTOR, countRows, issueFor, rejectsWith, SALES_ACTOR, seedBase, WAREHOUSE_ACTOR, type Base } from "./fixtures";

const { db } = await useTestDatabase();
let base: Base;

before(async () => {
  base = await seedBase(db);
});

const supplierInput = (code: string) => ({
  entityId: base.deId, code, name: "Brauerei Nord", currency: "EUR", paymentTermCode: "NET30", leadTimeDays: 14, country: "DE",
});

test("a buyer creates, edits and deactivates a supplier with an audit trail", async () => {
  await withRollback(db, async (tx) => {
    const supplier = await createMaster(tx, BUYER_ACTOR, "supplier", supplierInput("S-100"));
    assert.equal(supplier.leadTimeDays, 14);
    const edited = await updateMaster(tx, BUYER_ACTOR, "supplier", supplier.id, { leadTimeDays: "21", name: "Brauerei Nord GmbH" });
    assert.equal(edited.leadTimeDays, 21);
    await setMasterActive(tx, BUYER_ACTOR, "supplier", supplier.id, false);
    const changes = await listMasterChanges(tx, BUYER_ACTOR, "supplier", supplier.id);
    assert.deepEqual(changes.map((c) => c.action), ["deactivate", "update", "create"]);
    assert.deepEqual(changes[1]?.before, { name: "Brauerei Nord", leadTimeDays: 14 });
    assert.deepEqual(changes[1]?.after, { name: "Brauerei Nord GmbH", leadTimeDays: 21 });
    assert.equal(changes[0]?.actorName, "bob.buyer");
    assert.equal(changes[0]?.entityId, base.deId);
  });
});

test("refuses a negative lead time and a lower-case currency naming the fields, and writes nothing", async () => {
  await withRollback(db, async (tx) => {
    const suppliers = await countRows(tx, "supplier");
    const error = await rejectsWith(() => createMaster(tx, BUYER_ACTOR, "supplier", { ...supplierInput("S-BAD"), leadTimeDays: -3, currency: "eur" }),
      SharedError.VALIDATION_FAILED);
    assert.equal(issueFor(error, "leadTimeDays")?.rule, "too_small");
    assert.equal(issueFor(error, "currency")?.rule, "invalid_format");
    assert.equal(await countRows(tx, "supplier"), suppliers);
    await createMaster(tx, BUYER_ACTOR, "supplier", supplierInput("S-DUP"));
    const duplicate = await rejectsWith(() => createMaster(tx, BUYER_ACTOR, "supplier", supplierInput("S-DUP")), MastersError.DUPLICATE_KEY);
    assert.equal(issueFor(duplicate, "code")?.rule, "unique");
    // Codes are unique per entity, so the same code is fine in the other entity.
    const us = await createMaster(tx, BUYER_ACTOR, "supplier", { ...supplierInput("S-DUP"), entityId: base.usId, currency: "USD" });
    assert.equal(us.entityId, base.usId);
  });
});

test("a sales user cannot create a supplier", async () => {
  await withRollback(db, async (tx) => {
    await rejectsWith(() => createMaster(tx, SALES_ACTOR, "supplier", supplierInput("S-SALES")), SharedError.FORBIDDEN);
  });
});

test("warehouse staff create, edit and deactivate a warehouse and its locations", async () => {
  await withRollback(db, async (tx) => {
    const warehouse = await createMaster(tx, WAREHOUSE_ACTOR, "warehouse", { entityId: base.usId, code: "BOS", name: "Boston DC", city: "Boston" });
    const bin = await createMaster(tx, WAREHOUSE_ACTOR, "location", { warehouseId: warehouse.id, code: "A-01-01", name: "Aisle A bin 1" });
    assert.equal(bin.kind, "bin");
    const [binCreated] = await listMasterChanges(tx, WAREHOUSE_ACTOR, "location", bin.id);
    assert.equal(binCreated?.entityId, base.usId);
    const dock = await createMaster(tx, WAREHOUSE_ACTOR, "location", { warehouseId: warehouse.id, code: "DOCK", name: "Dock", kind: "receiving" });
    await rejectsWith(() => createMaster(tx, WAREHOUSE_ACTOR, "location", { warehouseId: warehouse.id, code: "DOCK", name: "Dock 2" }), MastersError.DUPLICATE_KEY);
    const renamed = await updateMaster(tx, WAREHOUSE_ACTOR, "warehouse", warehouse.id, { name: "Boston Distribution Center", region: "MA" });
    assert.equal(renamed.region, "MA");
    await setMasterActive(tx, WAREHOUSE_ACTOR, "location", dock.id, false);
    await setMasterActive(tx, WAREHOUSE_ACTOR, "warehouse", warehouse.id, false);
    const changes = await listMasterChanges(tx, WAREHOUSE_ACTOR, "warehouse", warehouse.id);
    assert.deepEqual(changes.map((c) => c.action), ["deactivate", "update", "create"]);
    assert.deepEqual(changes[1]?.after, { name: "Boston Distribution Center", region: "MA" });
    const refused = await rejectsWith(() => createMaster(tx, WAREHOUSE_ACTOR, "location", { warehouseId: warehouse.id, code: "B-01", name: "B" }),
      MastersError.REFERENCE_INACTIVE);
    assert.equal(issueFor(refused, "warehouseId")?.rule, "reference_active");
    await rejectsWith(() => setMasterActive(tx, WAREHOUSE_ACTOR, "location", dock.id, true), MastersError.REFERENCE_INACTIVE);
  });
});

test("refuses a location kind outside the list and a warehouse of a missing entity", async () => {
  await withRollback(db, async (tx) => {
    const warehouses = await countRows(tx, "warehouse");
    const error = await rejectsWith(() => createMaster(tx, WAREHOUSE_ACTOR, "warehouse", { entityId: 424242, code: "NOPE", name: "Nowhere" }),
      MastersError.REFERENCE_INVALID);
    assert.equal(issueFor(error, "entityId")?.rule, "reference_exists");
    assert.equal(await countRows(tx, "warehouse"), warehouses);
    const warehouse = await createMaster(tx, SYSTEM_ACTOR, "warehouse", { entityId: base.usId, code: "NYC", name: "New York" });
    const kind = await rejectsWith(() => createMaster(tx, WAREHOUSE_ACTOR, "location", { warehouseId: warehouse.id, code: "X", name: "X", kind: "roof" }),
      SharedError.VALIDATION_FAILED);
    assert.equal(issueFor(kind, "kind")?.rule, "invalid_value");
  });
});
