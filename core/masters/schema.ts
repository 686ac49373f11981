import { sql } from "drizzle-orm";
import { bigint, boolean, check, date, index, integer, numeric, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAtColumn, idColumn, moneyColumn, qtyColumn, refColumn, updatedAtColumn } from "../shared/columns";

export const currency = pgTable("currency", {
  code: text("code").primaryKey(),
  name: text("name").notNull(),
  minorUnitDigits: integer("minor_unit_digits").notNull(),
  active: boolean("active").notNull().default(true),
}, (t) => [
  check("currency_code_iso", sql`${t.code} ~ '^[A-Z]{3}$'`),
  check("currency_digits_range", sql`${t.minorUnitDigits} between 0 and 4`),
]);

export const legalEntity = pgTable("legal_entity", {
  id: idColumn(),
  code: text("code").notNull(),
  name: text("name").notNull(),
  baseCurrency: text("base_currency").notNull().references(() => currency.code),
  timeZone: text("time_zone").notNull(),
  valuationMethod: text("valuation_method").notNull().default("moving_average"),
  taxId: text("tax_id"),
  active: boolean("active").notNull().default(true),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
}, (t) => [
  uniqueIndex("legal_entity_code_key").on(t.code),
  check("legal_entity_valuation_method", sql`${t.valuationMethod} in ('moving_average', 'fifo')`),
]);

export const exchangeRate = pgTable("exchange_rate", {
  id: idColumn(),
  fromCurrency: text("from_currency").notNull().references(() => currency.code),
  toCurrency: text("to_currency").notNull().references(() => currency.code),
  rateDate: date("rate_date").notNull(),
  /** Units of toCurrency per unit of fromCurrency, in parts per million. */
  ratePpm: bigint("rate_ppm", { mode: "bigint" }).notNull(),
  active: boolean("active").notNull().default(true),
  createdAt: createdAtColumn(),
}, (t) => [
  uniqueIndex("exchange_rate_pair_date_key").on(t.fromCurrency, t.toCurrency, t.rateDate),
  check("exchange_rate_positive", sql`${t.ratePpm} > 0`),
  check("exchange_rate_distinct", sql`${t.fromCurrency} <> ${t.toCurrency}`),
]);

export const account = pgTable("account", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  code: text("code").notNull(),
  name: text("name").notNull(),
  type: text("type").notNull(),
  /** Control accounts are fed only by their subledger (AR, AP, inventory, GRNI). */
  isControl: boolean("is_control").notNull().default(false),
  controlKind: text("control_kind"),
  active: boolean("active").notNull().default(true),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
}, (t) => [
  uniqueIndex("account_entity_code_key").on(t.entityId, t.code),
  check("account_type_known", sql`${t.type} in ('asset', 'liability', 'equity', 'revenue', 'expense')`),
  check("account_control_kind", sql`(${t.isControl} and ${t.controlKind} is not null) or (not ${t.isControl} and ${t.controlKind} is null)`),
]);

export const warehouse = pgTable("warehouse", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  code: text("code").notNull(),
  name: text("name").notNull(),
  addressLine1: text("address_line1"),
  city: text("city"),
  region: text("region"),
  postalCode: text("postal_code"),
  country: text("country"),
  /** The entity's in-transit location: stock between a transfer's shipping and receiving. */
  isTransit: boolean("is_transit").notNull().default(false),
  active: boolean("active").notNull().default(true),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
}, (t) => [uniqueIndex("warehouse_code_key").on(t.code)]);

export const location = pgTable("location", {
  id: idColumn(),
  warehouseId: refColumn("warehouse_id").notNull().references(() => warehouse.id),
  code: text("code").notNull(),
  name: text("name").notNull(),
  kind: text("kind").notNull().default("bin"),
  active: boolean("active").notNull().default(true),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
}, (t) => [
  uniqueIndex("location_warehouse_code_key").on(t.warehouseId, t.code),
  check("location_kind_known", sql`${t.kind} in ('bin', 'receiving', 'shipping', 'staging', 'quarantine')`),
]);

export const unitOfMeasure = pgTable("unit_of_measure", {
  code: text("code").primaryKey(),
  name: text("name").notNull(),
  active: boolean("active").notNull().default(true),
});

export const itemCategory = pgTable("item_category", {
  id: idColumn(),
  code: text("code").notNull(),
  name: text("name").notNull(),
  active: boolean("active").notNull().default(true),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
}, (t) => [uniqueIndex("item_category_code_key").on(t.code)]);

export const item = pgTable("item", {
  id: idColumn(),
  sku: text("sku").notNull(),
  description: text("description").notNull(),
  categoryId: refColumn("category_id").notNull().references(() => itemCategory.id),
  baseUom: text("base_uom").notNull().references(() => unitOfMeasure.code),
  purchaseUom: text("purchase_uom").notNull().references(() => unitOfMeasure.code),
  salesUom: text("sales_uom").notNull().references(() => unitOfMeasure.code),
  /** Weight of one base unit in kilograms. */
  weightKg: numeric("weight_kg", { precision: 12, scale: 4 }).notNull().default("0"),
  status: text("status").notNull().default("active"),
  active: boolean("active").notNull().default(true),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
}, (t) => [
  uniqueIndex("item_sku_key").on(t.sku),
  index("item_category_idx").on(t.categoryId),
  check("item_status_known", sql`${t.status} in ('active', 'inactive', 'discontinued')`),
]);

/** How many base units one unit of `uom` holds for this item (CS = 12 EA). */
export const itemUomConversion = pgTable("item_uom_conversion", {
  id: idColumn(),
  itemId: refColumn("item_id").notNull().references(() => item.id),
  uom: text("uom").notNull().references(() => unitOfMeasure.code),
  baseQtyPerUnit: qtyColumn("base_qty_per_unit").notNull(),
  active: boolean("active").notNull().default(true),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
}, (t) => [
  uniqueIndex("item_uom_conversion_key").on(t.itemId, t.uom),
  check("item_uom_conversion_positive", sql`${t.baseQtyPerUnit} > 0`),
]);

export const paymentTerm = pgTable("payment_term", {
  code: text("code").primaryKey(),
  name: text("name").notNull(),
  dueDays: integer("due_days").notNull(),
  discountDays: integer("discount_days").notNull().default(0),
  discountPpm: bigint("discount_ppm", { mode: "bigint" }).notNull().default(sql`0`),
  active: boolean("active").notNull().default(true),
}, (t) => [check("payment_term_days", sql`${t.dueDays} >= 0 and ${t.discountDays} >= 0`)]);

export const taxCode = pgTable("tax_code", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  code: text("code").notNull(),
  name: text("name").notNull(),
  ratePpm: bigint("rate_ppm", { mode: "bigint" }).notNull(),
  active: boolean("active").notNull().default(true),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
}, (t) => [
  uniqueIndex("tax_code_entity_code_key").on(t.entityId, t.code),
  check("tax_code_rate_range", sql`${t.ratePpm} >= 0 and ${t.ratePpm} <= 1000000`),
]);

export const priceList = pgTable("price_list", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  code: text("code").notNull(),
  name: text("name").notNull(),
  currency: text("currency").notNull().references(() => currency.code),
  validFrom: date("valid_from"),
  validTo: date("valid_to"),
  active: boolean("active").notNull().default(true),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
}, (t) => [uniqueIndex("price_list_entity_code_key").on(t.entityId, t.code)]);

/** One price per item, unit and quantity break; the highest break not above the ordered quantity applies. */
export const priceListLine = pgTable("price_list_line", {
  id: idColumn(),
  priceListId: refColumn("price_list_id").notNull().references(() => priceList.id),
  itemId: refColumn("item_id").notNull().references(() => item.id),
  uom: text("uom").notNull().references(() => unitOfMeasure.code),
  minQty: qtyColumn("min_qty").notNull().default("1"),
  unitPriceMinor: moneyColumn("unit_price_minor").notNull(),
  active: boolean("active").notNull().default(true),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
}, (t) => [
  uniqueIndex("price_list_line_break_key").on(t.priceListId, t.itemId, t.uom, t.minQty),
  check("price_list_line_price_positive", sql`${t.unitPriceMinor} >= 0`),
  check("price_list_line_min_qty_positive", sql`${t.minQty} > 0`),
]);

export const customerGroup = pgTable("customer_group", {
  id: idColumn(),
  code: text("code").notNull(),
  name: text("name").notNull(),
  active: boolean("active").notNull().default(true),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
}, (t) => [uniqueIndex("customer_group_code_key").on(t.code)]);

export const customer = pgTable("customer", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  code: text("code").notNull(),
  name: text("name").notNull(),
  tier: text("tier").notNull().default("standard"),
  groupId: refColumn("group_id").references(() => customerGroup.id),
  currency: text("currency").notNull().references(() => currency.code),
  creditLimitMinor: moneyColumn("credit_limit_minor").notNull().default(sql`0`),
  paymentTermCode: text("payment_term_code").notNull().references(() => paymentTerm.code),
  priceListId: refColumn("price_list_id").references(() => priceList.id),
  taxCodeId: refColumn("tax_code_id").references(() => taxCode.id),
  email: text("email"),
  phone: text("phone"),
  taxId: text("tax_id"),
  addressLine1: text("address_line1"),
  city: text("city"),
  region: text("region"),
  postalCode: text("postal_code"),
  country: text("country"),
  active: boolean("active").notNull().default(true),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
}, (t) => [
  uniqueIndex("customer_entity_code_key").on(t.entityId, t.code),
  index("customer_name_idx").on(t.name),
  check("customer_tier_known", sql`${t.tier} in ('platinum', 'gold', 'silver', 'standard')`),
  check("customer_credit_limit_nonnegative", sql`${t.creditLimitMinor} >= 0`),
]);

export const customerShipTo = pgTable("customer_ship_to", {
  id: idColumn(),
  customerId: refColumn("customer_id").notNull().references(() => customer.id),
  code: text("code").notNull(),
  name: text("name").notNull(),
  addressLine1: text("address_line1").notNull(),
  city: text("city").notNull(),
  region: text("region"),
  postalCode: text("postal_code"),
  country: text("country").notNull(),
  isDefault: boolean("is_default").notNull().default(false),
  active: boolean("active").notNull().default(true),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
}, (t) => [uniqueIndex("customer_ship_to_code_key").on(t.customerId, t.code)]);

/** A price agreed with one customer; it beats the price list when valid. */
export const customerPrice = pgTable("customer_price", {
  id: idColumn(),
  customerId: refColumn("customer_id").notNull().references(() => customer.id),
  itemId: refColumn("item_id").notNull().references(() => item.id),
  uom: text("uom").notNull().references(() => unitOfMeasure.code),
  minQty: qtyColumn("min_qty").notNull().default("1"),
  unitPriceMinor: moneyColumn("unit_price_minor").notNull(),
  validFrom: date("valid_from"),
  validTo: date("valid_to"),
  active: boolean("active").notNull().default(true),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
}, (t) => [
  uniqueIndex("customer_price_break_key").on(t.customerId, t.itemId, t.uom, t.minQty),
  check("customer_price_positive", sql`${t.unitPriceMinor} >= 0`),
]);

export const supplier = pgTable("supplier", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  code: text("code").notNull(),
  name: text("name").notNull(),
  currency: text("currency").notNull().references(() => currency.code),
  paymentTermCode: text("payment_term_code").notNull().references(() => paymentTerm.code),
  leadTimeDays: integer("lead_time_days").notNull(),
  /** Remittance details: a governed field group, changed only through approval. */
  bankName: text("bank_name"),
  bankAccountNumber: text("bank_account_number"),
  bankRoutingCode: text("bank_routing_code"),
  email: text("email"),
  phone: text("phone"),
  taxId: text("tax_id"),
  addressLine1: text("address_line1"),
  city: text("city"),
  region: text("region"),
  postalCode: text("postal_code"),
  country: text("country"),
  active: boolean("active").notNull().default(true),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
}, (t) => [
  uniqueIndex("supplier_entity_code_key").on(t.entityId, t.code),
  index("supplier_name_idx").on(t.name),
  check("supplier_lead_time_nonnegative", sql`${t.leadTimeDays} >= 0`),
]);
