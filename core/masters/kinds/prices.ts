import { defineMaster } from "../definition";
import { field } from "../fields";
import { checkPricedUnit } from "../rules/units";
import { validityIssues } from "../rules/issues";
import { customerPrice, priceList, priceListLine } from "../schema";

const PRICES = "masters.prices:write" as const;

const minQtyField = field.decimal("minQty", "Minimum quantity", { integerDigitsMax: 14, positive: true }, { presence: "defaulted" });

export const priceListDefinition = defineMaster({
  kind: "priceList", label: "Price list", labelPlural: "Price lists", permission: PRICES, table: priceList,
  fields: [
    field.reference("entityId", "Entity", "legalEntity", { editable: false }),
    field.code("code", "Code"),
    field.name("name", "Name"),
    // Every line's price is in this currency; changing it would reprice the whole list silently.
    field.codeReference("currency", "Currency", "currency", { editable: false }),
    field.date("validFrom", "Valid from"),
    field.date("validTo", "Valid to"),
  ],
  listColumns: ["code", "name", "currency", "validFrom", "validTo", "active"], searchFields: ["code", "name"], orderBy: ["code"],
  entity: "column", references: [{ field: "entityId", kind: "legalEntity" }, { field: "currency", kind: "currency" }],
  uniqueKeys: [{ fields: ["entityId", "code"], field: "code" }], rowIssues: validityIssues,
});

export const priceListLineDefinition = defineMaster({
  kind: "priceListLine", label: "Price list line", labelPlural: "Price list lines", permission: PRICES, table: priceListLine,
  fields: [
    field.reference("priceListId", "Price list", "priceList", { editable: false }),
    field.reference("itemId", "Item", "item", { editable: false }),
    field.codeReference("uom", "Unit", "unitOfMeasure", { editable: false }),
    minQtyField,
    field.money("unitPriceMinor", "Unit price", "parent"),
  ],
  listColumns: ["itemId", "uom", "minQty", "unitPriceMinor", "active"], searchFields: ["uom"], orderBy: ["itemId", "uom", "minQty"],
  parent: { kind: "priceList", field: "priceListId" }, entity: "parent",
  references: [{ field: "priceListId", kind: "priceList" }, { field: "itemId", kind: "item" }, { field: "uom", kind: "unitOfMeasure" }],
  uniqueKeys: [{ fields: ["priceListId", "itemId", "uom", "minQty"], field: "minQty" }],
  createDefaults: { minQty: "1" },
  checkRow: checkPricedUnit,
});

export const customerPriceDefinition = defineMaster({
  kind: "customerPrice", label: "Customer price", labelPlural: "Customer prices", permission: PRICES, table: customerPrice,
  fields: [
    field.reference("customerId", "Customer", "customer", { editable: false }),
    field.reference("itemId", "Item", "item", { editable: false }),
    field.codeReference("uom", "Unit", "unitOfMeasure", { editable: false }),
    minQtyField,
    field.money("unitPriceMinor", "Unit price", "parent"),
    field.date("validFrom", "Valid from"),
    field.date("validTo", "Valid to"),
  ],
  listColumns: ["itemId", "uom", "minQty", "unitPriceMinor", "validFrom", "validTo", "active"], searchFields: ["uom"],
  orderBy: ["itemId", "uom", "minQty"], parent: { kind: "customer", field: "customerId" }, entity: "parent",
  references: [{ field: "customerId", kind: "customer" }, { field: "itemId", kind: "item" }, { field: "uom", kind: "unitOfMeasure" }],
  uniqueKeys: [{ fields: ["customerId", "itemId", "uom", "minQty"], field: "minQty" }],
  createDefaults: { minQty: "1" },
  rowIssues: validityIssues,
  checkRow: checkPricedUnit,
});
