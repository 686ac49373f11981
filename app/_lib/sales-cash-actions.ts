"use server";
// Server actions of the invoice and payment pages: invoicing shipped goods, receiving customer
// payments with their applications (what is not applied stays unapplied cash), and applying
// unapplied cash later. Amounts are typed in major units and read at the currency's digits.
import "../../core/governance/bootstrap";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getMasterOrThrow } from "../../core/masters";
import { invoiceShipment, invoiceUninvoicedShipments, listInvoices } from "../../core/sales/invoicing";
import { applyUnappliedCash, getPaymentOrThrow, PAYMENT_METHODS, receiveCustomerPayment } from "../../core/sales/payments";
import { read, write } from "./db";
import { digitsOf, money } from "./format";
import type { GovernanceActionState } from "./governance-action-types";
import { loadCurrencyDigits } from "./reference-data";
import { minorOfText } from "./sales-format";
import { attemptForm, formId, formOptional, formText, invalid, rowValues } from "./sales-form-data";
import { requireUser } from "./session";

const OPEN_INVOICES_MAX = 200;

export async function invoiceShipmentAction(previous: GovernanceActionState, form: FormData): Promise<GovernanceActionState> {
  const user = await requireUser();
  let invoiceId = 0;
  const state = await attemptForm(previous, ["invoiceDate"], async () => {
    const invoice = await write((tx) => invoiceShipment(tx, user, {
      shipmentId: formId(form, "shipmentId"), invoiceDate: formText(form, "invoiceDate"), idempotencyKey: formOptional(form, "idempotencyKey"),
    }));
    invoiceId = invoice.id;
    return invoice.invoiceNumber;
  });
  if (state.ok === null) return state;
  revalidatePath("/sales", "layout");
  redirect(`/sales/invoices/${invoiceId}?done=invoiced`);
}

export async function invoiceBatchAction(previous: GovernanceActionState, form: FormData): Promise<GovernanceActionState> {
  const user = await requireUser();
  const state = await attemptForm(previous, ["invoiceDate"], async () => {
    const result = await write((tx) => invoiceUninvoicedShipments(tx, user, { entityId: formId(form, "entityId"), invoiceDate: formText(form, "invoiceDate") }));
    const numbers = result.invoices.map((i) => i.invoiceNumber);
    if (numbers.length === 0) return "Nothing to invoice: every shipped shipment is invoiced.";
    return `Invoiced ${numbers.length} shipment${numbers.length === 1 ? "" : "s"}: ${numbers.join(", ")}${result.remaining ? " (more remain: run again)" : ""}.`;
  });
  if (state.ok !== null) revalidatePath("/sales", "layout");
  return state;
}

export type OpenInvoiceOption = { id: number; invoiceNumber: string; invoiceDate: string; dueDate: string; currency: string; total: string; open: string };

/** The customer's invoices still open, oldest due first, for the payment forms. */
export async function openInvoicesAction(customerId: number): Promise<OpenInvoiceOption[]> {
  const user = await requireUser();
  return read(async (tx) => {
    const customer = await getMasterOrThrow(tx, user, "customer", Number(customerId));
    const digits = await loadCurrencyDigits(tx, user);
    const rows = await listInvoices(tx, user, { entityId: customer.entityId, customerId: customer.id, kind: "invoice", status: ["open", "partially_paid"], limit: OPEN_INVOICES_MAX });
    return rows.sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.id - b.id)).map((i) => ({
      id: i.id, invoiceNumber: i.invoiceNumber, invoiceDate: i.invoiceDate, dueDate: i.dueDate, currency: i.currency,
      total: money(i.totalMinor, digitsOf(digits, i.currency)), open: money(i.openMinor, digitsOf(digits, i.currency)),
    }));
  });
}

function paymentMethodOf(text: string): (typeof PAYMENT_METHODS)[number] {
  const found = PAYMENT_METHODS.find((m) => m === text);
  if (!found) throw invalid("method", `one of ${PAYMENT_METHODS.join(", ")}`);
  return found;
}

/** Receives a payment; typed applications reduce invoices, the rest stays unapplied cash. */
export async function receivePaymentAction(previous: GovernanceActionState, form: FormData): Promise<GovernanceActionState> {
  const user = await requireUser();
  let paymentId = 0;
  const state = await attemptForm(previous, ["customerId", "amount", "currency", "method", "reference", "receivedDate", "applications"], async () => {
    const customerId = formId(form, "customerId");
    const currency = formText(form, "currency").trim().toUpperCase();
    const payment = await write(async (tx) => {
      const customer = await getMasterOrThrow(tx, user, "customer", customerId);
      const digitsMap = await loadCurrencyDigits(tx, user);
      if (!digitsMap.has(currency)) throw invalid("currency", "a currency Keel knows");
      const digits = digitsOf(digitsMap, currency);
      const applications = rowValues(form, "apply-").map((row) => ({ invoiceId: row.id, amountMinor: minorOfText(row.value, digits, "applications") })).filter((a) => a.amountMinor > 0n);
      return receiveCustomerPayment(tx, user, {
        entityId: customer.entityId, customerId, receivedDate: formText(form, "receivedDate"), amountMinor: minorOfText(formText(form, "amount"), digits, "amount"),
        currency, method: paymentMethodOf(formText(form, "method")), reference: formOptional(form, "reference"), applications,
        idempotencyKey: formOptional(form, "idempotencyKey"),
      });
    });
    paymentId = payment.id;
    return payment.paymentNumber;
  });
  if (state.ok === null) return state;
  revalidatePath("/sales", "layout");
  redirect(`/sales/payments/${paymentId}?done=received`);
}

export async function applyUnappliedAction(previous: GovernanceActionState, form: FormData): Promise<GovernanceActionState> {
  const user = await requireUser();
  const state = await attemptForm(previous, ["appliedDate", "applications"], async () => {
    const paymentId = formId(form, "paymentId");
    const payment = await write(async (tx) => {
      const current = await getPaymentOrThrow(tx, user, paymentId);
      const digits = digitsOf(await loadCurrencyDigits(tx, user), current.currency);
      const applications = rowValues(form, "apply-").map((row) => ({ invoiceId: row.id, amountMinor: minorOfText(row.value, digits, "applications") })).filter((a) => a.amountMinor > 0n);
      if (applications.length === 0) throw invalid("applications", "enter an amount to apply on at least one invoice");
      return applyUnappliedCash(tx, user, { paymentId, appliedDate: formText(form, "appliedDate"), applications, idempotencyKey: formOptional(form, "idempotencyKey") });
    });
    const digits = digitsOf(await read((tx) => loadCurrencyDigits(tx, user)), payment.currency);
    return `Applied. Unapplied cash left: ${money(payment.unappliedMinor, digits)} ${payment.currency}.`;
  });
  if (state.ok !== null) revalidatePath("/sales", "layout");
  return state;
}
