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

/**
 * An amount in base currency beside its document-currency counterpart (equal when the
 * document is in base currency). Callers convert each part and sum the parts, so that base
 * amounts balance exactly; a total is never converted on its own.
 */
export type DualAmount = { baseMinor: bigint; documentMinor: bigint };

export type RevenueLine = { itemId: number; itemCategoryId: number; warehouseId: number | null; net: DualAmount };

export type PurchaseMatchLine = {
  itemId: number;
  itemCategoryId: number;
  warehouseId: number;
  /** GRNI carried for the matched receipt quantity (receipt value at the receipt's rate). */
  grniCleared: DualAmount;
  /** Invoice line value minus grniCleared, in both currencies: positive = unfavourable. */
  variance: DualAmount;
  /** Purchase price variance, or back to Inventory while the goods are still on hand (policy). */
  varianceTo: "ppv" | "inventory";
};

/** A landed-cost charge's share for one receipt line, split between stock on hand and goods sold. */
export type LandedCostLine = { itemId: number; itemCategoryId: number; warehouseId: number; toInventory: DualAmount; toCogs: DualAmount };

export type CommercialEvent =
  /** Dr AR (total); Cr Revenue per line (by item category and customer group); Cr Sales tax payable. */
  | { type: "sales.invoiced"; customerId: number; customerGroupId: number | null; total: DualAmount; tax: DualAmount; lines: RevenueLine[] }
  /** Dr Sales returns per line; Dr Sales tax payable; Cr AR (total). */
  | { type: "sales.credit_memo"; customerId: number; customerGroupId: number | null; total: DualAmount; tax: DualAmount; lines: RevenueLine[] }
  /**
   * Dr Cash; Cr AR for what is applied (at the invoices' carrying value); Cr Customer deposits for
   * what is not; the difference between cash at today's rate and AR carried is realized FX.
   */
  | { type: "sales.payment_received"; customerId: number; cash: DualAmount; appliedToAr: DualAmount; unapplied: DualAmount }
  /** Unapplied cash later applied: Dr Customer deposits; Cr AR; FX difference realized. */
  | { type: "sales.deposit_applied"; customerId: number; fromDeposits: DualAmount; toAr: DualAmount }
  /** Returned goods at their original cost: restocked (Dr Inventory) or scrapped (Dr Scrap), Cr COGS. */
  | { type: "sales.return_costed"; disposition: "restock" | "scrap"; lines: StockValueLine[] }
  /** Dr GRNI (receipt value); Dr/Cr PPV or Inventory (variance); Cr AP (invoice total); tax to Sales tax payable as recoverable. */
  | { type: "purchase.invoiced"; supplierId: number; total: DualAmount; tax: DualAmount; lines: PurchaseMatchLine[] }
  /** Dr Inventory (share on hand) and COGS (share sold); Cr Landed cost clearing (estimate) or AP (invoiced). */
  | { type: "purchase.landed_cost"; supplierId: number | null; credit: "landed_cost_clearing" | "ap"; total: DualAmount; lines: LandedCostLine[] }
  /** Dr AP (what the payment clears, at carrying value); Cr Cash; Cr Purchase discounts; FX difference realized. */
  | { type: "purchase.payment"; supplierId: number; apCleared: DualAmount; cash: DualAmount; discount: DualAmount }
  /** Dr Rebate receivable; Cr COGS (or Inventory while the goods are on hand). */
  | { type: "purchase.rebate_accrued"; supplierId: number; amountMinor: bigint; credit: "cogs" | "inventory"; itemCategoryId: number | null };

/** Period-close events: accruals, FX revaluation, customer rebates and rebate collection. */
export type CloseEvent =
  /**
   * Unrealized FX on open AR, AP and foreign-currency bank balances, base currency only: a gain
   * (gainMinor > 0) debits the revalued balance and credits FX gain; a loss debits FX loss and
   * credits the balance. Auto-reversing on the first day of the next period.
   */
  | { type: "ledger.fx_revaluation"; lines: { target: "ar" | "ap" | "cash"; customerId?: number | null; supplierId?: number | null; gainMinor: bigint }[] }
  /** Shipped, not invoiced at period end: Dr Unbilled receivables; Cr Revenue per line. Auto-reversing. */
  | { type: "sales.unbilled_accrued"; customerId: number; customerGroupId: number | null; lines: { itemId: number; itemCategoryId: number; warehouseId: number | null; amountMinor: bigint }[] }
  /** Dr Sales rebates (contra revenue); Cr Rebate accrual (a negative amount reverses an excess). */
  | { type: "sales.rebate_accrued"; customerId: number; amountMinor: bigint; itemCategoryId: number | null }
  /** Settled by credit memo: Dr Rebate accrual; Cr AR. */
  | { type: "sales.rebate_settled"; customerId: number; amountMinor: bigint }
  /** The supplier pays the rebate claim: Dr Cash; Cr Rebate receivable. */
  | { type: "purchase.rebate_settled"; supplierId: number; amountMinor: bigint };

/** Intercompany trade of stock: each side posts in its own ledger and currency. */
export type IntercompanyEvent =
  /** Seller: Dr COGS, Cr Inventory at cost per line; Dr IC receivable, Cr IC revenue at the transfer price. */
  | { type: "intercompany.shipped"; lines: StockValueLine[]; transferValueMinor: bigint }
  /** Buyer: Dr Inventory per line at the transfer price in its currency; Cr IC payable. */
  | { type: "intercompany.received"; lines: StockValueLine[] };

export type OperationalEvent =
  | CommercialEvent
  | CloseEvent
  | IntercompanyEvent
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
