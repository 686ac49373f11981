/** Posting roles: what an amount is, before account determination says where it goes. */
export const POSTING_ROLES = [
  "inventory", "in_transit", "grni", "opening_equity", "cogs", "inventory_gain", "shrinkage", "scrap",
  "ar", "revenue", "sales_returns", "tax_payable", "customer_deposits", "ap", "cash", "ppv",
  "purchase_discounts", "landed_cost_clearing", "unbilled_receivables", "fx_gain", "fx_loss",
  "rebate_receivable", "rebate_accrual", "sales_rebates", "ic_receivable", "ic_payable", "ic_revenue",
  "retained_earnings", "translation_reserve",
] as const;
export type PostingRole = (typeof POSTING_ROLES)[number];

export type Side = "debit" | "credit";

/** The dimensions account-determination rules may narrow on. */
export type RuleDimensions = {
  itemCategoryId?: number | null;
  customerGroupId?: number | null;
  warehouseId?: number | null;
};

/** Analysis references written on the journal line. */
export type LineReferences = {
  itemId?: number | null;
  warehouseId?: number | null;
  customerId?: number | null;
  supplierId?: number | null;
  memo?: string | null;
};

export type RoleLine = LineReferences & {
  role: PostingRole;
  side: Side;
  /** Base-currency amount, positive. */
  amountMinor: bigint;
  dimensions: RuleDimensions;
  /** Document-currency amount when the event is not in base currency. */
  documentAmountMinor?: bigint;
};

export type StockValueLine = {
  itemId: number;
  itemCategoryId: number;
  warehouseId: number;
  /** Value at cost in base currency, never negative. */
  valueMinor: bigint;
};

export type OperationalEvent =
  | { type: "stock.opening"; lines: StockValueLine[] }
  | { type: "stock.received"; lines: StockValueLine[] }
  | { type: "stock.issued"; purpose: "sale" | "scrap"; lines: StockValueLine[] }
  | { type: "stock.adjusted"; lines: (StockValueLine & { direction: "gain" | "loss" })[] }
  | { type: "stock.transferred"; lines: (StockValueLine & { toWarehouseId: number })[] };

export type EventType = OperationalEvent["type"];

export type EventEnvelope = {
  entityId: number;
  /** Business date in the entity's time zone, YYYY-MM-DD. */
  postingDate: string;
  description: string;
  sourceType: string;
  sourceId: number | null;
  idempotencyKey?: string | null;
  /** Document currency when it differs from base; amounts in RoleLine carry both. */
  documentCurrency?: string | null;
};
