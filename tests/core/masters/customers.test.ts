// Proves customers, customer groups and ship-to addresses against real PostgreSQL: create, edit and
// deactivate with audit rows, money accepted as bigint/string/number and stored as bigint minor
// units, references to another entity's price list or tax code refused, and sales rights by role.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { SYSTEM_ACTOR } from "../../../core/governance/permissions";
import { createMaster, getMasterOrThrow, listMasterChanges, MastersError, setMasterActive, updateMaster } from "../../../core/masters";
import { SharedError } from "../../../core/shared/errors";
import { useTestDatabase, withRollback } from "../../support/database";
import { BUYER_ACTOR, countRows, EXECUTIVE_ACTOR, issueFor, rejectsWith, SALES_ACTOR, seedBase, type Base } from "./fixtures";

const { db } = await useTestDatabase();
let base: Base;

before(async () => {
  base = await seedBase(db);
});

const customerInput = (code: string) => ({
  entityId: base.usId, code, name: "Acme Foods", tier: "gold", currency: "USD", creditLimitMinor: "2500000",
  paymentTermCode: "NET30", email: "ap@acme.example", city: "Boston",
});

test("a sales user creates, edits and deactivates a customer, and each step is audited", async () => {
  await withRollback(db, async (tx) => {
    const customer = await createMaster(tx, SALES_ACTOR, "customer", customerInput("C-1000"));
    assert.equal(customer.creditLimitMinor, 2_500_000n);
    assert.equal(customer.tier, "gold");
    const edited = await updateMaster(tx, SALES_ACTOR, "customer", customer.id, { creditLimitMinor: 5_000_000, tier: "platinum", phone: "" });
    assert.equal(edited.creditLimitMinor, 5_000_000n);
    assert.equal(edited.phone, null);
    const off = await setMasterActive(tx, SALES_ACTOR, "customer", customer.id, false);
    assert.equal(off.active, false);
    const changes = await listMasterChanges(tx, SALES_ACTOR, "customer", customer.id);
    assert.deepEqual(changes.map((c) => c.action), ["deactivate", "update", "create"]);
    for (const change of changes) {
      assert.equal(change.actorName, "sally.sales");
      assert.equal(change.entityId, base.usId);
    }
    assert.deepEqual(changes[1]?.before, { creditLimitMinor: "2500000", tier: "gold" });
    assert.deepEqual(changes[1]?.after, { creditLimitMinor: "5000000", tier: "platinum" });
  });
});

test("refuses a negative credit limit or a bad email naming the field, and writes nothing", async () => {
  await withRollback(db, async (tx) => {
    const customers = await countRows(tx, "customer");
    const error = await rejectsWith(() => createMaster(tx, SALES_ACTOR, "customer", { ...customerInput("C-NEG"), creditLimitMinor: -1n, email: "not-an-email" }),
      SharedError.VALIDATION_FAILED);
    assert.equal(issueFor(error, "creditLimitMinor")?.rule, "too_small");
    assert.equal(issueFor(error, "email")?.rule, "invalid_format");
    const fractional = await rejectsWith(() => createMaster(tx, SALES_ACTOR, "customer", { ...customerInput("C-FRAC"), creditLimitMinor: 10.5 }),
      SharedError.VALIDATION_FAILED);
    assert.equal(issueFor(fractional, "creditLimitMinor")?.rule, "invalid_type");
    const tier = await rejectsWith(() => createMaster(tx, SALES_ACTOR, "customer", { ...customerInput("C-TIER"), tier: "diamond" }), SharedError.VALIDATION_FAILED);
    assert.equal(issueFor(tier, "tier")?.rule, "invalid_value");
    assert.equal(await countRows(tx, "customer"), customers);
  });
});

test("refuses a price list or tax code of another entity", async () => {
  await withRollback(db, async (tx) => {
    const germanList = await createMaster(tx, SYSTEM_ACTOR, "priceList", { entityId: base.deId, code: "DE-STD", name: "Standard DE", currency: "EUR" });
    const germanTax = await createMaster(tx, SYSTEM_ACTOR, "taxCode", { entityId: base.deId, code: "VAT19", name: "VAT 19%", ratePpm: 190_000 });
    const customers = await countRows(tx, "customer");
    const error = await rejectsWith(() => createMaster(tx, SALES_ACTOR, "customer", { ...customerInput("C-X"), priceListId: germanList.id }),
      MastersError.MASTERS_REFERENCE_ENTITY_MISMATCH);
    assert.equal(issueFor(error, "priceListId")?.rule, "same_entity");
    await rejectsWith(() => createMaster(tx, SALES_ACTOR, "customer", { ...customerInput("C-Y"), taxCodeId: germanTax.id }),
      MastersError.REFERENCE_ENTITY_MISMATCH);
    assert.equal(await countRows(tx, "customer"), customers);
    const customer = await createMaster(tx, SALES_ACTOR, "customer", customerInput("C-Z"));
    const edit = await rejectsWith(() => updateMaster(tx, SALES_ACTOR, "customer", customer.id, { priceListId: germanList.id }),
      MastersError.REFERENCE_ENTITY_MISMATCH);
    assert.equal(issueFor(edit, "priceListId")?.rule, "same_entity");
    const usList = await createMaster(tx, SYSTEM_ACTOR, "priceList", { entityId: base.usId, code: "US-STD", name: "Standard US", currency: "USD" });
    const linked = await updateMaster(tx, SALES_ACTOR, "customer", customer.id, { priceListId: usList.id });
    assert.equal(linked.priceListId, usList.id);
  });
});

test("refuses references that do not exist or are inactive", async () => {
  await withRollback(db, async (tx) => {
    const missing = await rejectsWith(() => createMaster(tx, SALES_ACTOR, "customer", { ...customerInput("C-R1"), paymentTermCode: "NET99" }),
      MastersError.REFERENCE_INVALID);
    assert.equal(issueFor(missing, "paymentTermCode")?.rule, "reference_exists");
    const group = await createMaster(tx, SALES_ACTOR, "customerGroup", { code: "HORECA", name: "Hotels and restaurants" });
    await setMasterActive(tx, SALES_ACTOR, "customerGroup", group.id, false);
    const inactive = await rejectsWith(() => createMaster(tx, SALES_ACTOR, "customer", { ...customerInput("C-R2"), groupId: group.id }),
      MastersError.REFERENCE_INACTIVE);
    assert.equal(issueFor(inactive, "groupId")?.rule, "reference_active");
  });
});

test("keeps one default ship-to per customer", async () => {
  await withRollback(db, async (tx) => {
    const customer = await createMaster(tx, SALES_ACTOR, "customer", customerInput("C-SHIP"));
    const address = { customerId: customer.id, addressLine1: "1 Dock St", city: "Boston", country: "US" };
    const first = await createMaster(tx, SALES_ACTOR, "customerShipTo", { ...address, code: "MAIN", name: "Main", isDefault: true });
    const second = await createMaster(tx, SALES_ACTOR, "customerShipTo", { ...address, code: "DC2", name: "DC 2", isDefault: "true" });
    assert.equal(second.isDefault, true);
    const firstNow = await getMasterOrThrow(tx, SALES_ACTOR, "customerShipTo", first.id);
    assert.equal(firstNow.isDefault, false);
    const [cleared] = await listMasterChanges(tx, SALES_ACTOR, "customerShipTo", first.id);
    assert.deepEqual(cleared?.after, { isDefault: false });
    await rejectsWith(() => createMaster(tx, SALES_ACTOR, "customerShipTo", { ...address, code: "MAIN", name: "Again" }), MastersError.DUPLICATE_KEY);
  });
});

test("only people with customer rights may write customers; readers may read them", async () => {
  await withRollback(db, async (tx) => {
    await rejectsWith(() => createMaster(tx, BUYER_ACTOR, "customer", customerInput("C-BUY")), SharedError.FORBIDDEN);
    const customer = await createMaster(tx, SALES_ACTOR, "customer", customerInput("C-READ"));
    const read = await getMasterOrThrow(tx, EXECUTIVE_ACTOR, "customer", customer.id);
    assert.equal(read.code, "C-READ");
    assert.equal((await listMasterChanges(tx, EXECUTIVE_ACTOR, "customer", customer.id)).length, 1);
    await rejectsWith(() => listMasterChanges(tx, BUYER_ACTOR, "customer", customer.id), SharedError.FORBIDDEN);
    await rejectsWith(() => setMasterActive(tx, BUYER_ACTOR, "customer", customer.id, false), SharedError.FORBIDDEN);
  });
});

test("refuses to move a customer to another entity or currency", async () => {
  await withRollback(db, async (tx) => {
    const customer = await createMaster(tx, SALES_ACTOR, "customer", customerInput("C-MOVE"));
    const error = await rejectsWith(() => updateMaster(tx, SALES_ACTOR, "customer", customer.id, { entityId: base.deId }), MastersError.FIELD_NOT_EDITABLE);
    assert.equal(issueFor(error, "entityId")?.rule, "not_editable");
    await rejectsWith(() => updateMaster(tx, SALES_ACTOR, "customer", customer.id, { currency: "EUR" }), MastersError.FIELD_NOT_EDITABLE);
    // The same values, as a full form would send them back, are fine.
    const same = await updateMaster(tx, SALES_ACTOR, "customer", customer.id, { entityId: String(base.usId), currency: "USD", name: "Acme Foods Inc." });
    assert.equal(same.name, "Acme Foods Inc.");
  });
});
