"use server";
// Server actions of the RMA pages: requesting a return against an invoice (routed through the
// approval engine), receiving it with inspection, and issuing its credit memo. The bootstrap
// import registers every approval handler (return_authorization among them) in this bundle.
import "../../core/governance/bootstrap";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { DISPOSITIONS, issueCreditMemo, receiveReturn, requestReturn, type Disposition } from "../../core/sales/returns";
import { write } from "./db";
import type { GovernanceActionState } from "./governance-action-types";
import { attemptForm, formId, formOptional, formText, invalid, rowValues } from "./sales-form-data";
import { requireUser } from "./session";

function dispositionOf(text: string, field: string): Disposition {
  const found = DISPOSITIONS.find((d) => d === text);
  if (!found) throw invalid(field, `one of ${DISPOSITIONS.join(", ")}`);
  return found;
}

export async function requestReturnAction(previous: GovernanceActionState, form: FormData): Promise<GovernanceActionState> {
  const user = await requireUser();
  let rmaId = 0;
  const state = await attemptForm(previous, ["warehouseId", "reason", "lines"], async () => {
    const lines = rowValues(form, "qty-").map((row) => ({ invoiceLineId: row.id, baseQty: row.value, reasonCode: formText(form, `reason-${row.id}`).trim() || "other" }))
      .filter((l) => !/^0*(\.0*)?$/.test(l.baseQty));
    if (lines.length === 0) throw invalid("lines", "enter a quantity to return on at least one line");
    const rma = await write((tx) => requestReturn(tx, user, {
      invoiceId: formId(form, "invoiceId"), warehouseId: formId(form, "warehouseId"), reason: formText(form, "reason"), lines, idempotencyKey: formOptional(form, "idempotencyKey"),
    }));
    rmaId = rma.id;
    return rma.rmaNumber;
  });
  if (state.ok === null) return state;
  revalidatePath("/sales", "layout");
  redirect(`/sales/returns/${rmaId}?done=requested`);
}

export async function receiveReturnAction(previous: GovernanceActionState, form: FormData): Promise<GovernanceActionState> {
  const user = await requireUser();
  let rmaId = 0;
  const state = await attemptForm(previous, ["receivedDate", "lines"], async () => {
    rmaId = formId(form, "rmaId");
    const lines = rowValues(form, "received-").filter((row) => !/^0*(\.0*)?$/.test(row.value)).map((row) => ({
      returnLineId: row.id, baseQty: row.value, disposition: dispositionOf(formText(form, `disposition-${row.id}`), "lines"), note: formOptional(form, `note-${row.id}`),
    }));
    if (lines.length === 0) throw invalid("lines", "enter the quantity received on at least one line");
    return (await write((tx) => receiveReturn(tx, user, { rmaId, receivedDate: formText(form, "receivedDate"), lines, idempotencyKey: formOptional(form, "idempotencyKey") }))).status;
  });
  if (state.ok === null) return state;
  revalidatePath("/sales", "layout");
  redirect(`/sales/returns/${rmaId}?done=received`);
}

export async function issueCreditMemoAction(previous: GovernanceActionState, form: FormData): Promise<GovernanceActionState> {
  const user = await requireUser();
  let rmaId = 0;
  const state = await attemptForm(previous, ["creditDate"], async () => {
    rmaId = formId(form, "rmaId");
    return (await write((tx) => issueCreditMemo(tx, user, { rmaId, creditDate: formText(form, "creditDate"), idempotencyKey: formOptional(form, "idempotencyKey") }))).invoiceNumber;
  });
  if (state.ok === null) return state;
  revalidatePath("/sales", "layout");
  redirect(`/sales/returns/${rmaId}?done=credited`);
}
