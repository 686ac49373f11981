// The back office on top of the order desk's permission fixture, built with the real commands
// as the system actor: the return_authorization policy; two orders shipped and invoiced (the
// second paid in full); a payment with unapplied cash; a shipped shipment not yet invoiced, a
// packed one and one still picking; on the first invoice an RMA approved and one approved and
// received; on the paid invoice an RMA received and credited, whose credit memo stays open
// because its invoice has nothing left to take.
import type { Db, Tx } from "../../../core/db/client";
import { inTransaction } from "../../../core/db/transaction";
import { SYSTEM_ACTOR } from "../../../core/governance";
import { createPolicyVersion, DEFAULT_POLICIES } from "../../../core/governance/approvals";
import {
  createPickList, enterSalesOrder, invoiceShipment, issueCreditMemo, packShipment, receiveCustomerPayment, receiveReturn, requestReturn, shipShipment,
  type InvoiceDetail, type ReturnDetail, type ShipmentDetail,
} from "../../../core/sales";
import { assert } from "../../../core/shared/assert";
import { FIXTURE_YEAR } from "../../support/ledger-fixture";
import { buildSalesPermissionFixture, type SalesPermissionFixture } from "./sales-fixture-extra";

/** The day the fixture's documents are dated; the matrix rows act later, on ACTION_DATE. */
export const DOCUMENT_DATE = `${FIXTURE_YEAR}-04-02`;
export const ACTION_DATE = `${FIXTURE_YEAR}-04-15`;

export type SalesBackofficeFixture = SalesPermissionFixture & {
  backoffice: {
    /** 10 of the stocked item, shipped and invoiced; open in full. */
    invoiceId: number;
    invoiceLineId: number;
    invoiceTotalMinor: bigint;
    /** Its shipment, shipped and fully invoiced. */
    shippedShipmentId: number;
    /** 2 of the stocked item, invoiced and paid in full by fullPaymentId. */
    paidInvoiceId: number;
    paidInvoiceTotalMinor: bigint;
    fullPaymentId: number;
    /** Received without applications: all of it is unapplied cash. */
    unappliedPaymentId: number;
    unappliedMinor: bigint;
    /** Shipped, nothing invoiced yet (3 of the stocked item). */
    uninvoicedShipmentId: number;
    /** Packed, not shipped (4 of the stocked item). */
    packedShipmentId: number;
    /** Picking, not packed (6 of the stocked item). */
    pickingShipmentId: number;
    /** Against invoiceId, 2 units: approved, nothing received. */
    approvedRmaId: number;
    approvedReturnLineId: number;
    /** Against invoiceId, 2 units: approved and received (restocked), not credited. */
    receivedRmaId: number;
    /** Against paidInvoiceId, 1 unit: received and credited by creditMemoId. */
    creditedRmaId: number;
    /** Open in full: the paid invoice could take none of it. */
    creditMemoId: number;
    creditMemoTotalMinor: bigint;
  };
};

type Context = { tx: Tx; f: SalesPermissionFixture };

/** A released order of the order desk customer for some of the stocked item, picked in full. */
async function pickedOrder(c: Context, qty: string): Promise<ShipmentDetail> {
  const { sales, entityId } = c.f;
  const order = await enterSalesOrder(c.tx, SYSTEM_ACTOR, { entityId, customerId: sales.customerId, channel: "phone", orderDate: DOCUMENT_DATE,
    lines: [{ itemId: sales.stockedItemId, warehouseId: sales.warehouseId, uom: "EA", qty }] });
  assert(order.order.status === "released", `the order is released, got ${order.order.status}`);
  return createPickList(c.tx, SYSTEM_ACTOR, { orderId: order.order.id, warehouseId: sales.warehouseId });
}

async function shippedOrder(c: Context, qty: string): Promise<ShipmentDetail> {
  const pick = await pickedOrder(c, qty);
  return shipShipment(c.tx, SYSTEM_ACTOR, { shipmentId: pick.id, shipDate: DOCUMENT_DATE });
}

async function invoicedOrder(c: Context, qty: string): Promise<{ shipment: ShipmentDetail; invoice: InvoiceDetail }> {
  const shipment = await shippedOrder(c, qty);
  const invoice = await invoiceShipment(c.tx, SYSTEM_ACTOR, { shipmentId: shipment.id, invoiceDate: DOCUMENT_DATE });
  return { shipment, invoice };
}

/** An RMA for qty of the invoice's first line, auto-approved by the policy (small), optionally received as restock. */
async function approvedReturn(c: Context, invoice: InvoiceDetail, qty: string, receive: boolean): Promise<ReturnDetail> {
  const rma = await requestReturn(c.tx, SYSTEM_ACTOR, { invoiceId: invoice.id, warehouseId: c.f.sales.warehouseId, reason: "Damaged in transit",
    lines: [{ invoiceLineId: invoice.lines[0]!.id, baseQty: qty, reasonCode: "damaged" }] });
  assert(rma.status === "approved", `a small return is auto-approved, got ${rma.status}`);
  if (!receive) return rma;
  return receiveReturn(c.tx, SYSTEM_ACTOR, { rmaId: rma.id, receivedDate: DOCUMENT_DATE,
    lines: [{ returnLineId: rma.lines[0]!.id, baseQty: qty, disposition: "restock" }] });
}

async function payments(c: Context, paid: InvoiceDetail) {
  const base = { entityId: c.f.entityId, customerId: c.f.sales.customerId, receivedDate: DOCUMENT_DATE, currency: "USD", method: "ach" as const };
  const full = await receiveCustomerPayment(c.tx, SYSTEM_ACTOR, { ...base, amountMinor: paid.totalMinor, applications: [{ invoiceId: paid.id, amountMinor: paid.totalMinor }] });
  const unapplied = await receiveCustomerPayment(c.tx, SYSTEM_ACTOR, { ...base, amountMinor: 5_000n, reference: "chk 2001" });
  assert(unapplied.unappliedMinor === 5_000n, "the second payment is all unapplied cash");
  return { fullPaymentId: full.id, unappliedPaymentId: unapplied.id, unappliedMinor: unapplied.unappliedMinor };
}

async function build(c: Context): Promise<SalesBackofficeFixture["backoffice"]> {
  const { tx } = c;
  await createPolicyVersion(tx, SYSTEM_ACTOR, { kind: "return_authorization", name: DEFAULT_POLICIES.return_authorization.name, rules: DEFAULT_POLICIES.return_authorization.rules });
  const first = await invoicedOrder(c, "10");
  const paid = await invoicedOrder(c, "2");
  const cash = await payments(c, paid.invoice);
  const creditedRma = await approvedReturn(c, paid.invoice, "1", true);
  const memo = await issueCreditMemo(tx, SYSTEM_ACTOR, { rmaId: creditedRma.id, creditDate: DOCUMENT_DATE });
  assert(memo.status === "open" && memo.appliedMinor === 0n, "the credit memo of a paid invoice stays open");
  const approvedRma = await approvedReturn(c, first.invoice, "2", false);
  const receivedRma = await approvedReturn(c, first.invoice, "2", true);
  assert(receivedRma.status === "received", "the second RMA is received");
  const uninvoiced = await shippedOrder(c, "3");
  const packed = await packShipment(tx, SYSTEM_ACTOR, { shipmentId: (await pickedOrder(c, "4")).id, packageCount: 1, carrier: "UPS" });
  const picking = await pickedOrder(c, "6");
  return {
    invoiceId: first.invoice.id, invoiceLineId: first.invoice.lines[0]!.id, invoiceTotalMinor: first.invoice.totalMinor, shippedShipmentId: first.shipment.id,
    paidInvoiceId: paid.invoice.id, paidInvoiceTotalMinor: paid.invoice.totalMinor, ...cash,
    uninvoicedShipmentId: uninvoiced.id, packedShipmentId: packed.id, pickingShipmentId: picking.id,
    approvedRmaId: approvedRma.id, approvedReturnLineId: approvedRma.lines[0]!.id, receivedRmaId: receivedRma.id,
    creditedRmaId: creditedRma.id, creditMemoId: memo.id, creditMemoTotalMinor: memo.totalMinor,
  };
}

export async function buildSalesBackofficeFixture(db: Db): Promise<SalesBackofficeFixture> {
  const f = await buildSalesPermissionFixture(db);
  const backoffice = await inTransaction(db, (tx) => build({ tx, f }));
  return { ...f, backoffice };
}
