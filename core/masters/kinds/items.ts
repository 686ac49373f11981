import { z } from "zod";
import type { FieldIssue } from "../../shared/errors";
import { defineMaster, type WriteContext } from "../definition";
import { field } from "../fields";
import { ITEM_CONVERSIONS_MAX, SKU_LENGTH_MAX } from "../limits";
import { checkConversionRemovable, checkConversionUnit, checkItemUnits } from "../rules/units";
import { item, itemCategory, itemUomConversion, unitOfMeasure } from "../schema";
import type { Row } from "../types";

const ITEMS = "masters.items:write" as const;

export const unitOfMeasureDefinition = defineMaster({
  kind: "unitOfMeasure", label: "Unit of measure", labelPlural: "Units of measure", permission: ITEMS, keyField: "code", table: unitOfMeasure,
  fields: [
    field.code("code", "Code", { editable: false, max: 12 }),
    field.name("name", "Name"),
  ],
  listColumns: ["code", "name", "active"], searchFields: ["code", "name"], orderBy: ["code"],
  entity: "none", uniqueKeys: [{ fields: ["code"], field: "code" }],
});

export const itemCategoryDefinition = defineMaster({
  kind: "itemCategory", label: "Item category", labelPlural: "Item categories", permission: ITEMS, table: itemCategory,
  fields: [field.code("code", "Code"), field.name("name", "Name")],
  listColumns: ["code", "name", "active"], searchFields: ["code", "name"], orderBy: ["code"],
  entity: "none", uniqueKeys: [{ fields: ["code"], field: "code" }],
});

const uomField = field.codeReference("uom", "Unit", "unitOfMeasure", { editable: false });
const baseQtyField = field.decimal("baseQtyPerUnit", "Base units per unit", { integerDigitsMax: 14, positive: true });

/** Conversions may come with a new item, so its purchase and sales units are convertible from the start. */
const conversionsInput = z.array(z.object({ uom: uomField.schema, baseQtyPerUnit: baseQtyField.schema })).max(ITEM_CONVERSIONS_MAX).optional();

function itemStatusIssues(row: Row): FieldIssue[] {
  if (row.active === false && row.status !== "inactive") {
    return [{ field: "status", rule: "item_inactive", message: "reactivate the item before changing its status" }];
  }
  return [];
}

async function createConversions(row: Row, context: WriteContext): Promise<void> {
  if (context.before) return;
  const conversions = (context.input.conversions as { uom: string; baseQtyPerUnit: string }[] | undefined) ?? [];
  for (const conversion of conversions) {
    await context.createChild("itemUomConversion", { itemId: row.id, ...conversion });
  }
}

export const itemDefinition = defineMaster({
  kind: "item", label: "Item", labelPlural: "Items", permission: ITEMS, table: item,
  fields: [
    field.code("sku", "SKU", { max: SKU_LENGTH_MAX }),
    field.name("description", "Description"),
    field.reference("categoryId", "Category", "itemCategory"),
    // Stock, costs and conversions are all counted in the base unit; changing it would rescale history.
    field.codeReference("baseUom", "Base unit", "unitOfMeasure", { editable: false }),
    field.codeReference("purchaseUom", "Purchase unit", "unitOfMeasure"),
    field.codeReference("salesUom", "Sales unit", "unitOfMeasure"),
    field.decimal("weightKg", "Weight per base unit (kg)", { integerDigitsMax: 8, positive: false }, { presence: "defaulted" }),
    field.select("status", "Status", ["active", "discontinued"], { presence: "defaulted" }),
  ],
  extraCreateShape: { conversions: conversionsInput },
  listColumns: ["sku", "description", "categoryId", "baseUom", "status", "active"], searchFields: ["sku", "description"], orderBy: ["sku"],
  entity: "none",
  references: [
    { field: "categoryId", kind: "itemCategory" }, { field: "baseUom", kind: "unitOfMeasure" },
    { field: "purchaseUom", kind: "unitOfMeasure" }, { field: "salesUom", kind: "unitOfMeasure" },
  ],
  uniqueKeys: [{ fields: ["sku"], field: "sku" }],
  rowIssues: itemStatusIssues,
  checkRow: checkItemUnits,
  activeExtra: (active) => ({ status: active ? "active" : "inactive" }),
  afterWrite: createConversions,
});

export const itemUomConversionDefinition = defineMaster({
  kind: "itemUomConversion", label: "Unit conversion", labelPlural: "Unit conversions", permission: ITEMS, table: itemUomConversion,
  fields: [field.reference("itemId", "Item", "item", { editable: false }), uomField, baseQtyField],
  listColumns: ["uom", "baseQtyPerUnit", "active"], searchFields: ["uom"], orderBy: ["uom"],
  parent: { kind: "item", field: "itemId" }, entity: "none",
  references: [{ field: "itemId", kind: "item" }, { field: "uom", kind: "unitOfMeasure" }],
  uniqueKeys: [{ fields: ["itemId", "uom"], field: "uom" }],
  checkRow: checkConversionUnit,
  beforeDeactivate: checkConversionRemovable,
});
