import { assert } from "../shared/assert";
import type { MasterDefinition } from "./definition";
import { customerDefinition, customerGroupDefinition, customerShipToDefinition } from "./kinds/customers";
import {
  accountDefinition, currencyDefinition, exchangeRateDefinition, legalEntityDefinition, paymentTermDefinition, taxCodeDefinition,
} from "./kinds/finance";
import { itemCategoryDefinition, itemDefinition, itemUomConversionDefinition, unitOfMeasureDefinition } from "./kinds/items";
import { customerPriceDefinition, priceListDefinition, priceListLineDefinition } from "./kinds/prices";
import { supplierDefinition } from "./kinds/suppliers";
import { locationDefinition, warehouseDefinition } from "./kinds/warehouses";
import type { MasterKind, MasterKindDescriptor } from "./types";

/** The one registry: every master kind and how the generic commands handle it. */
const MASTER_DEFINITIONS: Record<MasterKind, MasterDefinition> = {
  legalEntity: legalEntityDefinition,
  currency: currencyDefinition,
  exchangeRate: exchangeRateDefinition,
  account: accountDefinition,
  warehouse: warehouseDefinition,
  location: locationDefinition,
  unitOfMeasure: unitOfMeasureDefinition,
  itemCategory: itemCategoryDefinition,
  item: itemDefinition,
  itemUomConversion: itemUomConversionDefinition,
  paymentTerm: paymentTermDefinition,
  taxCode: taxCodeDefinition,
  priceList: priceListDefinition,
  priceListLine: priceListLineDefinition,
  customerGroup: customerGroupDefinition,
  customer: customerDefinition,
  customerShipTo: customerShipToDefinition,
  customerPrice: customerPriceDefinition,
  supplier: supplierDefinition,
};

for (const [kind, def] of Object.entries(MASTER_DEFINITIONS)) {
  assert(def.descriptor.kind === kind, `registry entry ${kind} describes ${def.descriptor.kind}`);
}

export const MASTER_KIND_NAMES = Object.keys(MASTER_DEFINITIONS) as MasterKind[];

/** What the UI and other contexts read: labels, permissions, zod schemas and form fields per kind. */
export const MASTER_KINDS = Object.fromEntries(
  MASTER_KIND_NAMES.map((kind) => [kind, MASTER_DEFINITIONS[kind].descriptor]),
) as { [K in MasterKind]: MasterKindDescriptor<K> };

export function isMasterKind(value: string): value is MasterKind {
  return Object.prototype.hasOwnProperty.call(MASTER_DEFINITIONS, value);
}

export function definitionOf(kind: MasterKind): MasterDefinition {
  const def = MASTER_DEFINITIONS[kind];
  assert(def !== undefined, `unknown master kind ${String(kind)}`);
  return def;
}
