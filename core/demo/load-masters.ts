import type { Tx } from "../db/client";
import { recordAudit } from "../governance/audit";
import { SYSTEM_ACTOR } from "../governance/permissions";
import { createFiscalYear, setAccountRule } from "../ledger";
import {
  createAccount, createCurrency, createCustomerGroup, createExchangeRate, createItem, createItemCategory, createLegalEntity,
  createLocation, createPaymentTerm, createPriceList, createTaxCode, createUnitOfMeasure, createWarehouse, setMasterActive,
} from "../masters";
import { priceListLine } from "../masters/schema";
import { assert } from "../shared/assert";
import { DemoIds } from "./ids";
import type { DemoData, DemoExchangeRate, DemoItem } from "./types";

const actor = SYSTEM_ACTOR;
/** Rows per multi-row INSERT: five parameters a row stays far below Postgres's 65,535. */
export const BULK_INSERT_ROWS_MAX = 2_000;

/** Currencies, units, payment terms, legal entities with their fiscal years, categories and groups. */
export async function loadFoundation(tx: Tx, data: DemoData, ids: DemoIds): Promise<void> {
  for (const currency of data.currencies) await createCurrency(tx, actor, currency);
  for (const unit of data.units) await createUnitOfMeasure(tx, actor, unit);
  for (const term of data.paymentTerms) await createPaymentTerm(tx, actor, term);
  for (const entity of data.entities) {
    const row = await createLegalEntity(tx, actor, entity);
    ids.entities.set(entity.code, row.id);
    for (const year of data.fiscalYears) await createFiscalYear(tx, actor, { entityId: row.id, year });
  }
  for (const category of data.categories) ids.categories.set(category.code, (await createItemCategory(tx, actor, category)).id);
  for (const group of data.customerGroups) ids.customerGroups.set(group.code, (await createCustomerGroup(tx, actor, group)).id);
}

export async function loadExchangeRates(tx: Tx, rates: readonly DemoExchangeRate[]): Promise<void> {
  for (const rate of rates) await createExchangeRate(tx, actor, rate);
}

/** The chart of accounts, its account-determination rules and the tax codes, per entity. */
export async function loadChart(tx: Tx, data: DemoData, ids: DemoIds): Promise<void> {
  for (const entity of data.entities) {
    const entityId = DemoIds.of(ids.entities, entity.code, "entity");
    for (const account of data.accounts) {
      const row = await createAccount(tx, actor, { entityId, ...account });
      ids.accounts.set(DemoIds.scoped(entity.code, account.code), row.id);
    }
    for (const rule of data.accountRules) {
      await setAccountRule(tx, actor, {
        entityId, role: rule.role, priority: rule.priority,
        accountId: DemoIds.of(ids.accounts, DemoIds.scoped(entity.code, rule.accountCode), "account"),
        itemCategoryId: rule.itemCategoryCode ? DemoIds.of(ids.categories, rule.itemCategoryCode, "category") : null,
        customerGroupId: rule.customerGroupCode ? DemoIds.of(ids.customerGroups, rule.customerGroupCode, "customer group") : null,
      });
    }
  }
  for (const taxCode of data.taxCodes) {
    const { entityCode, ...rest } = taxCode;
    const row = await createTaxCode(tx, actor, { entityId: DemoIds.of(ids.entities, entityCode, "entity"), ...rest });
    ids.taxCodes.set(DemoIds.scoped(entityCode, taxCode.code), row.id);
  }
}

export async function loadWarehouses(tx: Tx, data: DemoData, ids: DemoIds): Promise<void> {
  for (const warehouse of data.warehouses) {
    const { entityCode, locations, ...rest } = warehouse;
    const row = await createWarehouse(tx, actor, { entityId: DemoIds.of(ids.entities, entityCode, "entity"), ...rest });
    ids.warehouses.set(warehouse.code, row.id);
    for (const location of locations) {
      const created = await createLocation(tx, actor, { warehouseId: row.id, ...location });
      ids.locations.set(DemoIds.scoped(warehouse.code, location.code), created.id);
    }
  }
}

async function loadItem(tx: Tx, item: DemoItem, ids: DemoIds): Promise<number> {
  const row = await createItem(tx, actor, {
    sku: item.sku, description: item.description, categoryId: DemoIds.of(ids.categories, item.categoryCode, "category"),
    baseUom: item.baseUom, purchaseUom: item.purchaseUom, salesUom: item.salesUom, weightKg: item.weightKg,
    // An inactive item is made through deactivation, the way a user retires one, so the trail shows it.
    status: item.status === "discontinued" ? "discontinued" : "active",
    conversions: item.conversions,
  });
  if (item.status === "inactive") await setMasterActive(tx, actor, "item", row.id, false);
  return row.id;
}

/** Items with their unit conversions, each through createMaster so the audit trail records it. */
export async function loadItems(tx: Tx, items: readonly DemoItem[], ids: DemoIds): Promise<void> {
  for (const item of items) ids.items.set(item.sku, await loadItem(tx, item, ids));
}

/**
 * Price list headers go through createMaster; their ~28,000 lines are inserted in batches (see
 * the README for the timing that made this necessary) with one audit row per list saying so.
 * The generator's tests prove every line is in a unit its item converts to its base unit.
 */
export async function loadPriceLists(tx: Tx, data: DemoData, ids: DemoIds): Promise<void> {
  for (const list of data.priceLists) {
    const { entityCode, lines, ...header } = list;
    const row = await createPriceList(tx, actor, { entityId: DemoIds.of(ids.entities, entityCode, "entity"), ...header, validTo: null });
    ids.priceLists.set(DemoIds.scoped(entityCode, list.code), row.id);
    const values = lines.map((line) => ({
      priceListId: row.id, itemId: DemoIds.of(ids.items, line.sku, "item"), uom: line.uom, minQty: line.minQty, unitPriceMinor: line.unitPriceMinor,
    }));
    for (let start = 0; start < values.length; start += BULK_INSERT_ROWS_MAX) {
      const inserted = await tx.insert(priceListLine).values(values.slice(start, start + BULK_INSERT_ROWS_MAX)).returning({ id: priceListLine.id });
      assert(inserted.length === Math.min(BULK_INSERT_ROWS_MAX, values.length - start), "every price list line was inserted");
    }
    await recordAudit(tx, actor, {
      action: "create", objectKind: "priceListLine", objectId: `priceList:${row.id}`, entityId: row.entityId,
      after: { priceListId: row.id, linesLoaded: values.length, source: "demo distributor" },
    });
  }
}
