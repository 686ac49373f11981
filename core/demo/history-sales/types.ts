// The planned quote-to-cash history as plain data: what customers ask for and when. Like the rest
// of the demo generator it refers to records by business code (entity, customer, SKU, warehouse)
// and is a pure function of the seed and the business date. What the commands then do with it
// (allocation, holds, backorders, invoices) follows from the database as the loader runs it.

export type PayerProfile = "prompt" | "discount" | "slow" | "late" | "cod";
export type OrderChannel = "phone" | "web" | "edi" | "api";
/** Who keys a document: the sales desk, or the system for web, EDI and API orders and portal RMAs. */
export type Keyer = "sales" | "system";

export type PlannedLine = {
  sku: string;
  warehouseCode: string;
  uom: string;
  /** In `uom`, a whole number. */
  qty: string;
  /** An EDI order's own price per `uom` that disagrees with ours: a manual price, so a pricing override. */
  customerPriceMinor: bigint | null;
};

export type PlannedOrder = {
  /** Stable per entity (ENTITY-O-000123); runtime decisions draw from a stream named after it. */
  key: string;
  entityCode: string;
  customerCode: string;
  shipToCode: string;
  date: string;
  requestedDate: string;
  channel: OrderChannel;
  keyedBy: Keyer;
  customerPoNumber: string | null;
  lines: PlannedLine[];
};

export type QuoteOutcome =
  | { kind: "convert"; date: string; lineNumbers: number[] | null }
  | { kind: "expire" };

export type PlannedQuote = {
  key: string;
  entityCode: string;
  customerCode: string;
  shipToCode: string;
  date: string;
  validUntil: string;
  lines: PlannedLine[];
  outcome: QuoteOutcome;
};

export type PlannedCustomer = {
  entityCode: string;
  code: string;
  payer: PayerProfile;
  /** Relative order frequency: tier times a long-tailed draw, so a few accounts dominate. */
  weight: number;
  method: "ach" | "wire" | "check" | "card";
  /** Orders sized against the credit limit, so the account runs near it. */
  stretched: boolean;
  /** The weekday (1 = Monday … 5 = Friday) of the customer's weekly payment run. */
  paymentWeekday: number;
  /** A key account in dispute: invoices from this date on stay unpaid (so AR ages into every bucket). */
  stopsPayingOn: string | null;
};

/** An item a warehouse sells, with how much of it the plan sells a week (base units). */
export type AssortmentItem = {
  sku: string;
  warehouseCode: string;
  weeklyDemandBaseQty: number;
  /** The average planned line (base units): slow movers are stocked for a line or two, not a week. */
  lineBaseQty: number;
  /** Base units the replenishment receipts round up to (a case, else a sales unit). */
  packBaseQty: number;
  /** Not stocked here: bought to order once a month for what waits, so its lines backorder (and take substitutes). */
  specialOrder: boolean;
};

export type SubstitutePair = { sku: string; substituteSku: string };

export type EntityPlan = {
  entityCode: string;
  quotes: PlannedQuote[];
  orders: PlannedOrder[];
  assortment: AssortmentItem[];
};

export type SalesHistoryPlan = {
  seed: number;
  asOf: string;
  /** First and last business date of the history (the last is the day before asOf or earlier). */
  startDate: string;
  endDate: string;
  /** Fiscal years the history posts into that the base demo does not create. */
  extraFiscalYears: number[];
  /** Set when the history starts before the demo's price lists: the date the loader back-dates them to. */
  priceListsValidFrom: string | null;
  customers: PlannedCustomer[];
  substitutes: SubstitutePair[];
  entities: EntityPlan[];
};
