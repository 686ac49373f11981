// Plain, serializable shapes that the sales server actions hand to the client forms. Money is
// formatted on the server (at the currency's digits) so no bigint crosses into the browser.
import type { DomainError } from "../../core/shared/errors";

export type CustomerOption = { id: number; code: string; name: string; entityId: number; entityCode: string; tier: string; currency: string };

export type CustomerContext = {
  customer: CustomerOption & { paymentTermCode: string; creditLimit: string };
  shipTos: { id: number; code: string; name: string; city: string; isDefault: boolean }[];
  warehouses: { id: number; code: string; name: string }[];
  /** The customer's entity's business date today. */
  today: string;
  currencyDigits: number;
};

export type ItemUnit = { uom: string; baseQtyPerUnit: string };
export type ItemOption = { id: number; sku: string; description: string; baseUom: string; salesUom: string | null; units: ItemUnit[] };

/** One line as the entry form holds it: text as typed, ids as chosen. */
export type EntryLine = { itemId: number | null; warehouseId: string; uom: string; qty: string; price: string };

export type EntryPayload = {
  customerId: number | null;
  shipToId: string;
  channel: string;
  customerPoNumber: string;
  orderDate: string;
  requestedDate: string;
  validUntil: string;
  note: string;
  lines: EntryLine[];
  idempotencyKey: string;
};

export type AtpView = {
  warehouseCode: string; onHand: string; allocated: string; backorderedAhead: string; availableNow: string; canShipToday: string;
  promiseDate: string | null; receipts: { date: string; qty: string; documentNumber: string }[];
};

export type CheckLine = {
  index: number;
  error: string | null;
  price: {
    unitPrice: string; listPrice: string; source: string; sourceRef: string; lineValue: string;
    margin: string; marginFloor: string; belowFloor: boolean; unitCost: string; costBasis: string;
  } | null;
  atp: { baseQty: string; baseUom: string; best: string | null; warehouses: AtpView[] } | null;
};

export type CreditView = {
  limit: string; openAr: string; openOrders: string; exposure: string; thisOrder: string; exposureWithOrder: string;
  overLimit: string; overdueInvoices: number; overdue: string; onHold: boolean; reasons: string[];
};

export type CheckResult = { lines: CheckLine[]; credit: CreditView | null; duplicatePoOrders: string[]; orderValue: string };

export type SubstituteView = {
  itemId: number; sku: string; description: string; available: string; warehouses: { id: number; code: string; qty: string }[];
  uom: string; qty: string; unitPrice: string | null; margin: string | null; marginImpact: string | null;
};

export type ProposalView = {
  orderLineId: number; lineNumber: number; sku: string; backordered: string;
  substitutes: SubstituteView[];
  otherWarehouses: { warehouseId: number; code: string; canShipToday: string; margin: string; marginImpact: string }[];
  supplierLeadTime: { supplierCode: string; supplierName: string; leadTimeDays: number; preferred: boolean } | null;
};

export type OrderLineView = {
  id: number; lineNumber: number; sku: string; description: string; warehouseCode: string; uom: string; qty: string;
  ordered: string; allocated: string; shipped: string; cancelled: string; backordered: string; status: string;
  unitPrice: string; priceSource: string; margin: string; promisedDate: string | null; substituteForItemId: number | null;
  pricingRequestId: number | null;
};

export type OrderView = {
  orderId: number; orderNumber: string; status: string; customerCode: string; customerName: string; currency: string; total: string;
  creditRequestId: number | null; creditHoldReason: string | null; pricingRequestId: number | null;
  lines: OrderLineView[]; warnings: string[]; proposals: ProposalView[]; replayed: boolean;
};

export type QuoteView = { quoteId: number; quoteNumber: string; total: string; belowFloorLines: number[] };

/** What an entry action answers: the order (or quote) made, or the refusal with its fields. */
export type EntryState<T> = {
  version: number;
  ok: T | null;
  error: string | null;
  code: string | null;
  /** Keyed by the input path core names: "customerId", "lines.0.qty". */
  fieldErrors: Record<string, string>;
};

export function initialEntryState<T>(): EntryState<T> {
  return { version: 0, ok: null, error: null, code: null, fieldErrors: {} };
}

/** A DomainError as entry state: every issue (and a "field: message" refusal) keyed by its path. */
export function entryErrorState<T>(previous: { version: number }, error: DomainError): EntryState<T> {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) fieldErrors[issue.field] = fieldErrors[issue.field] ? `${fieldErrors[issue.field]}; ${issue.message}` : issue.message;
  const prefixed = /^([A-Za-z][\w.]*): (.+)$/.exec(error.userMessage);
  if (error.issues.length === 0 && prefixed) fieldErrors[prefixed[1]!] = prefixed[2]!;
  return { version: previous.version + 1, ok: null, error: error.userMessage, code: error.code, fieldErrors };
}
