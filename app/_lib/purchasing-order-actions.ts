"use server";
// Server actions of the purchase order and receiving pages: each reads its form, runs one core
// command as the signed-in user and answers with a confirmation, the command's refusal, or a
// redirect to the document it created. The bootstrap import registers every approval handler.
import { attempt, idOf, text } from "./form-actions";
import "../../core/governance/bootstrap";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { cancelPurchaseOrder, confirmPurchaseOrderLine, createPurchaseOrder, receivePurchaseOrder, submitPurchaseOrder } from "../../core/purchasing";
import { DomainError, SharedError } from "../../core/shared/errors";
import { write } from "./db";
import type { GovernanceActionState } from "./governance-action-types";
import { itemsBySku } from "./purchasing-data";
import { digitsOf } from "./format";
import { loadCurrencyDigits } from "./reference-data";
import { minorOfText } from "./sales-format";
import { requireUser } from "./session";

/** Line rows of the PO form: 1..PO_FORM_LINES, a row with no SKU is left out. */
const PO_FORM_LINES = 8;

type FormLine = { index: number; sku: string; qty: string; uom: string; price: string; expectedDate: string };

function formLines(form: FormData): FormLine[] {
  const lines: FormLine[] = [];
  for (let n = 1; n <= PO_FORM_LINES; n += 1) {
    const sku = text(form, `sku-${n}`).trim();
    if (sku === "") continue;
    lines.push({ index: lines.length, sku, qty: text(form, `qty-${n}`).trim(), uom: text(form, `uom-${n}`).trim(), price: text(form, `price-${n}`).trim(),
      expectedDate: text(form, `expected-${n}`).trim() });
  }
  if (lines.length === 0) {
    throw new DomainError(SharedError.VALIDATION_FAILED, "invalid", "lines: enter at least one line", {}, { issues: [{ field: "lines", rule: "required", message: "enter at least one line" }] });
  }
  return lines;
}

export async function createPurchaseOrderAction(previous: GovernanceActionState, form: FormData): Promise<GovernanceActionState> {
  const user = await requireUser();
  let orderId = 0;
  const state = await attempt(previous, ["supplierId", "warehouseId", "orderDate", "lines", "note"], async () => {
    const lines = formLines(form);
    const supplierId = idOf(form, "supplierId");
    const warehouseId = idOf(form, "warehouseId");
    const created = await write(async (tx) => {
      const items = await itemsBySku(tx, user, lines.map((l) => ({ sku: l.sku, field: `lines.${l.index}.sku` })));
      const digits = await loadCurrencyDigits(tx, user);
      const currency = text(form, "currency");
      return createPurchaseOrder(tx, user, {
        entityId: idOf(form, "entityId"), supplierId, orderDate: text(form, "orderDate"), note: text(form, "note").trim() || undefined,
        idempotencyKey: text(form, "idempotencyKey") || undefined,
        lines: lines.map((l, i) => ({
          itemId: items[i]!.id, warehouseId, uom: l.uom || items[i]!.purchaseUom, qty: l.qty,
          unitPriceMinor: l.price === "" ? undefined : minorOfText(l.price, digitsOf(digits, currency), `lines.${l.index}.unitPrice`),
          expectedDate: l.expectedDate || undefined,
        })),
      });
    });
    orderId = created.id;
    return created.poNumber;
  });
  if (state.ok === null) return state;
  revalidatePath("/purchasing", "layout");
  redirect(`/purchasing/orders/${orderId}?done=created`);
}

export async function submitPurchaseOrderAction(previous: GovernanceActionState, form: FormData): Promise<GovernanceActionState> {
  const user = await requireUser();
  const state = await attempt(previous, [], async () => {
    const order = await write((tx) => submitPurchaseOrder(tx, user, { purchaseOrderId: idOf(form, "purchaseOrderId"), idempotencyKey: text(form, "idempotencyKey") || undefined }));
    return order.status === "approved" ? `${order.poNumber} is approved (within the auto-approval limit).` : `${order.poNumber} is ${order.status.replaceAll("_", " ")}.`;
  });
  if (state.ok !== null) revalidatePath("/purchasing", "layout");
  return state;
}

export async function confirmPurchaseOrderLineAction(previous: GovernanceActionState, form: FormData): Promise<GovernanceActionState> {
  const user = await requireUser();
  const state = await attempt(previous, ["confirmedDate", "confirmedQty"], async () => {
    const date = text(form, "confirmedDate").trim();
    const qty = text(form, "confirmedQty").trim();
    await write((tx) => confirmPurchaseOrderLine(tx, user, { purchaseOrderLineId: idOf(form, "purchaseOrderLineId"), confirmedDate: date || undefined, confirmedQty: qty || undefined }));
    return "Supplier confirmation recorded.";
  });
  if (state.ok !== null) revalidatePath("/purchasing", "layout");
  return state;
}

export async function cancelPurchaseOrderAction(previous: GovernanceActionState, form: FormData): Promise<GovernanceActionState> {
  const user = await requireUser();
  const state = await attempt(previous, ["reason"], async () => {
    const order = await write((tx) => cancelPurchaseOrder(tx, user, { purchaseOrderId: idOf(form, "purchaseOrderId"), reason: text(form, "reason") }));
    return `${order.poNumber} is now ${order.status.replaceAll("_", " ")}.`;
  });
  if (state.ok !== null) revalidatePath("/purchasing", "layout");
  return state;
}

/** Receives the typed quantities of one order's open lines (blank or zero lines are not received). */
export async function receivePurchaseOrderAction(previous: GovernanceActionState, form: FormData): Promise<GovernanceActionState> {
  const user = await requireUser();
  let target = "";
  const state = await attempt(previous, ["receiptDate", "lines"], async () => {
    const lineIds = form.getAll("lineId").map((v) => Number(v)).filter((id) => Number.isSafeInteger(id) && id > 0);
    const lines = lineIds.map((id) => ({ purchaseOrderLineId: id, itemId: Number(text(form, `item-${id}`)), qty: text(form, `qty-${id}`).trim() }))
      .filter((l) => l.qty !== "" && !/^0*(\.0*)?$/.test(l.qty));
    if (lines.length === 0) {
      throw new DomainError(SharedError.VALIDATION_FAILED, "invalid", "lines: type the quantity received on at least one line", {}, { issues: [{ field: "lines", rule: "required", message: "type the quantity received on at least one line" }] });
    }
    const receipt = await write((tx) => receivePurchaseOrder(tx, user, {
      purchaseOrderId: idOf(form, "purchaseOrderId"), warehouseId: idOf(form, "warehouseId"), receiptDate: text(form, "receiptDate"),
      idempotencyKey: text(form, "idempotencyKey") || undefined, lines,
    }));
    const late = receipt.delayedReceiptExceptionId === null ? "" : `&exception=${receipt.delayedReceiptExceptionId}`;
    target = `/purchasing/receipts/${receipt.id}?done=received${late}`;
    return receipt.receiptNumber;
  });
  if (state.ok === null) return state;
  revalidatePath("/purchasing", "layout");
  redirect(target);
}
