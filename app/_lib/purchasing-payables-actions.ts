"use server";
// Server actions of the supplier invoice, match queue, landed cost and payment run pages: one
// core command each, run as the signed-in user; creating actions redirect to the new document.
import { attempt, idOf, text } from "./form-actions";
import "../../core/governance/bootstrap";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import {
  addLandedCost, cancelPaymentRun, enterSupplierInvoice, executePaymentRun, proposePaymentRun, resolveMatchException, submitPaymentRun,
} from "../../core/purchasing";
import { DomainError, SharedError } from "../../core/shared/errors";
import { write } from "./db";
import { digitsOf } from "./format";
import type { GovernanceActionState } from "./governance-action-types";
import { loadCurrencyDigits } from "./reference-data";
import { minorOfText } from "./sales-format";
import { requireUser } from "./session";

/** Enters the invoice of one order: a line per PO line with a quantity typed (price per base unit). */
export async function enterSupplierInvoiceAction(previous: GovernanceActionState, form: FormData): Promise<GovernanceActionState> {
  const user = await requireUser();
  let target = "";
  const state = await attempt(previous, ["supplierInvoiceRef", "invoiceDate", "tax", "lines"], async () => {
    const currency = text(form, "currency");
    const lineIds = form.getAll("lineId").map((v) => Number(v)).filter((id) => Number.isSafeInteger(id) && id > 0);
    const invoice = await write(async (tx) => {
      const digits = digitsOf(await loadCurrencyDigits(tx, user), currency);
      const lines = lineIds.map((id) => ({ id, qty: text(form, `qty-${id}`).trim(), price: text(form, `price-${id}`).trim() })).filter((l) => l.qty !== "")
        .map((l, index) => ({ purchaseOrderLineId: l.id, baseQty: l.qty, unitPriceMinor: minorOfText(l.price, digits, `lines.${index}.unitPrice`) }));
      if (lines.length === 0) {
        throw new DomainError(SharedError.VALIDATION_FAILED, "invalid", "lines: type the invoiced quantity on at least one line", {}, { issues: [{ field: "lines", rule: "required", message: "type the invoiced quantity on at least one line" }] });
      }
      const tax = text(form, "tax").trim();
      return enterSupplierInvoice(tx, user, {
        entityId: idOf(form, "entityId"), supplierId: idOf(form, "supplierId"), supplierInvoiceRef: text(form, "supplierInvoiceRef"), invoiceDate: text(form, "invoiceDate"),
        currency, taxMinor: tax === "" ? 0n : minorOfText(tax, digits, "tax"), idempotencyKey: text(form, "idempotencyKey") || undefined, lines,
      });
    });
    target = `/purchasing/invoices/${invoice.id}?done=entered${invoice.matchExceptionId === null ? "" : `&exception=${invoice.matchExceptionId}`}`;
    return invoice.invoiceNumber;
  });
  if (state.ok === null) return state;
  revalidatePath("/purchasing", "layout");
  redirect(target);
}

export async function resolveMatchExceptionAction(previous: GovernanceActionState, form: FormData): Promise<GovernanceActionState> {
  const user = await requireUser();
  const state = await attempt(previous, ["reason"], async () => {
    const decision = text(form, "decision") === "reject" ? "reject" : "accept";
    const invoice = await write((tx) => resolveMatchException(tx, user, { invoiceId: idOf(form, "invoiceId"), decision, reason: text(form, "reason") }));
    return `${invoice.invoiceNumber} is now ${invoice.status.replaceAll("_", " ")}.`;
  });
  if (state.ok !== null) revalidatePath("/purchasing", "layout");
  return state;
}

export async function addLandedCostAction(previous: GovernanceActionState, form: FormData): Promise<GovernanceActionState> {
  const user = await requireUser();
  const state = await attempt(previous, ["kind", "method", "amount", "source", "supplierInvoiceRef"], async () => {
    const currency = text(form, "currency");
    const charge = await write(async (tx) => {
      const digits = digitsOf(await loadCurrencyDigits(tx, user), currency);
      const ref = text(form, "supplierInvoiceRef").trim();
      return addLandedCost(tx, user, {
        receiptId: idOf(form, "receiptId"), kind: text(form, "kind") as "freight", method: text(form, "method") as "value", currency,
        amountMinor: minorOfText(text(form, "amount"), digits, "amount"), source: text(form, "source") as "estimate",
        supplierInvoiceRef: ref === "" ? undefined : ref, idempotencyKey: text(form, "idempotencyKey") || undefined,
      });
    });
    return `Posted ${charge.chargeNumber}: ${charge.allocations.length} receipt line${charge.allocations.length === 1 ? "" : "s"} took a share.`;
  });
  if (state.ok !== null) revalidatePath("/purchasing", "layout");
  return state;
}

export async function proposePaymentRunAction(previous: GovernanceActionState, form: FormData): Promise<GovernanceActionState> {
  const user = await requireUser();
  let runId = 0;
  const state = await attempt(previous, ["paymentDate", "dueThrough", "currency"], async () => {
    const run = await write((tx) => proposePaymentRun(tx, user, {
      entityId: idOf(form, "entityId"), paymentDate: text(form, "paymentDate"), dueThrough: text(form, "dueThrough"), currency: text(form, "currency") || undefined,
    }));
    runId = run.id;
    return run.runNumber;
  });
  if (state.ok === null) return state;
  revalidatePath("/purchasing", "layout");
  redirect(`/purchasing/payment-runs/${runId}?done=proposed`);
}

/** Submit, execute or cancel a run, by the button pressed. */
export async function paymentRunStepAction(previous: GovernanceActionState, form: FormData): Promise<GovernanceActionState> {
  const user = await requireUser();
  const state = await attempt(previous, ["reason"], async () => {
    const runId = idOf(form, "runId");
    const step = text(form, "step");
    const run = await write((tx) => step === "execute" ? executePaymentRun(tx, user, { runId })
      : step === "cancel" ? cancelPaymentRun(tx, user, { runId, reason: text(form, "reason") }) : submitPaymentRun(tx, user, { runId }));
    return `${run.runNumber} is now ${run.status.replaceAll("_", " ")}.`;
  });
  if (state.ok !== null) revalidatePath("/purchasing", "layout");
  return state;
}
