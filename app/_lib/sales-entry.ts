// Order entry on the server: the form's text becomes core input (the customer's entity, money
// typed in major units at the currency's digits), and the "Check" gathers price, margin, ATP,
// credit and duplicate PO numbers for the lines as typed, through core's read functions only.
import type { Tx } from "../../core/db/client";
import type { SessionUser } from "../../core/governance";
import { getMasterOrThrow, toBaseQty } from "../../core/masters";
import {
  availableToPromise, creditExposure, getLineProposals, getSalesOrderOrThrow, lineValueMinor, listSalesOrders, lookupPrice, marginBpsOf,
  type LineProposals, type OrderChannel, type ResolvedPrice, type SalesOrderDetail,
} from "../../core/sales";
import { DomainError, isDomainError, SharedError } from "../../core/shared/errors";
import { applyRatePpm } from "../../core/shared/money";
import { formatQty, parseQty } from "../../core/shared/quantity";
import { digitsOf, money, type CurrencyDigits } from "./format";
import { loadCurrencyDigits } from "./reference-data";
import { minorOfText, percentOfBps, qtyOf } from "./sales-format";
import type { AtpView, CheckLine, CheckResult, CreditView, EntryLine, EntryPayload, OrderView } from "./sales-types";
import { orderView } from "./sales-views";

const DUPLICATE_PO_SCAN_MAX = 50;

function required(field: string, message: string): DomainError {
  return new DomainError(SharedError.VALIDATION_FAILED, "invalid", `${field}: ${message}`, {}, { issues: [{ field, rule: "required", message }] });
}

function optionalId(text: string): number | null {
  return /^\d{1,15}$/.test(text.trim()) ? Number(text.trim()) : null;
}

function optionalText(text: string): string | null {
  return text.trim() === "" ? null : text.trim();
}

type Customer = { id: number; entityId: number; currency: string };

async function customerOf(tx: Tx, user: SessionUser, payload: EntryPayload): Promise<Customer> {
  if (!payload.customerId) throw required("customerId", "choose a customer");
  const row = await getMasterOrThrow(tx, user, "customer", Number(payload.customerId));
  return { id: row.id, entityId: row.entityId, currency: row.currency };
}

/** The lines the user filled in (a blank trailing row is not a line). */
function filledLines(lines: EntryLine[]): EntryLine[] {
  return lines.filter((l) => l.itemId !== null || l.qty.trim() !== "" || l.price.trim() !== "");
}

function lineInputs(lines: EntryLine[], digits: number) {
  const filled = filledLines(lines);
  if (filled.length === 0) throw required("lines", "add at least one line");
  return filled.map((line, index) => {
    if (line.itemId === null) throw required(`lines.${index}.itemId`, "choose an item");
    const price = line.price.trim();
    return {
      itemId: line.itemId, warehouseId: optionalId(line.warehouseId), uom: line.uom, qty: line.qty.trim(),
      unitPriceMinor: price === "" ? null : minorOfText(price, digits, `lines.${index}.unitPriceMinor`),
    };
  });
}

export async function orderInputOf(tx: Tx, user: SessionUser, payload: EntryPayload) {
  const customer = await customerOf(tx, user, payload);
  const digits = digitsOf(await loadCurrencyDigits(tx, user), customer.currency);
  return {
    entityId: customer.entityId, customerId: customer.id, shipToId: optionalId(payload.shipToId), channel: payload.channel as OrderChannel,
    customerPoNumber: optionalText(payload.customerPoNumber), orderDate: payload.orderDate, requestedDate: optionalText(payload.requestedDate),
    lines: lineInputs(payload.lines, digits).map((l) => ({ ...l, requestedDate: optionalText(payload.requestedDate) })),
    idempotencyKey: optionalText(payload.idempotencyKey),
  };
}

export async function quoteInputOf(tx: Tx, user: SessionUser, payload: EntryPayload) {
  const customer = await customerOf(tx, user, payload);
  const digits = digitsOf(await loadCurrencyDigits(tx, user), customer.currency);
  return {
    entityId: customer.entityId, customerId: customer.id, shipToId: optionalId(payload.shipToId), quoteDate: payload.orderDate, validUntil: payload.validUntil,
    note: optionalText(payload.note), lines: lineInputs(payload.lines, digits), idempotencyKey: optionalText(payload.idempotencyKey),
  };
}

function atpView(warehouse: Awaited<ReturnType<typeof availableToPromise>>["warehouses"][number]): AtpView {
  return {
    warehouseCode: warehouse.warehouseCode, onHand: qtyOf(warehouse.onHandBaseQty), allocated: qtyOf(warehouse.allocatedBaseQty),
    backorderedAhead: qtyOf(warehouse.backorderedAheadBaseQty), availableNow: qtyOf(warehouse.availableNowBaseQty), canShipToday: qtyOf(warehouse.canShipTodayBaseQty),
    promiseDate: warehouse.promiseDate, receipts: warehouse.scheduledReceipts.map((r) => ({ date: r.date, qty: qtyOf(r.baseQty), documentNumber: r.documentNumber })),
  };
}

type LineCheck = { view: CheckLine; valueMinor: bigint; rate: bigint | null };

async function checkLine(tx: Tx, user: SessionUser, ctx: { customer: Customer; date: string; requestDate: string; digits: CurrencyDigits }, line: ReturnType<typeof lineInputs>[number], index: number): Promise<LineCheck> {
  const view: CheckLine = { index, error: null, price: null, atp: null };
  const currencyDigits = digitsOf(ctx.digits, ctx.customer.currency);
  const show = (minor: bigint, currency: string) => `${money(minor, digitsOf(ctx.digits, currency))} ${currency}`;
  let valueMinor = 0n;
  let rate: bigint | null = null;
  let baseQty: string;
  try {
    const price: ResolvedPrice = await lookupPrice(tx, user, { entityId: ctx.customer.entityId, customerId: ctx.customer.id, itemId: line.itemId, uom: line.uom, qty: line.qty, date: ctx.date, warehouseId: line.warehouseId });
    const unitPriceMinor = line.unitPriceMinor ?? price.unitPriceMinor;
    const marginBps = line.unitPriceMinor === null ? price.marginBps : marginBpsOf(applyRatePpm(unitPriceMinor, price.exchangeRatePpm, "halfEven"), price.unitCostMinor, parseQty(price.baseQtyPerUnit));
    valueMinor = lineValueMinor(unitPriceMinor, parseQty(line.qty));
    rate = price.exchangeRatePpm;
    baseQty = price.baseQty;
    view.price = {
      unitPrice: `${money(unitPriceMinor, currencyDigits)} ${price.currency}`, listPrice: show(price.listPriceMinor, price.currency),
      source: line.unitPriceMinor === null ? price.source : "manual_override", sourceRef: line.unitPriceMinor === null ? price.sourceRef : `resolved ${price.source} ${price.sourceRef}`,
      lineValue: show(valueMinor, price.currency), margin: percentOfBps(marginBps), marginFloor: percentOfBps(price.marginFloorBps),
      belowFloor: marginBps < price.marginFloorBps, unitCost: show(price.unitCostMinor, price.baseCurrency), costBasis: price.costBasis,
    };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    view.error = error.userMessage.replace(/^[\w.]+: /, "");
    baseQty = formatQty(await toBaseQty(tx, line.itemId, line.uom, line.qty).catch(() => 0n));
  }
  if (parseQty(baseQty) > 0n) {
    const atp = await availableToPromise(tx, user, { entityId: ctx.customer.entityId, itemId: line.itemId, baseQty, requestDate: ctx.requestDate, customerId: ctx.customer.id });
    view.atp = { baseQty: qtyOf(atp.baseQty), baseUom: atp.baseUom, best: atp.best ? `${atp.best.warehouseCode} on ${atp.best.promiseDate}` : null, warehouses: atp.warehouses.map(atpView) };
  }
  return { view, valueMinor, rate };
}

async function creditView(tx: Tx, user: SessionUser, customer: Customer, date: string, checks: LineCheck[], digits: CurrencyDigits): Promise<CreditView> {
  const position = await creditExposure(tx, user, { entityId: customer.entityId, customerId: customer.id, date });
  // Each line converted on its own, like order entry values them, then summed.
  const thisOrderBase = checks.reduce((sum, c) => sum + (c.rate === null ? 0n : applyRatePpm(c.valueMinor, c.rate, "halfEven")), 0n);
  const base = (minor: bigint) => `${money(minor, digitsOf(digits, position.baseCurrency))} ${position.baseCurrency}`;
  const withOrder = position.exposureBaseMinor + thisOrderBase;
  const over = withOrder > position.limitBaseMinor ? withOrder - position.limitBaseMinor : 0n;
  return {
    limit: base(position.limitBaseMinor), openAr: base(position.openArBaseMinor), openOrders: base(position.openOrdersBaseMinor), exposure: base(position.exposureBaseMinor),
    thisOrder: base(thisOrderBase), exposureWithOrder: base(withOrder), overLimit: base(over), overdueInvoices: position.overdueInvoiceCount,
    overdue: base(position.overdueBaseMinor), onHold: over > 0n || position.overdueInvoiceCount > 0,
    reasons: [...(over > 0n ? [`this order takes exposure ${base(over)} over the limit`] : []), ...(position.overdueInvoiceCount > 0 ? [`${position.overdueInvoiceCount} invoice(s) overdue past terms`] : [])],
  };
}

async function duplicatePoOrders(tx: Tx, user: SessionUser, customer: Customer, poNumber: string): Promise<string[]> {
  const po = poNumber.trim();
  if (po === "") return [];
  const page = await listSalesOrders(tx, user, { entityId: customer.entityId, customerId: customer.id, search: po, pageSize: DUPLICATE_PO_SCAN_MAX });
  return page.rows.filter((r) => r.customerPoNumber === po && r.status !== "cancelled").map((r) => r.orderNumber);
}

/** Everything order entry shows before the order is entered; nothing is written. */
export async function checkOrder(tx: Tx, user: SessionUser, payload: EntryPayload): Promise<CheckResult> {
  const customer = await customerOf(tx, user, payload);
  const digits = await loadCurrencyDigits(tx, user);
  const lines = lineInputs(payload.lines, digitsOf(digits, customer.currency));
  const ctx = { customer, date: payload.orderDate, requestDate: optionalText(payload.requestedDate) ?? payload.orderDate, digits };
  const checks: LineCheck[] = [];
  for (const [index, line] of lines.entries()) checks.push(await checkLine(tx, user, ctx, line, index));
  const orderValue = checks.reduce((sum, c) => sum + c.valueMinor, 0n);
  return {
    lines: checks.map((c) => c.view), credit: await creditView(tx, user, customer, payload.orderDate, checks, digits),
    duplicatePoOrders: await duplicatePoOrders(tx, user, customer, payload.customerPoNumber),
    orderValue: `${money(orderValue, digitsOf(digits, customer.currency))} ${customer.currency}`,
  };
}

/** Proposals for every line of the order that still misses stock. */
export async function proposalsOf(tx: Tx, user: SessionUser, order: SalesOrderDetail): Promise<LineProposals[]> {
  const proposals: LineProposals[] = [];
  for (const line of order.lines) {
    if (parseQty(line.backorderedBaseQty) === 0n) continue;
    const proposal = await getLineProposals(tx, user, { orderLineId: line.id });
    if (proposal) proposals.push(proposal);
  }
  return proposals;
}

/** The order with its proposals, for the detail page's client panel. */
export async function loadOrderView(tx: Tx, user: SessionUser, orderId: number): Promise<OrderView> {
  const order = await getSalesOrderOrThrow(tx, user, orderId);
  return orderView(order, { proposals: await proposalsOf(tx, user, order), warnings: [], pricingRequestId: null, replayed: false }, await loadCurrencyDigits(tx, user));
}
