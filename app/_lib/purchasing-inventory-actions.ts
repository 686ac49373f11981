"use server";
// Server actions of the transfer and cycle-count pages: one core command each, run as the
// signed-in user; creating actions redirect to the new document.
import { attempt, idOf, text } from "./form-actions";
import "../../core/governance/bootstrap";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import {
  cancelTransferOrder, createCountList, createTransferOrder, postCount, receiveTransferOrder, recordCounts, shipTransferOrder, submitCount,
} from "../../core/purchasing";
import { DomainError, SharedError } from "../../core/shared/errors";
import { write } from "./db";
import type { GovernanceActionState } from "./governance-action-types";
import { itemsBySku } from "./purchasing-data";
import { digitsOf } from "./format";
import { loadCurrencyDigits } from "./reference-data";
import { minorOfText } from "./sales-format";
import { requireUser } from "./session";

const TRANSFER_FORM_LINES = 6;

function required(field: string, message: string): DomainError {
  return new DomainError(SharedError.VALIDATION_FAILED, "invalid", `${field}: ${message}`, {}, { issues: [{ field, rule: "required", message }] });
}

export async function createTransferAction(previous: GovernanceActionState, form: FormData): Promise<GovernanceActionState> {
  const user = await requireUser();
  let transferId = 0;
  const state = await attempt(previous, ["fromWarehouseId", "toWarehouseId", "expectedDate", "lines"], async () => {
    const rows: { sku: string; qty: string; index: number }[] = [];
    for (let n = 1; n <= TRANSFER_FORM_LINES; n += 1) {
      const sku = text(form, `sku-${n}`).trim();
      if (sku !== "") rows.push({ sku, qty: text(form, `qty-${n}`).trim(), index: rows.length });
    }
    if (rows.length === 0) throw required("lines", "enter at least one line");
    const created = await write(async (tx) => {
      const items = await itemsBySku(tx, user, rows.map((r) => ({ sku: r.sku, field: `lines.${r.index}.sku` })));
      return createTransferOrder(tx, user, {
        entityId: idOf(form, "entityId"), fromWarehouseId: idOf(form, "fromWarehouseId"), toWarehouseId: idOf(form, "toWarehouseId"),
        expectedDate: text(form, "expectedDate"), idempotencyKey: text(form, "idempotencyKey") || undefined,
        lines: rows.map((r, i) => ({ itemId: items[i]!.id, baseQty: r.qty })),
      });
    });
    transferId = created.id;
    return created.transferNumber;
  });
  if (state.ok === null) return state;
  revalidatePath("/inventory/transfers", "layout");
  redirect(`/inventory/transfers/${transferId}?done=created`);
}

/** Ship, receive (the typed quantities, base units) or cancel, by the button pressed. */
export async function transferStepAction(previous: GovernanceActionState, form: FormData): Promise<GovernanceActionState> {
  const user = await requireUser();
  const state = await attempt(previous, ["shipDate", "receiptDate", "reason", "lines"], async () => {
    const transferOrderId = idOf(form, "transferOrderId");
    const step = text(form, "step");
    if (step === "ship") {
      const shipped = await write((tx) => shipTransferOrder(tx, user, { transferOrderId, shipDate: text(form, "shipDate"), idempotencyKey: text(form, "idempotencyKey") || undefined }));
      return `${shipped.transfer.transferNumber} shipped: the stock is in transit.`;
    }
    if (step === "cancel") {
      const cancelled = await write((tx) => cancelTransferOrder(tx, user, { transferOrderId, reason: text(form, "reason") }));
      return `${cancelled.transferNumber} is ${cancelled.status}.`;
    }
    const itemIds = form.getAll("itemId").map((v) => Number(v)).filter((id) => Number.isSafeInteger(id) && id > 0);
    const lines = itemIds.map((itemId) => ({ itemId, baseQty: text(form, `qty-${itemId}`).trim() })).filter((l) => l.baseQty !== "" && !/^0*(\.0*)?$/.test(l.baseQty));
    if (lines.length === 0) throw required("lines", "type the quantity received on at least one line");
    const received = await write((tx) => receiveTransferOrder(tx, user, { transferOrderId, receiptDate: text(form, "receiptDate"), lines,
      idempotencyKey: text(form, "idempotencyKey") || undefined }));
    return `${received.transfer.transferNumber} is ${received.transfer.status.replaceAll("_", " ")}.`;
  });
  if (state.ok !== null) revalidatePath("/inventory/transfers", "layout");
  return state;
}

export async function createCountAction(previous: GovernanceActionState, form: FormData): Promise<GovernanceActionState> {
  const user = await requireUser();
  let countId = 0;
  const state = await attempt(previous, ["warehouseId", "skus", "abcClass", "countDate", "tolerance"], async () => {
    const skus = text(form, "skus").split(/[\s,]+/).map((s) => s.trim()).filter((s) => s !== "");
    const abc = text(form, "abcClass");
    const created = await write(async (tx) => {
      const items = skus.length === 0 ? null : await itemsBySku(tx, user, skus.map((sku) => ({ sku, field: "skus" })));
      const digits = digitsOf(await loadCurrencyDigits(tx, user), text(form, "currency"));
      return createCountList(tx, user, {
        entityId: idOf(form, "entityId"), warehouseId: idOf(form, "warehouseId"), countDate: text(form, "countDate"), blind: text(form, "blind") === "on",
        abcClass: abc === "A" || abc === "B" || abc === "C" ? abc : undefined, itemIds: items?.map((i) => i.id),
        toleranceMinor: minorOfText(text(form, "tolerance") || "0", digits, "tolerance"),
      });
    });
    countId = created.id;
    return created.countNumber;
  });
  if (state.ok === null) return state;
  revalidatePath("/inventory/counts", "layout");
  redirect(`/inventory/counts/${countId}?done=created`);
}

/** Save the counted quantities, submit the count, or post it after variance review, by the button pressed. */
export async function countStepAction(previous: GovernanceActionState, form: FormData): Promise<GovernanceActionState> {
  const user = await requireUser();
  const state = await attempt(previous, ["lines", "note"], async () => {
    const countId = idOf(form, "countId");
    const step = text(form, "step");
    if (step === "post") {
      const note = text(form, "note").trim();
      const posted = await write((tx) => postCount(tx, user, { countId, note: note || undefined }));
      return `${posted.count.countNumber} posted${posted.adjustmentDocumentId === null ? " with no variance" : ""}.`;
    }
    const itemIds = form.getAll("itemId").map((v) => Number(v)).filter((id) => Number.isSafeInteger(id) && id > 0);
    const lines = itemIds.map((itemId) => ({ itemId, baseQtyCounted: text(form, `counted-${itemId}`).trim() })).filter((l) => l.baseQtyCounted !== "");
    if (lines.length > 0) await write((tx) => recordCounts(tx, user, { countId, lines }));
    if (step !== "submit") {
      if (lines.length === 0) throw required("lines", "type at least one counted quantity");
      return `Saved ${lines.length} count${lines.length === 1 ? "" : "s"}.`;
    }
    const submitted = await write((tx) => submitCount(tx, user, { countId }));
    return submitted.count.status === "posted" ? `${submitted.count.countNumber} posted: variances within tolerance.`
      : `${submitted.count.countNumber} waits in variance review: some variances exceed the tolerance.`;
  });
  if (state.ok !== null) revalidatePath("/inventory/counts", "layout");
  return state;
}
