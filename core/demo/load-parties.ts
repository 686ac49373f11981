import type { Tx } from "../db/client";
import { SYSTEM_ACTOR } from "../governance/permissions";
import { createCustomer, createCustomerPrice, createCustomerShipTo, createSupplier } from "../masters";
import { DemoIds } from "./ids";
import type { DemoCustomer, DemoCustomerPrice, DemoData } from "./types";

const actor = SYSTEM_ACTOR;

async function loadCustomer(tx: Tx, customer: DemoCustomer, ids: DemoIds): Promise<number> {
  const { entityCode, groupCode, priceListCode, taxCode, shipTos, ...fields } = customer;
  const row = await createCustomer(tx, actor, {
    ...fields,
    entityId: DemoIds.of(ids.entities, entityCode, "entity"),
    groupId: DemoIds.of(ids.customerGroups, groupCode, "customer group"),
    priceListId: DemoIds.of(ids.priceLists, DemoIds.scoped(entityCode, priceListCode), "price list"),
    taxCodeId: DemoIds.of(ids.taxCodes, DemoIds.scoped(entityCode, taxCode), "tax code"),
  });
  for (const shipTo of shipTos) await createCustomerShipTo(tx, actor, { customerId: row.id, ...shipTo });
  return row.id;
}

/** Customers with their ship-to addresses. */
export async function loadCustomers(tx: Tx, customers: readonly DemoCustomer[], ids: DemoIds): Promise<void> {
  for (const customer of customers) {
    ids.customers.set(DemoIds.scoped(customer.entityCode, customer.code), await loadCustomer(tx, customer, ids));
  }
}

/** Contract prices; their customers must have been loaded. */
export async function loadCustomerPrices(tx: Tx, prices: readonly DemoCustomerPrice[], ids: DemoIds): Promise<void> {
  for (const price of prices) {
    const { entityCode, customerCode, sku, ...fields } = price;
    await createCustomerPrice(tx, actor, {
      ...fields,
      customerId: DemoIds.of(ids.customers, DemoIds.scoped(entityCode, customerCode), "customer"),
      itemId: DemoIds.of(ids.items, sku, "item"),
    });
  }
}

export async function loadSuppliers(tx: Tx, data: DemoData, ids: DemoIds): Promise<void> {
  for (const supplier of data.suppliers) {
    const { entityCode, ...fields } = supplier;
    await createSupplier(tx, actor, { ...fields, entityId: DemoIds.of(ids.entities, entityCode, "entity") });
  }
}
