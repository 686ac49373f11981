"use server";
// Server actions of the order desk pages (order entry, order detail, quotes, backorders): each
// reads its input, runs one core command or query as the signed-in user and answers with the
// result as a serializable view, or with the command's own refusal. The bootstrap import
// registers every approval handler, so holds raised here can be decided in this server bundle.
import { attempt, idOf, text } from "./form-actions";
import "../../core/governance/bootstrap";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { Tx } from "../../core/db/client";
import type { SessionUser } from "../../core/governance";
import { getMasterOrThrow, listMasters } from "../../core/masters";
import {
  acceptSubstitute, cancelOrderLine, cancelSalesOrder, convertQuoteToOrder, createQuote, enterSalesOrder, getSalesOrderOrThrow,
  reallocateBackorders, type OrderChannel,
} from "../../core/sales";
import { DomainError, isDomainError, SharedError } from "../../core/shared/errors";
import { read, write } from "./db";
import { digitsOf, money } from "./format";
import type { GovernanceActionState } from "./governance-action-types";
import { loadCurrencyDigits } from "./reference-data";
import { checkOrder, orderInputOf, proposalsOf, quoteInputOf } from "./sales-entry";
import { loadSalesEntities, loadSellingWarehouseOptions } from "./sales-data";
import { todayIn } from "./sales-format";
import { entryErrorState, type CheckResult, type CustomerContext, type CustomerOption, type EntryPayload, type EntryState, type ItemOption, type OrderView } from "./sales-types";
import { orderView, enteredOrderView } from "./sales-views";
import { requireUser } from "./session";

const SEARCH_RESULTS_MAX = 12;
const SHIP_TOS_MAX = 50;
const UNITS_MAX = 20;

/** Customers matching a code, name, e-mail or city, across the entities the user sees. */
export async function searchCustomersAction(query: string): Promise<CustomerOption[]> {
  const user = await requireUser();
  const text = String(query).trim().slice(0, 100);
  if (text.length === 0) return [];
  return read(async (tx) => {
    const entities = await loadSalesEntities(tx, user);
    const page = await listMasters(tx, user, "customer", { search: text, pageSize: SEARCH_RESULTS_MAX });
    return page.rows.map((c) => ({
      id: c.id, code: c.code, name: c.name, entityId: c.entityId, entityCode: entities.find((e) => e.id === c.entityId)?.code ?? String(c.entityId),
      tier: c.tier, currency: c.currency,
    }));
  });
}

/** What the entry form needs once a customer is chosen: ship-tos, warehouses, the entity's date. */
export async function customerContextAction(customerId: number): Promise<CustomerContext> {
  const user = await requireUser();
  return read(async (tx) => {
    const c = await getMasterOrThrow(tx, user, "customer", Number(customerId));
    const entity = await getMasterOrThrow(tx, user, "legalEntity", c.entityId);
    const digits = digitsOf(await loadCurrencyDigits(tx, user), c.currency);
    const shipTos = await listMasters(tx, user, "customerShipTo", { pageSize: SHIP_TOS_MAX, filters: { customerId: c.id } });
    return {
      customer: { id: c.id, code: c.code, name: c.name, entityId: c.entityId, entityCode: entity.code, tier: c.tier, currency: c.currency,
        paymentTermCode: c.paymentTermCode, creditLimit: `${money(c.creditLimitMinor, digits)} ${c.currency}` },
      shipTos: shipTos.rows.map((s) => ({ id: s.id, code: s.code, name: s.name, city: s.city, isDefault: s.isDefault })),
      warehouses: await loadSellingWarehouseOptions(tx, user, c.entityId),
      today: todayIn(entity.timeZone), currencyDigits: digits,
    };
  });
}

async function itemOptionOf(tx: Tx, user: SessionUser, row: { id: number; sku: string; description: string; baseUom: string; salesUom: string | null }): Promise<ItemOption> {
  const conversions = await listMasters(tx, user, "itemUomConversion", { pageSize: UNITS_MAX, filters: { itemId: row.id } });
  return {
    id: row.id, sku: row.sku, description: row.description, baseUom: row.baseUom, salesUom: row.salesUom,
    units: [{ uom: row.baseUom, baseQtyPerUnit: "1" }, ...conversions.rows.filter((c) => c.uom !== row.baseUom).map((c) => ({ uom: c.uom, baseQtyPerUnit: c.baseQtyPerUnit }))],
  };
}

/** Active items matching a SKU or description, with the units each converts. */
export async function searchItemsAction(query: string): Promise<ItemOption[]> {
  const user = await requireUser();
  const text = String(query).trim().slice(0, 100);
  if (text.length === 0) return [];
  return read(async (tx) => {
    const page = await listMasters(tx, user, "item", { search: text, pageSize: SEARCH_RESULTS_MAX });
    const options: ItemOption[] = [];
    for (const row of page.rows) options.push(await itemOptionOf(tx, user, row));
    return options;
  });
}

/** The "Check" of order entry: price and margin, ATP per warehouse, credit, duplicate PO, per line. */
export async function checkOrderAction(payload: EntryPayload): Promise<EntryState<CheckResult>> {
  const user = await requireUser();
  try {
    const result = await read((tx) => checkOrder(tx, user, payload));
    return { version: Date.now(), ok: result, error: null, code: null, fieldErrors: {} };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return entryErrorState({ version: Date.now() }, error);
  }
}

export async function enterOrderAction(previous: { version: number }, payload: EntryPayload): Promise<EntryState<OrderView>> {
  const user = await requireUser();
  try {
    const view = await write(async (tx) => {
      const input = await orderInputOf(tx, user, payload);
      const entered = await enterSalesOrder(tx, user, input);
      return enteredOrderView(entered, await loadCurrencyDigits(tx, user));
    });
    revalidatePath("/sales", "layout");
    return { version: previous.version + 1, ok: view, error: null, code: null, fieldErrors: {} };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return entryErrorState(previous, error);
  }
}

export type AcceptSubstituteRequest = { orderLineId: number; substituteItemId: number; warehouseId: number | null };

/** Accepts a proposed substitute and answers with the order as it now stands. */
export async function acceptSubstituteAction(previous: { version: number }, request: AcceptSubstituteRequest): Promise<EntryState<OrderView>> {
  const user = await requireUser();
  try {
    const view = await write(async (tx) => {
      const accepted = await acceptSubstitute(tx, user, {
        orderLineId: Number(request.orderLineId), substituteItemId: Number(request.substituteItemId), warehouseId: request.warehouseId ? Number(request.warehouseId) : null,
      });
      const order = await getSalesOrderOrThrow(tx, user, accepted.order.id);
      return orderView(order, { proposals: await proposalsOf(tx, user, order), warnings: [], pricingRequestId: accepted.pricingRequestId, replayed: false },
        await loadCurrencyDigits(tx, user));
    });
    revalidatePath("/sales", "layout");
    return { version: previous.version + 1, ok: view, error: null, code: null, fieldErrors: {} };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return entryErrorState(previous, error);
  }
}

export async function createQuoteAction(previous: { version: number }, payload: EntryPayload): Promise<EntryState<{ quoteId: number }>> {
  const user = await requireUser();
  let quoteId = 0;
  try {
    const created = await write(async (tx) => createQuote(tx, user, await quoteInputOf(tx, user, payload)));
    quoteId = created.quote.id;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return entryErrorState(previous, error);
  }
  revalidatePath("/sales/quotes", "layout");
  redirect(`/sales/quotes/${quoteId}?created=1`);
}




export async function cancelOrderLineAction(previous: GovernanceActionState, form: FormData): Promise<GovernanceActionState> {
  const user = await requireUser();
  const state = await attempt(previous, ["reason"], async () => {
    const result = await write((tx) => cancelOrderLine(tx, user, { orderLineId: idOf(form, "orderLineId"), reason: text(form, "reason") }));
    return `Cancelled: the order is now ${result.orderStatus.replaceAll("_", " ")}.`;
  });
  if (state.ok !== null) revalidatePath("/sales", "layout");
  return state;
}

export async function cancelOrderAction(previous: GovernanceActionState, form: FormData): Promise<GovernanceActionState> {
  const user = await requireUser();
  const state = await attempt(previous, ["reason"], async () => {
    const result = await write((tx) => cancelSalesOrder(tx, user, { orderId: idOf(form, "orderId"), reason: text(form, "reason") }));
    return `Cancelled: the order is now ${result.orderStatus.replaceAll("_", " ")}.`;
  });
  if (state.ok !== null) revalidatePath("/sales", "layout");
  return state;
}

export async function reallocateAction(previous: GovernanceActionState, form: FormData): Promise<GovernanceActionState> {
  const user = await requireUser();
  const state = await attempt(previous, [], async () => {
    const result = await write((tx) => reallocateBackorders(tx, user, { itemId: idOf(form, "itemId"), warehouseId: idOf(form, "warehouseId") }));
    const count = result.lines.length;
    return count === 0 ? "No free stock: nothing was reallocated." : `Reallocated ${count} line${count === 1 ? "" : "s"}.`;
  });
  if (state.ok !== null) revalidatePath("/sales", "layout");
  return state;
}

/** Converts the ticked quote lines (each up to the quantity typed) into one order. */
export async function convertQuoteAction(previous: GovernanceActionState, form: FormData): Promise<GovernanceActionState> {
  const user = await requireUser();
  let orderId = 0;
  const state = await attempt(previous, ["lines", "customerPoNumber", "orderDate"], async () => {
    const quoteId = idOf(form, "quoteId");
    const ticked = form.getAll("line").map((v) => Number(v)).filter((id) => Number.isSafeInteger(id) && id > 0);
    if (ticked.length === 0) {
      throw new DomainError(SharedError.VALIDATION_FAILED, "invalid", "lines: tick the lines to convert", {}, { issues: [{ field: "lines", rule: "required", message: "tick the lines to convert" }] });
    }
    const lines = ticked.map((quoteLineId) => ({ quoteLineId, qty: text(form, `qty-${quoteLineId}`).trim() || null }));
    const po = text(form, "customerPoNumber").trim();
    const converted = await write((tx) => convertQuoteToOrder(tx, user, {
      quoteId, orderDate: text(form, "orderDate"), channel: (text(form, "channel") || "phone") as OrderChannel, customerPoNumber: po === "" ? null : po,
      lines, idempotencyKey: text(form, "idempotencyKey") || null,
    }));
    orderId = converted.order.order.id;
    return converted.order.order.orderNumber;
  });
  if (state.ok === null) return state;
  revalidatePath("/sales", "layout");
  redirect(`/sales/orders/${orderId}?from=quote`);
}
