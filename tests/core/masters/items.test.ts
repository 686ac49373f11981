// Proves items, units and conversions against real PostgreSQL: create with case/each conversions,
// edit and deactivate with audit rows (who, old, new), validation that names the field and rule and
// writes nothing, duplicate SKUs refused both by the check and by the unique index under a race,
// item rights by role, and conversion of ordered quantities to base units.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { SYSTEM_ACTOR } from "../../../core/governance/permissions";
import {
  createMaster, listMasterChanges, MastersError, setMasterActive, toBaseQty, updateMaster, createItem,
} from "../../../core/masters";
import { SharedError } from "../../../core/shared/errors";
import { QTY_SCALE } from "../../../core/shared/quantity";
import { useTestDatabase, withRollback } from "../../support/database";
import { countRows, issueFor, PLANNER_ACTOR, rejectsWith, SALES_ACTOR, seedBase, type Base } from "./fixtures";

const { db } = await useTestDatabase();
let base: Base;

before(async () => {
  base = await seedBase(db);
});

const itemInput = (sku: string) => ({
  sku, description: "Sparkling water 0.5 l", categoryId: base.categoryId, baseUom: "EA", purchaseUom: "CS", salesUom: "EA",
  weightKg: "0.55", conversions: [{ uom: "CS", baseQtyPerUnit: "12" }],
});

test("creates an item with its case conversion and audits both", async () => {
  await withRollback(db, async (tx) => {
    const item = await createMaster(tx, PLANNER_ACTOR, "item", { ...itemInput("  WAT-050  ") });
    assert.equal(item.sku, "WAT-050");
    assert.equal(item.status, "active");
    assert.equal(item.weightKg, "0.5500");
    const [created] = await listMasterChanges(tx, PLANNER_ACTOR, "item", item.id);
    assert.equal(created?.action, "create");
    assert.equal(created?.actorName, "pat.planner");
    assert.equal((created?.after as { sku: string }).sku, "WAT-050");
    assert.equal(await toBaseQty(tx, item.id, "CS", "3"), 36n * QTY_SCALE);
    assert.equal(await toBaseQty(tx, item.id, "EA", "2.5"), 25_000n);
  });
});

test("edits an item and records only the changed fields with old and new values", async () => {
  await withRollback(db, async (tx) => {
    const item = await createItem(tx, SYSTEM_ACTOR, itemInput("WAT-EDIT"));
    const edited = await updateMaster(tx, PLANNER_ACTOR, "item", item.id, { description: "Still water 0.5 l", weightKg: "0.55" });
    assert.equal(edited.description, "Still water 0.5 l");
    assert.ok(edited.updatedAt.getTime() >= item.updatedAt.getTime());
    const [change] = await listMasterChanges(tx, PLANNER_ACTOR, "item", item.id);
    assert.equal(change?.action, "update");
    assert.equal(change?.actorName, "pat.planner");
    assert.deepEqual(change?.before, { description: "Sparkling water 0.5 l" });
    assert.deepEqual(change?.after, { description: "Still water 0.5 l" });
  });
});

test("records nothing for an edit that changes nothing", async () => {
  await withRollback(db, async (tx) => {
    const item = await createItem(tx, SYSTEM_ACTOR, itemInput("WAT-NOOP"));
    const auditBefore = await countRows(tx, "audit_log");
    const same = await updateMaster(tx, PLANNER_ACTOR, "item", String(item.id), { description: item.description, weightKg: "0.550", sku: "WAT-NOOP" });
    assert.deepEqual(same, item);
    assert.equal(await countRows(tx, "audit_log"), auditBefore);
  });
});

test("deactivates and reactivates an item, keeping status in step and auditing both", async () => {
  await withRollback(db, async (tx) => {
    const item = await createItem(tx, SYSTEM_ACTOR, itemInput("WAT-OFF"));
    const off = await setMasterActive(tx, PLANNER_ACTOR, "item", item.id, false);
    assert.equal(off.active, false);
    assert.equal(off.status, "inactive");
    const on = await setMasterActive(tx, PLANNER_ACTOR, "item", item.id, true);
    assert.equal(on.status, "active");
    const changes = await listMasterChanges(tx, PLANNER_ACTOR, "item", item.id);
    assert.deepEqual(changes.map((c) => c.action), ["reactivate", "deactivate", "create"]);
    assert.deepEqual(changes[1]?.before, { active: true, status: "active" });
    assert.deepEqual(changes[1]?.after, { active: false, status: "inactive" });
  });
});

test("refuses invalid item input naming field and rule, and writes no row", async () => {
  await withRollback(db, async (tx) => {
    const items = await countRows(tx, "item");
    const audits = await countRows(tx, "audit_log");
    const error = await rejectsWith(() => createMaster(tx, PLANNER_ACTOR, "item", { ...itemInput(""), weightKg: "-1" }), SharedError.VALIDATION_FAILED);
    assert.equal(issueFor(error, "sku")?.rule, "too_small");
    assert.equal(issueFor(error, "weightKg")?.rule, "invalid_format");
    assert.match(error.userMessage, /sku/);
    const missing = await rejectsWith(() => createMaster(tx, PLANNER_ACTOR, "item", { sku: "X-1" }), SharedError.VALIDATION_FAILED);
    assert.equal(issueFor(missing, "description")?.rule, "invalid_type");
    assert.equal(await countRows(tx, "item"), items);
    assert.equal(await countRows(tx, "audit_log"), audits);
  });
});

test("refuses a purchase unit without a conversion to the base unit", async () => {
  await withRollback(db, async (tx) => {
    const items = await countRows(tx, "item");
    const error = await rejectsWith(() => createMaster(tx, PLANNER_ACTOR, "item", { ...itemInput("WAT-PL"), purchaseUom: "PL" }),
      MastersError.MASTERS_UOM_NOT_CONVERTIBLE);
    assert.equal(issueFor(error, "purchaseUom")?.rule, "convertible_unit");
    assert.match(error.userMessage, /WAT-PL/);
    await rejectsWith(() => createMaster(tx, PLANNER_ACTOR, "item", { ...itemInput("WAT-BAD"), conversions: [{ uom: "BOX", baseQtyPerUnit: "6" }] }),
      MastersError.REFERENCE_INVALID);
    assert.equal(await countRows(tx, "item"), items);
    assert.equal(await countRows(tx, "item_uom_conversion"), 0);
  });
});

test("refuses to change an item's sales unit to one without a conversion", async () => {
  await withRollback(db, async (tx) => {
    const item = await createItem(tx, SYSTEM_ACTOR, itemInput("WAT-SU"));
    const error = await rejectsWith(() => updateMaster(tx, PLANNER_ACTOR, "item", item.id, { salesUom: "PL" }), MastersError.UOM_NOT_CONVERTIBLE);
    assert.equal(issueFor(error, "salesUom")?.rule, "convertible_unit");
    await createMaster(tx, PLANNER_ACTOR, "itemUomConversion", { itemId: item.id, uom: "PL", baseQtyPerUnit: "480" });
    const moved = await updateMaster(tx, PLANNER_ACTOR, "item", item.id, { salesUom: "PL" });
    assert.equal(moved.salesUom, "PL");
  });
});

test("refuses to deactivate the conversion of the item's purchase unit", async () => {
  await withRollback(db, async (tx) => {
    const item = await createItem(tx, SYSTEM_ACTOR, itemInput("WAT-CONV"));
    const [conversion] = await tx.query.itemUomConversion.findMany({ where: (c, { eq }) => eq(c.itemId, item.id) });
    assert.ok(conversion);
    const error = await rejectsWith(() => setMasterActive(tx, PLANNER_ACTOR, "itemUomConversion", conversion.id, false), MastersError.UOM_NOT_CONVERTIBLE);
    assert.equal(error.kind, "conflict");
    await updateMaster(tx, PLANNER_ACTOR, "item", item.id, { purchaseUom: "EA" });
    const off = await setMasterActive(tx, PLANNER_ACTOR, "itemUomConversion", conversion.id, false);
    assert.equal(off.active, false);
    await rejectsWith(() => toBaseQty(tx, item.id, "CS", "1"), MastersError.UOM_NOT_CONVERTIBLE);
  });
});

test("refuses a conversion for the base unit itself", async () => {
  await withRollback(db, async (tx) => {
    const item = await createItem(tx, SYSTEM_ACTOR, itemInput("WAT-BASE"));
    const error = await rejectsWith(() => createMaster(tx, PLANNER_ACTOR, "itemUomConversion", { itemId: item.id, uom: "EA", baseQtyPerUnit: "1" }),
      MastersError.UOM_NOT_CONVERTIBLE);
    assert.equal(issueFor(error, "uom")?.rule, "not_base_unit");
  });
});

test("refuses a duplicate SKU naming the field", async () => {
  await withRollback(db, async (tx) => {
    await createItem(tx, SYSTEM_ACTOR, itemInput("WAT-DUP"));
    const items = await countRows(tx, "item");
    const error = await rejectsWith(() => createMaster(tx, PLANNER_ACTOR, "item", itemInput(" WAT-DUP ")), MastersError.MASTERS_DUPLICATE_KEY);
    assert.equal(error.kind, "conflict");
    assert.equal(issueFor(error, "sku")?.rule, "unique");
    assert.equal(await countRows(tx, "item"), items);
    const other = await createItem(tx, SYSTEM_ACTOR, itemInput("WAT-DUP2"));
    await rejectsWith(() => updateMaster(tx, PLANNER_ACTOR, "item", other.id, { sku: "WAT-DUP" }), MastersError.DUPLICATE_KEY);
  });
});

test("maps the unique index violation of a concurrent insert to MASTERS_DUPLICATE_KEY", async () => {
  let releaseFirst!: () => void;
  const firstMayCommit = new Promise<void>((resolve) => { releaseFirst = resolve; });
  let firstInserted!: () => void;
  const inserted = new Promise<void>((resolve) => { firstInserted = resolve; });
  const first = db.transaction(async (tx) => {
    await createMaster(tx, SYSTEM_ACTOR, "item", itemInput("WAT-RACE"));
    firstInserted();
    await firstMayCommit;
  });
  await inserted;
  // The second insert passes the pre-check (the first row is not committed yet) and then waits on the index.
  const second = db.transaction((tx) => createMaster(tx, SYSTEM_ACTOR, "item", itemInput("WAT-RACE")));
  await new Promise((resolve) => setTimeout(resolve, 200));
  releaseFirst();
  await first;
  const error = await rejectsWith(() => second, MastersError.DUPLICATE_KEY);
  assert.equal(issueFor(error, "sku")?.rule, "unique");
  const rows = await db.query.item.findMany({ where: (i, { eq }) => eq(i.sku, "WAT-RACE") });
  assert.equal(rows.length, 1);
});

test("a sales user cannot create an item", async () => {
  await withRollback(db, async (tx) => {
    const items = await countRows(tx, "item");
    const error = await rejectsWith(() => createMaster(tx, SALES_ACTOR, "item", itemInput("WAT-SALES")), SharedError.FORBIDDEN);
    assert.equal(error.kind, "forbidden");
    assert.equal(await countRows(tx, "item"), items);
  });
});

test("refuses to change the base unit or to deactivate through an edit", async () => {
  await withRollback(db, async (tx) => {
    const item = await createItem(tx, SYSTEM_ACTOR, itemInput("WAT-LOCK"));
    const error = await rejectsWith(() => updateMaster(tx, PLANNER_ACTOR, "item", item.id, { baseUom: "CS" }), MastersError.FIELD_NOT_EDITABLE);
    assert.equal(issueFor(error, "baseUom")?.rule, "not_editable");
    await rejectsWith(() => updateMaster(tx, PLANNER_ACTOR, "item", item.id, { active: false }), MastersError.FIELD_NOT_EDITABLE);
    const conversions = await rejectsWith(() => updateMaster(tx, PLANNER_ACTOR, "item", item.id, { conversions: [{ uom: "PL", baseQtyPerUnit: "480" }] }),
      MastersError.FIELD_NOT_EDITABLE);
    assert.equal(issueFor(conversions, "conversions")?.rule, "not_editable");
    await rejectsWith(() => updateMaster(tx, PLANNER_ACTOR, "item", 999_999, { description: "x" }), MastersError.NOT_FOUND);
  });
});

test("converts cases to eaches and names the item and unit when it cannot", async () => {
  await withRollback(db, async (tx) => {
    const item = await createItem(tx, SYSTEM_ACTOR, itemInput("WAT-QTY"));
    assert.equal(await toBaseQty(tx, item.id, "CS", "1"), 12n * QTY_SCALE);
    assert.equal(await toBaseQty(tx, item.id, "CS", "0.5"), 6n * QTY_SCALE);
    const error = await rejectsWith(() => toBaseQty(tx, item.id, "PL", "1"), MastersError.UOM_NOT_CONVERTIBLE);
    assert.match(error.userMessage, /WAT-QTY/);
    assert.match(error.userMessage, /PL/);
    await rejectsWith(() => toBaseQty(tx, item.id, "CS", "abc"), SharedError.VALIDATION_FAILED);
    await rejectsWith(() => toBaseQty(tx, 987_654, "EA", "1"), MastersError.NOT_FOUND);
  });
});
