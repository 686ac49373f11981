import type { Role } from "../governance/permissions";
import type { PostingRole } from "../ledger/posting/types";

/**
 * The demo distributor as plain data. References between records are business codes
 * (entity code, SKU, category code), never database ids: the generator does no I/O and the
 * loader resolves codes to ids as it creates the rows.
 */

export type DemoCurrency = { code: string; name: string; minorUnitDigits: number };

export type DemoExchangeRate = { fromCurrency: string; toCurrency: string; rateDate: string; ratePpm: bigint };

export type DemoEntity = {
  code: string;
  name: string;
  baseCurrency: string;
  timeZone: string;
  valuationMethod: "moving_average" | "fifo";
  taxId: string;
};

export type AccountType = "asset" | "liability" | "equity" | "revenue" | "expense";
export type ControlKind = "ar" | "ap" | "inventory" | "grni";

export type DemoAccount = { code: string; name: string; type: AccountType; isControl: boolean; controlKind: ControlKind | null };

/** One account-determination rule; the same chart and rules are created in every entity. */
export type DemoAccountRule = {
  role: PostingRole;
  accountCode: string;
  itemCategoryCode?: string;
  customerGroupCode?: string;
  priority?: number;
};

export type DemoPaymentTerm = { code: string; name: string; dueDays: number; discountDays: number; discountPpm: bigint };

export type DemoTaxCode = { entityCode: string; code: string; name: string; ratePpm: bigint };

export type DemoAddress = { addressLine1: string; city: string; region: string; postalCode: string; country: string };

export type LocationKind = "bin" | "receiving" | "shipping" | "staging" | "quarantine";
export type DemoLocation = { code: string; name: string; kind: LocationKind };

export type DemoWarehouse = DemoAddress & { entityCode: string; code: string; name: string; locations: DemoLocation[] };

export type DemoUnit = { code: string; name: string };
export type DemoCategory = { code: string; name: string };

export type ItemStatus = "active" | "inactive" | "discontinued";

export type DemoUomConversion = { uom: string; baseQtyPerUnit: string };

export type DemoItem = {
  sku: string;
  description: string;
  categoryCode: string;
  baseUom: string;
  purchaseUom: string;
  salesUom: string;
  /** Base units in one sales unit (1 when the item is sold in its base unit). */
  salesQtyPerUnit: number;
  /** Base units in one case, or null when the item is bought by the base unit (heavy goods). */
  caseQty: number | null;
  weightKg: string;
  status: ItemStatus;
  conversions: DemoUomConversion[];
  /** Standard cost per base unit in each entity's base currency, by entity code. */
  unitCostMinorByEntity: Record<string, bigint>;
};

export type DemoPriceListLine = { sku: string; uom: string; minQty: string; unitPriceMinor: bigint };

export type DemoPriceList = {
  entityCode: string;
  code: string;
  name: string;
  currency: string;
  validFrom: string;
  lines: DemoPriceListLine[];
};

export type CustomerTier = "platinum" | "gold" | "silver" | "standard";

export type DemoShipTo = DemoAddress & { code: string; name: string; isDefault: boolean };

export type DemoCustomer = DemoAddress & {
  entityCode: string;
  code: string;
  name: string;
  tier: CustomerTier;
  groupCode: string;
  currency: string;
  creditLimitMinor: bigint;
  paymentTermCode: string;
  priceListCode: string;
  taxCode: string;
  email: string;
  phone: string;
  taxId: string;
  shipTos: DemoShipTo[];
};

export type DemoCustomerPrice = {
  entityCode: string;
  customerCode: string;
  sku: string;
  uom: string;
  minQty: string;
  unitPriceMinor: bigint;
  validFrom: string;
  validTo: string | null;
};

export type DemoSupplier = DemoAddress & {
  entityCode: string;
  code: string;
  name: string;
  currency: string;
  paymentTermCode: string;
  leadTimeDays: number;
  email: string;
  phone: string;
  taxId: string;
};

export type DemoUser = { username: string; displayName: string; email: string; role: Role };

export type DemoStockLine = { sku: string; locationCode: string; qty: string; unitCostMinor: bigint };

/** One opening-stock document: one warehouse, at most OPENING_LINES_PER_DOCUMENT_MAX lines. */
export type DemoOpeningDocument = { entityCode: string; warehouseCode: string; reference: string; lines: DemoStockLine[] };

export type DemoData = {
  seed: number;
  /** The business date the data is generated for; rates end here, opening stock is a month or so before. */
  asOf: string;
  openingDate: string;
  fiscalYears: number[];
  currencies: DemoCurrency[];
  exchangeRates: DemoExchangeRate[];
  entities: DemoEntity[];
  accounts: DemoAccount[];
  accountRules: DemoAccountRule[];
  paymentTerms: DemoPaymentTerm[];
  taxCodes: DemoTaxCode[];
  units: DemoUnit[];
  categories: DemoCategory[];
  items: DemoItem[];
  warehouses: DemoWarehouse[];
  customerGroups: DemoCategory[];
  priceLists: DemoPriceList[];
  customers: DemoCustomer[];
  customerPrices: DemoCustomerPrice[];
  suppliers: DemoSupplier[];
  users: DemoUser[];
  openingStock: DemoOpeningDocument[];
};
