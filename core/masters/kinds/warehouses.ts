import { defineMaster } from "../definition";
import { field } from "../fields";
import { location, warehouse } from "../schema";

const WAREHOUSES = "masters.warehouses:write" as const;

export const warehouseDefinition = defineMaster({
  kind: "warehouse", label: "Warehouse", labelPlural: "Warehouses", permission: WAREHOUSES, table: warehouse,
  fields: [
    // Stock and its GL value belong to the entity; moving a warehouse between entities is a transfer, not an edit.
    field.reference("entityId", "Entity", "legalEntity", { editable: false }),
    field.code("code", "Code"),
    field.name("name", "Name"),
    field.text("addressLine1", "Address", { presence: "nullable" }),
    field.text("city", "City", { presence: "nullable", max: 120 }),
    field.text("region", "Region", { presence: "nullable", max: 120 }),
    field.text("postalCode", "Postal code", { presence: "nullable", max: 20 }),
    field.text("country", "Country", { presence: "nullable", max: 60 }),
    // The entity's in-transit location holds transfers between shipping and receiving; its stock
    // moves only through transfers, so the flag is fixed when the warehouse is created.
    field.boolean("isTransit", "In-transit location", { editable: false }),
  ],
  listColumns: ["code", "name", "entityId", "city", "country", "active"], searchFields: ["code", "name", "city"], orderBy: ["code"],
  entity: "column", references: [{ field: "entityId", kind: "legalEntity" }],
  uniqueKeys: [{ fields: ["code"], field: "code" }],
});

export const locationDefinition = defineMaster({
  kind: "location", label: "Location", labelPlural: "Locations", permission: WAREHOUSES, table: location,
  fields: [
    field.reference("warehouseId", "Warehouse", "warehouse", { editable: false }),
    field.code("code", "Code"),
    field.name("name", "Name"),
    field.select("kind", "Kind", ["bin", "receiving", "shipping", "staging", "quarantine"], { presence: "defaulted" }),
  ],
  listColumns: ["code", "name", "kind", "active"], searchFields: ["code", "name"], orderBy: ["code"],
  parent: { kind: "warehouse", field: "warehouseId" }, entity: "parent",
  references: [{ field: "warehouseId", kind: "warehouse" }],
  uniqueKeys: [{ fields: ["warehouseId", "code"], field: "code" }],
});
