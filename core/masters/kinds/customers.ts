import { and, eq, ne } from "drizzle-orm";
import { changedFields, recordAudit } from "../../governance/audit";
import { defineMaster, type WriteContext } from "../definition";
import { field } from "../fields";
import { customer, customerGroup, customerShipTo } from "../schema";
import type { Row } from "../types";

const CUSTOMERS = "masters.customers:write" as const;

export const customerGroupDefinition = defineMaster({
  kind: "customerGroup", label: "Customer group", labelPlural: "Customer groups", permission: CUSTOMERS, table: customerGroup,
  fields: [field.code("code", "Code"), field.name("name", "Name")],
  listColumns: ["code", "name", "active"], searchFields: ["code", "name"], orderBy: ["code"],
  entity: "none", uniqueKeys: [{ fields: ["code"], field: "code" }],
});

/** Contact and address fields shared by customers and suppliers. */
export const partyContactFields = [
  field.email("email", "Email"),
  field.text("phone", "Phone", { presence: "nullable", max: 40 }),
  field.text("taxId", "Tax id", { presence: "nullable", max: 60 }),
  field.text("addressLine1", "Address", { presence: "nullable" }),
  field.text("city", "City", { presence: "nullable", max: 120 }),
  field.text("region", "Region", { presence: "nullable", max: 120 }),
  field.text("postalCode", "Postal code", { presence: "nullable", max: 20 }),
  field.text("country", "Country", { presence: "nullable", max: 60 }),
];

export const customerDefinition = defineMaster({
  kind: "customer", label: "Customer", labelPlural: "Customers", permission: CUSTOMERS, table: customer,
  fields: [
    field.reference("entityId", "Entity", "legalEntity", { editable: false }),
    field.code("code", "Code"),
    field.name("name", "Name"),
    field.select("tier", "Tier", ["platinum", "gold", "silver", "standard"], { presence: "defaulted" }),
    field.reference("groupId", "Group", "customerGroup", { presence: "nullable" }),
    // Open invoices and the credit limit are in this currency; a new currency means a new account.
    field.codeReference("currency", "Currency", "currency", { editable: false }),
    field.money("creditLimitMinor", "Credit limit", "currency", { presence: "defaulted" }),
    field.codeReference("paymentTermCode", "Payment term", "paymentTerm"),
    field.reference("priceListId", "Price list", "priceList", { presence: "nullable" }),
    field.reference("taxCodeId", "Tax code", "taxCode", { presence: "nullable" }),
    ...partyContactFields,
  ],
  listColumns: ["code", "name", "tier", "currency", "creditLimitMinor", "city", "active"],
  searchFields: ["code", "name", "email", "city"], orderBy: ["code"],
  entity: "column",
  references: [
    { field: "entityId", kind: "legalEntity" }, { field: "groupId", kind: "customerGroup" },
    { field: "currency", kind: "currency" }, { field: "paymentTermCode", kind: "paymentTerm" },
    { field: "priceListId", kind: "priceList", sameEntity: true }, { field: "taxCodeId", kind: "taxCode", sameEntity: true },
  ],
  uniqueKeys: [{ fields: ["entityId", "code"], field: "code" }],
});

/** A customer has at most one default ship-to: making one the default clears the flag on the others. */
async function keepOneDefault(row: Row, context: WriteContext): Promise<void> {
  if (row.isDefault !== true) return;
  if (context.before?.isDefault === true) return;
  const cleared = await context.tx.update(customerShipTo).set({ isDefault: false, updatedAt: new Date() })
    .where(and(eq(customerShipTo.customerId, row.customerId as number), eq(customerShipTo.isDefault, true), ne(customerShipTo.id, row.id as number)))
    .returning();
  for (const other of cleared) {
    const diff = changedFields({ isDefault: true }, { isDefault: false });
    await recordAudit(context.tx, context.actor, { action: "update", objectKind: "customerShipTo", objectId: other.id,
      entityId: context.entityId, before: diff.before, after: diff.after });
  }
}

export const customerShipToDefinition = defineMaster({
  kind: "customerShipTo", label: "Ship-to address", labelPlural: "Ship-to addresses", permission: CUSTOMERS, table: customerShipTo,
  fields: [
    field.reference("customerId", "Customer", "customer", { editable: false }),
    field.code("code", "Code"),
    field.name("name", "Name"),
    field.text("addressLine1", "Address"),
    field.text("city", "City", { max: 120 }),
    field.text("region", "Region", { presence: "nullable", max: 120 }),
    field.text("postalCode", "Postal code", { presence: "nullable", max: 20 }),
    field.text("country", "Country", { max: 60 }),
    field.boolean("isDefault", "Default"),
  ],
  listColumns: ["code", "name", "city", "country", "isDefault", "active"], searchFields: ["code", "name", "city"], orderBy: ["code"],
  parent: { kind: "customer", field: "customerId" }, entity: "parent",
  references: [{ field: "customerId", kind: "customer" }],
  uniqueKeys: [{ fields: ["customerId", "code"], field: "code" }],
  afterWrite: keepOneDefault,
});
