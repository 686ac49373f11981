"use server";
// Server actions of the shipping pages: pick lists, packing, shipping and cancelling, each one
// fulfilment command in one transaction as the signed-in user.
import "../../core/governance/bootstrap";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { cancelShipment, createPickList, packShipment, shipShipment } from "../../core/sales/fulfilment";
import { write } from "./db";
import type { GovernanceActionState } from "./governance-action-types";
import { attemptForm, formId, formInteger, formOptional, formText, invalid, rowValues } from "./sales-form-data";
import { requireUser } from "./session";

/** Creates a pick list for the quantities typed per order line (base units) in one warehouse. */
export async function createPickListAction(previous: GovernanceActionState, form: FormData): Promise<GovernanceActionState> {
  const user = await requireUser();
  let shipmentId = 0;
  const state = await attemptForm(previous, ["lines"], async () => {
    const lines = rowValues(form, "pick-").map((row) => ({ orderLineId: row.id, baseQty: row.value })).filter((l) => !/^0*(\.0*)?$/.test(l.baseQty));
    if (lines.length === 0) throw invalid("lines", "enter a quantity to pick on at least one line");
    const shipment = await write((tx) => createPickList(tx, user, {
      orderId: formId(form, "orderId"), warehouseId: formId(form, "warehouseId"), lines, idempotencyKey: formOptional(form, "idempotencyKey"),
    }));
    shipmentId = shipment.id;
    return shipment.shipmentNumber;
  });
  if (state.ok === null) return state;
  revalidatePath("/sales", "layout");
  redirect(`/sales/shipments/${shipmentId}?done=picking`);
}

export async function packShipmentAction(previous: GovernanceActionState, form: FormData): Promise<GovernanceActionState> {
  const user = await requireUser();
  const state = await attemptForm(previous, ["packageCount", "carrier"], async () => {
    const shipment = await write((tx) => packShipment(tx, user, { shipmentId: formId(form, "shipmentId"), packageCount: formInteger(form, "packageCount"), carrier: formText(form, "carrier") }));
    return `Packed ${shipment.shipmentNumber}: ${shipment.packageCount} package(s) with ${shipment.carrier}.`;
  });
  if (state.ok !== null) revalidatePath("/sales", "layout");
  return state;
}

export async function shipShipmentAction(previous: GovernanceActionState, form: FormData): Promise<GovernanceActionState> {
  const user = await requireUser();
  let shipmentId = 0;
  const state = await attemptForm(previous, ["shipDate", "trackingNumber"], async () => {
    shipmentId = formId(form, "shipmentId");
    const shipment = await write((tx) => shipShipment(tx, user, {
      shipmentId, shipDate: formText(form, "shipDate"), trackingNumber: formOptional(form, "trackingNumber"), idempotencyKey: formOptional(form, "idempotencyKey"),
    }));
    return shipment.status;
  });
  if (state.ok === null) return state;
  revalidatePath("/sales", "layout");
  redirect(`/sales/shipments/${shipmentId}?done=shipped`);
}

export async function cancelShipmentAction(previous: GovernanceActionState, form: FormData): Promise<GovernanceActionState> {
  const user = await requireUser();
  let shipmentId = 0;
  const state = await attemptForm(previous, [], async () => {
    shipmentId = formId(form, "shipmentId");
    return (await write((tx) => cancelShipment(tx, user, { shipmentId }))).status;
  });
  if (state.ok === null) return state;
  revalidatePath("/sales", "layout");
  redirect(`/sales/shipments/${shipmentId}?done=cancelled`);
}
