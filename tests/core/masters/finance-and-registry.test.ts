// Proves the finance masters (currencies, entities, rates, accounts, tax codes, payment terms),
// the exchange-rate lookup (latest earlier rate, inverse of the reverse pair), the generic list
// query (search, filters, paging, inactive rows) and the registry that forms are generated from.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { SYSTEM_ACTOR, type Actor } from "../../../core/governance/permissions";
import {
  createMaster, exchangeRateOn, getMasterOrThrow, listMasters, MASTER_KINDS, MastersError, setMasterActive, updateMaster, type MasterKind,
} from "../../../core/masters";
import { SharedError } from "../../../core/shared/errors";
import { useTestDatabase, withRollback } from "../../support/database";
import { countRows, EXECUTIVE_ACTOR, issueFor, rejectsWith, SALES_ACTOR, seedBase, type Base } from "./fixtures";

const { db } = await useTestDatabase();
let base: Base;
const CONTROLLER: Actor = { userId: null, username: "carl.controller", roles: ["controller"] };

before(async () => {
  base = await seedBase(db);
});

test("refuses a lower-case currency code, a bad time zone and an unknown base currency", async () => {
  await withRollback(db, async (tx) => {
    const currencies = await countRows(tx, "currency");
    const currency = await rejectsWith(() => createMaster(tx, CONTROLLER, "currency", { code: "chf", name: "Swiss franc", minorUnitDigits: 2 }), SharedError.VALIDATION_FAILED);
    assert.equal(issueFor(currency, "code")?.rule, "invalid_format");
    const digits = await rejectsWith(() => createMaster(tx, CONTROLLER, "currency", { code: "CHF", name: "Swiss franc", minorUnitDigits: 7 }), SharedError.VALIDATION_FAILED);
    assert.equal(issueFor(digits, "minorUnitDigits")?.rule, "too_big");
    assert.equal(await countRows(tx, "currency"), currencies);
    const entities = await countRows(tx, "legal_entity");
    const zone = await rejectsWith(() => createMaster(tx, CONTROLLER, "legalEntity", { code: "UK01", name: "Keel UK", baseCurrency: "GBP", timeZone: "Europe/Atlantis" }),
      SharedError.VALIDATION_FAILED);
    assert.equal(issueFor(zone, "timeZone")?.rule, "custom");
    const unknown = await rejectsWith(() => createMaster(tx, CONTROLLER, "legalEntity", { code: "CH01", name: "Keel CH", baseCurrency: "CHF", timeZone: "Europe/Zurich" }),
      MastersError.REFERENCE_INVALID);
    assert.equal(issueFor(unknown, "baseCurrency")?.rule, "reference_exists");
    assert.equal(await countRows(tx, "legal_entity"), entities);
    const uk = await createMaster(tx, CONTROLLER, "legalEntity", { code: "UK01", name: "Keel UK", baseCurrency: "GBP", timeZone: "Europe/London" });
    assert.equal(uk.valuationMethod, "moving_average");
  });
});

test("picks the latest rate on or before the date and inverts the reverse pair", async () => {
  await withRollback(db, async (tx) => {
    await createMaster(tx, CONTROLLER, "exchangeRate", { fromCurrency: "EUR", toCurrency: "USD", rateDate: "2026-03-01", ratePpm: 1_080_000 });
    await createMaster(tx, CONTROLLER, "exchangeRate", { fromCurrency: "EUR", toCurrency: "USD", rateDate: "2026-03-10", ratePpm: "1100000" });
    await createMaster(tx, CONTROLLER, "exchangeRate", { fromCurrency: "EUR", toCurrency: "USD", rateDate: "2026-03-20", ratePpm: 1_120_000n });
    assert.equal(await exchangeRateOn(tx, "EUR", "USD", "2026-03-15"), 1_100_000n);
    assert.equal(await exchangeRateOn(tx, "EUR", "USD", "2026-03-10"), 1_100_000n);
    assert.equal(await exchangeRateOn(tx, "EUR", "USD", "2026-12-31"), 1_120_000n);
    // 1 / 1.1 = 0.909090909… → 909_091 ppm, rounded half-even.
    assert.equal(await exchangeRateOn(tx, "USD", "EUR", "2026-03-15"), 909_091n);
    // 1 / 1.12 = 0.892857142… → 892_857 ppm.
    assert.equal(await exchangeRateOn(tx, "USD", "EUR", "2026-04-01"), 892_857n);
    assert.equal(await exchangeRateOn(tx, "GBP", "GBP", "2026-04-01"), 1_000_000n);
    const none = await rejectsWith(() => exchangeRateOn(tx, "EUR", "USD", "2026-02-28"), MastersError.MASTERS_RATE_NOT_FOUND);
    assert.match(none.userMessage, /EUR to USD/);
    await rejectsWith(() => exchangeRateOn(tx, "GBP", "USD", "2026-04-01"), MastersError.RATE_NOT_FOUND);
  });
});

test("uses a newer reverse quote over an older direct one, and ignores deactivated rates", async () => {
  await withRollback(db, async (tx) => {
    await createMaster(tx, CONTROLLER, "exchangeRate", { fromCurrency: "GBP", toCurrency: "EUR", rateDate: "2026-01-01", ratePpm: 1_150_000 });
    const newer = await createMaster(tx, CONTROLLER, "exchangeRate", { fromCurrency: "EUR", toCurrency: "GBP", rateDate: "2026-02-01", ratePpm: 800_000 });
    assert.equal(await exchangeRateOn(tx, "GBP", "EUR", "2026-02-15"), 1_250_000n);
    await setMasterActive(tx, CONTROLLER, "exchangeRate", newer.id, false);
    assert.equal(await exchangeRateOn(tx, "GBP", "EUR", "2026-02-15"), 1_150_000n);
  });
});

test("refuses a non-positive rate, a rate to the same currency and a duplicate date", async () => {
  await withRollback(db, async (tx) => {
    const rates = await countRows(tx, "exchange_rate");
    const zero = await rejectsWith(() => createMaster(tx, CONTROLLER, "exchangeRate", { fromCurrency: "EUR", toCurrency: "USD", rateDate: "2026-05-01", ratePpm: 0 }),
      SharedError.VALIDATION_FAILED);
    assert.equal(issueFor(zero, "ratePpm")?.rule, "too_small");
    const same = await rejectsWith(() => createMaster(tx, CONTROLLER, "exchangeRate", { fromCurrency: "EUR", toCurrency: "EUR", rateDate: "2026-05-01", ratePpm: 1 }),
      SharedError.VALIDATION_FAILED);
    assert.equal(issueFor(same, "toCurrency")?.rule, "distinct");
    assert.equal(await countRows(tx, "exchange_rate"), rates);
    await createMaster(tx, CONTROLLER, "exchangeRate", { fromCurrency: "EUR", toCurrency: "USD", rateDate: "2026-05-01", ratePpm: 1_090_000 });
    const duplicate = await rejectsWith(() => createMaster(tx, CONTROLLER, "exchangeRate", { fromCurrency: "EUR", toCurrency: "USD", rateDate: "2026-05-01", ratePpm: 1 }),
      MastersError.DUPLICATE_KEY);
    assert.equal(issueFor(duplicate, "rateDate")?.rule, "unique");
  });
});

test("requires a control kind exactly for control accounts", async () => {
  await withRollback(db, async (tx) => {
    const accounts = await countRows(tx, "account");
    const missing = await rejectsWith(() => createMaster(tx, CONTROLLER, "account", { entityId: base.usId, code: "1200", name: "AR", type: "asset", isControl: true }),
      SharedError.VALIDATION_FAILED);
    assert.equal(issueFor(missing, "controlKind")?.rule, "required_for_control");
    const stray = await rejectsWith(() => createMaster(tx, CONTROLLER, "account", { entityId: base.usId, code: "6000", name: "Rent", type: "expense", controlKind: "ap" }),
      SharedError.VALIDATION_FAILED);
    assert.equal(issueFor(stray, "controlKind")?.rule, "only_for_control");
    const type = await rejectsWith(() => createMaster(tx, CONTROLLER, "account", { entityId: base.usId, code: "9", name: "X", type: "income" }), SharedError.VALIDATION_FAILED);
    assert.equal(issueFor(type, "type")?.rule, "invalid_value");
    assert.equal(await countRows(tx, "account"), accounts);
    const ar = await createMaster(tx, CONTROLLER, "account", { entityId: base.usId, code: "1200", name: "AR", type: "asset", isControl: true, controlKind: "ar" });
    await rejectsWith(() => updateMaster(tx, CONTROLLER, "account", ar.id, { isControl: false }), SharedError.VALIDATION_FAILED);
    const plain = await updateMaster(tx, CONTROLLER, "account", ar.id, { isControl: false, controlKind: null });
    assert.equal(plain.controlKind, null);
  });
});

test("keeps tax rates within 0..1_000_000 ppm and payment discounts within the due days", async () => {
  await withRollback(db, async (tx) => {
    const tax = await rejectsWith(() => createMaster(tx, CONTROLLER, "taxCode", { entityId: base.usId, code: "BIG", name: "Too big", ratePpm: 1_000_001 }),
      SharedError.VALIDATION_FAILED);
    assert.equal(issueFor(tax, "ratePpm")?.rule, "too_big");
    const zero = await createMaster(tx, CONTROLLER, "taxCode", { entityId: base.usId, code: "EXEMPT", name: "Exempt", ratePpm: 0 });
    assert.equal(zero.ratePpm, 0n);
    const term = await rejectsWith(() => createMaster(tx, CONTROLLER, "paymentTerm", { code: "2N10", name: "2/10 net 5", dueDays: 5, discountDays: 10, discountPpm: 20_000 }),
      SharedError.VALIDATION_FAILED);
    assert.equal(issueFor(term, "discountDays")?.rule, "within_due_days");
    const ok = await createMaster(tx, CONTROLLER, "paymentTerm", { code: "2N10", name: "2/10 net 30", dueDays: 30, discountDays: 10, discountPpm: 20_000 });
    assert.equal(ok.discountPpm, 20_000n);
    const renamed = await updateMaster(tx, CONTROLLER, "paymentTerm", "2N10", { name: "2% 10, net 30" });
    assert.equal(renamed.name, "2% 10, net 30");
    await rejectsWith(() => createMaster(tx, SALES_ACTOR, "taxCode", { entityId: base.usId, code: "T", name: "T", ratePpm: 1 }), SharedError.FORBIDDEN);
  });
});

test("lists with search, filters, stable paging and inactive rows only on request", async () => {
  await withRollback(db, async (tx) => {
    for (const code of ["G-03", "G-01", "G-05", "G-02", "G-04"]) {
      await createMaster(tx, SALES_ACTOR, "customerGroup", { code, name: `Group ${code} 100%` });
    }
    const g5 = await listMasters(tx, SALES_ACTOR, "customerGroup", { filters: { code: "G-05" } });
    await setMasterActive(tx, SALES_ACTOR, "customerGroup", g5.rows[0]!.id, false);
    const page1 = await listMasters(tx, EXECUTIVE_ACTOR, "customerGroup", { search: "g-0", pageSize: 2 });
    assert.equal(page1.total, 4);
    assert.deepEqual(page1.rows.map((r) => r.code), ["G-01", "G-02"]);
    const page2 = await listMasters(tx, EXECUTIVE_ACTOR, "customerGroup", { search: "g-0", pageSize: 2, page: 2 });
    assert.deepEqual(page2.rows.map((r) => r.code), ["G-03", "G-04"]);
    const all = await listMasters(tx, EXECUTIVE_ACTOR, "customerGroup", { search: "g-0", includeInactive: true });
    assert.equal(all.total, 5);
    const inactive = await listMasters(tx, EXECUTIVE_ACTOR, "customerGroup", { filters: { active: "false" } });
    assert.deepEqual(inactive.rows.map((r) => r.code), ["G-05"]);
    // "%" is searched as text, not as a wildcard.
    assert.equal((await listMasters(tx, EXECUTIVE_ACTOR, "customerGroup", { search: "0%" })).total, 4);
    assert.equal((await listMasters(tx, EXECUTIVE_ACTOR, "customerGroup", { search: "x%y" })).total, 0);
    const big = await listMasters(tx, EXECUTIVE_ACTOR, "customerGroup", { pageSize: 10_000 });
    assert.equal(big.pageSize, 200);
    const error = await rejectsWith(() => listMasters(tx, EXECUTIVE_ACTOR, "customerGroup", { filters: { passwordHash: "x" } }), MastersError.FILTER_UNKNOWN);
    assert.equal(issueFor(error, "passwordHash")?.rule, "known_field");
    const entities = await listMasters(tx, EXECUTIVE_ACTOR, "warehouse", { filters: { entityId: String(base.usId) } });
    assert.equal(entities.total, 0);
  });
});

test("reads need masters:read and a missing key is MASTERS_NOT_FOUND", async () => {
  await withRollback(db, async (tx) => {
    const nobody: Actor = { userId: null, username: "nobody", roles: [] };
    await rejectsWith(() => listMasters(tx, nobody, "item"), SharedError.FORBIDDEN);
    await rejectsWith(() => getMasterOrThrow(tx, nobody, "currency", "USD"), SharedError.FORBIDDEN);
    assert.equal((await getMasterOrThrow(tx, EXECUTIVE_ACTOR, "currency", "USD")).name, "US dollar");
    const missing = await rejectsWith(() => getMasterOrThrow(tx, EXECUTIVE_ACTOR, "item", 123_456), MastersError.NOT_FOUND);
    assert.equal(missing.kind, "not_found");
    await rejectsWith(() => getMasterOrThrow(tx, EXECUTIVE_ACTOR, "item", "not-a-number"), MastersError.NOT_FOUND);
    await rejectsWith(() => setMasterActive(tx, SYSTEM_ACTOR, "currency", "XXX", false), MastersError.NOT_FOUND);
  });
});

test("describes every kind with its write permission, key and form fields", () => {
  const expected: Record<MasterKind, string> = {
    legalEntity: "masters.finance:write", currency: "masters.finance:write", exchangeRate: "masters.finance:write",
    account: "masters.finance:write", taxCode: "masters.finance:write", paymentTerm: "masters.finance:write",
    warehouse: "masters.warehouses:write", location: "masters.warehouses:write",
    unitOfMeasure: "masters.items:write", itemCategory: "masters.items:write", item: "masters.items:write", itemUomConversion: "masters.items:write",
    priceList: "masters.prices:write", priceListLine: "masters.prices:write", customerPrice: "masters.prices:write",
    customerGroup: "masters.customers:write", customer: "masters.customers:write", customerShipTo: "masters.customers:write",
    supplier: "masters.suppliers:write",
  };
  assert.deepEqual(Object.keys(MASTER_KINDS).sort(), Object.keys(expected).sort());
  for (const [kind, permission] of Object.entries(expected) as [MasterKind, string][]) {
    const descriptor = MASTER_KINDS[kind];
    assert.equal(descriptor.kind, kind);
    assert.equal(descriptor.permission, permission, kind);
    assert.equal(descriptor.keyField, ["currency", "unitOfMeasure", "paymentTerm"].includes(kind) ? "code" : "id", kind);
    for (const name of descriptor.listColumns) assert.ok(name === "active" || name === "id" || descriptor.fields.some((f) => f.name === name), `${kind}.${name}`);
    for (const fieldSpec of descriptor.fields) {
      if (fieldSpec.type === "reference") assert.ok(fieldSpec.referenceKind, `${kind}.${fieldSpec.name} names its kind`);
      if (fieldSpec.type === "money") assert.ok(fieldSpec.currencyFrom, `${kind}.${fieldSpec.name} names its currency`);
      if (fieldSpec.type === "select") assert.ok(fieldSpec.options && fieldSpec.options.length > 0, `${kind}.${fieldSpec.name} lists options`);
    }
  }
  assert.deepEqual(MASTER_KINDS.location.parent, { kind: "warehouse", field: "warehouseId" });
  assert.deepEqual(MASTER_KINDS.itemUomConversion.parent, { kind: "item", field: "itemId" });
  assert.deepEqual(MASTER_KINDS.priceListLine.parent, { kind: "priceList", field: "priceListId" });
  assert.deepEqual(MASTER_KINDS.customerShipTo.parent, { kind: "customer", field: "customerId" });
  assert.deepEqual(MASTER_KINDS.customerPrice.parent, { kind: "customer", field: "customerId" });
  const sku = MASTER_KINDS.item.fields.find((f) => f.name === "sku");
  assert.deepEqual([sku?.required, sku?.editable], [true, true]);
  assert.equal(MASTER_KINDS.item.updateSchema.safeParse({ sku: "" }).success, false);
  assert.equal(MASTER_KINDS.currency.updateSchema.safeParse({ name: "Dollar" }).success, true);
  const customerUpdate = MASTER_KINDS.customer.updateSchema.parse({ code: "X", entityId: 5 }) as Record<string, unknown>;
  assert.equal("entityId" in customerUpdate, false);
});
