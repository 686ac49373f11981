// Matrix rows for the sales back office, each the rule its command really checks:
// - fulfilment (pick lists, packing, shipping, cancelling) is stock work: inventory:write;
// - invoices, customer payments, cash and credit applications and credit memos post to AR:
//   sales.receivables:write;
// - a return is requested by the order desk (sales:write) and received into stock by the
//   warehouse (inventory:write);
// - every read here (shipments, invoices, statements, payments, applications, aging, returns)
//   needs sales:read, which every role holds.
// arReconciliation takes no actor (it is the reconciliation job's check) and is not a row. Each
// successful row checks that the command did its work, so a row cannot pass on an empty result.
import assert from "node:assert/strict";
import {
  applyCreditMemoToInvoice, applyUnappliedCash, arAging, cancelShipment, createPickList, customerStatement, getInvoiceOrThrow, getPaymentOrThrow,
  getReturnOrThrow, getShipmentOrThrow, invoiceShipment, invoiceUninvoicedShipments, issueCreditMemo, listInvoiceApplications, listInvoices, listPayments,
  listReturns, listShipments, packShipment, receiveCustomerPayment, receiveReturn, requestReturn, shipShipment,
  type ArAging, type CustomerStatement, type InvoiceBatchResult, type InvoiceDetail, type InvoiceListRow, type PaymentDetail, type PaymentListRow,
  type ReturnDetail, type ReturnListRow, type ShipmentDetail, type ShipmentListRow,
} from "../../../core/sales";
import type { PermissionCase } from "./matrix";
import { ACTION_DATE, type SalesBackofficeFixture } from "./sales-backoffice-fixture";

type Row = PermissionCase<SalesBackofficeFixture, any>;

const MONTH = { from: ACTION_DATE.replace("-15", "-01"), to: ACTION_DATE.replace("-15", "-30") };

const fulfilmentRows: Row[] = [
  { name: "createPickList", permission: "inventory:write",
    // The order desk's order: 5 of the stocked item allocated, 10 of the short item allocated (20 backordered).
    check: (result: ShipmentDetail, _role, f) => {
      assert.deepEqual([result.status, result.orderId], ["picking", f.sales.orderId]);
      assert.deepEqual(result.lines.map((l) => [l.orderLineId, l.baseQty]), [[f.sales.allocatedLineId, "5"], [f.sales.backorderedLineId, "10"]]);
    },
    run: (tx, actor, f) => createPickList(tx, actor, { orderId: f.sales.orderId, warehouseId: f.sales.warehouseId }) },
  { name: "packShipment", permission: "inventory:write",
    check: (result: ShipmentDetail, _role, f) => assert.deepEqual([result.id, result.status, result.packageCount, result.carrier], [f.backoffice.pickingShipmentId, "packed", 3, "FedEx"]),
    run: (tx, actor, f) => packShipment(tx, actor, { shipmentId: f.backoffice.pickingShipmentId, packageCount: 3, carrier: "FedEx" }) },
  { name: "shipShipment", permission: "inventory:write",
    // Four units at the moving average of 5.00 leave stock: Dr COGS, Cr Inventory 20.00.
    check: (result: ShipmentDetail, _role, f) => {
      assert.deepEqual([result.id, result.status, result.shipDate, result.trackingNumber], [f.backoffice.packedShipmentId, "shipped", ACTION_DATE, "1Z999"]);
      assert.deepEqual(result.lines.map((l) => l.costValueMinor), [2_000n]);
      assert.ok(result.journalEntryId, "shipping posted the stock issue");
    },
    run: (tx, actor, f) => shipShipment(tx, actor, { shipmentId: f.backoffice.packedShipmentId, shipDate: ACTION_DATE, trackingNumber: "1Z999" }) },
  { name: "cancelShipment", permission: "inventory:write",
    check: (result: ShipmentDetail, _role, f) => assert.deepEqual([result.id, result.status], [f.backoffice.pickingShipmentId, "cancelled"]),
    run: (tx, actor, f) => cancelShipment(tx, actor, { shipmentId: f.backoffice.pickingShipmentId }) },
  { name: "getShipmentOrThrow", permission: "sales:read",
    check: (result: ShipmentDetail, _role, f) => {
      assert.deepEqual([result.id, result.status, result.customerId], [f.backoffice.shippedShipmentId, "shipped", f.sales.customerId]);
      assert.deepEqual(result.lines.map((l) => [l.baseQty, l.baseQtyInvoiced]), [["10", "10"]]);
    },
    run: (tx, actor, f) => getShipmentOrThrow(tx, actor, f.backoffice.shippedShipmentId) },
  { name: "listShipments", permission: "sales:read",
    check: (result: ShipmentListRow[], _role, f) => assert.deepEqual(result.map((r) => r.id), [f.backoffice.uninvoicedShipmentId]),
    run: (tx, actor, f) => listShipments(tx, actor, { entityId: f.entityId, uninvoicedOnly: true }) },
];

const invoicingRows: Row[] = [
  { name: "invoiceShipment", permission: "sales.receivables:write",
    // Three units at 10.00, no tax: 30.00 to AR.
    check: (result: InvoiceDetail, _role, f) => {
      assert.deepEqual([result.kind, result.shipmentId, result.totalMinor, result.status], ["invoice", f.backoffice.uninvoicedShipmentId, 3_000n, "open"]);
      assert.ok(result.journalEntryId, "the invoice posted to AR");
    },
    run: (tx, actor, f) => invoiceShipment(tx, actor, { shipmentId: f.backoffice.uninvoicedShipmentId, invoiceDate: ACTION_DATE }) },
  { name: "invoiceUninvoicedShipments", permission: "sales.receivables:write",
    check: (result: InvoiceBatchResult, _role, f) => {
      assert.deepEqual(result.invoices.map((i) => [i.shipmentId, i.totalMinor]), [[f.backoffice.uninvoicedShipmentId, 3_000n]]);
      assert.equal(result.remaining, false);
    },
    run: (tx, actor, f) => invoiceUninvoicedShipments(tx, actor, { entityId: f.entityId, invoiceDate: ACTION_DATE }) },
  { name: "getInvoiceOrThrow", permission: "sales:read",
    check: (result: InvoiceDetail, _role, f) => assert.deepEqual([result.id, result.openMinor, result.lines.length], [f.backoffice.invoiceId, f.backoffice.invoiceTotalMinor, 1]),
    run: (tx, actor, f) => getInvoiceOrThrow(tx, actor, f.backoffice.invoiceId) },
  { name: "listInvoices", permission: "sales:read",
    check: (result: InvoiceListRow[], _role, f) => assert.deepEqual(result.map((r) => [r.id, r.status]),
      [[f.backoffice.paidInvoiceId, "paid"], [f.backoffice.invoiceId, "open"]]),
    run: (tx, actor, f) => listInvoices(tx, actor, { entityId: f.entityId, kind: "invoice" }) },
  { name: "customerStatement", permission: "sales:read",
    // Two invoices, two payments and a credit memo; what is owed is the
    // first invoice less the unapplied cash and the open credit memo (the second invoice is paid).
    check: (result: CustomerStatement, _role, f) => {
      const [usd] = result.sections;
      assert.deepEqual([result.sections.length, usd?.currency], [1, "USD"]);
      assert.deepEqual(usd!.lines.map((l) => l.kind).sort(), ["credit_memo", "invoice", "invoice", "payment", "payment"]);
      assert.equal(usd!.closingBalanceMinor, f.backoffice.invoiceTotalMinor - f.backoffice.unappliedMinor - f.backoffice.creditMemoTotalMinor);
    },
    run: (tx, actor, f) => customerStatement(tx, actor, { customerId: f.sales.customerId, ...MONTH }) },
];

const paymentRows: Row[] = [
  { name: "receiveCustomerPayment", permission: "sales.receivables:write",
    check: (result: PaymentDetail, _role, f) => {
      assert.deepEqual([result.amountMinor, result.unappliedMinor], [1_500n, 0n]);
      assert.deepEqual(result.applications.map((a) => [a.invoiceId, a.amountMinor]), [[f.backoffice.invoiceId, 1_500n]]);
      assert.ok(result.journalEntryId, "the payment posted");
    },
    run: (tx, actor, f) => receiveCustomerPayment(tx, actor, { entityId: f.entityId, customerId: f.sales.customerId, receivedDate: ACTION_DATE, amountMinor: 1_500n,
      currency: "USD", method: "wire", applications: [{ invoiceId: f.backoffice.invoiceId, amountMinor: 1_500n }] }) },
  { name: "applyUnappliedCash", permission: "sales.receivables:write",
    check: (result: PaymentDetail, _role, f) => {
      assert.equal(result.unappliedMinor, f.backoffice.unappliedMinor - 2_000n);
      assert.deepEqual(result.applications.map((a) => [a.invoiceId, a.amountMinor]), [[f.backoffice.invoiceId, 2_000n]]);
    },
    run: (tx, actor, f) => applyUnappliedCash(tx, actor, { paymentId: f.backoffice.unappliedPaymentId, appliedDate: ACTION_DATE,
      applications: [{ invoiceId: f.backoffice.invoiceId, amountMinor: 2_000n }] }) },
  { name: "applyCreditMemoToInvoice", permission: "sales.receivables:write",
    check: (result: InvoiceDetail, _role, f) => assert.deepEqual([result.id, result.status, result.appliedMinor, result.openMinor],
      [f.backoffice.creditMemoId, "paid", f.backoffice.creditMemoTotalMinor, 0n]),
    run: (tx, actor, f) => applyCreditMemoToInvoice(tx, actor, { creditMemoId: f.backoffice.creditMemoId, invoiceId: f.backoffice.invoiceId, appliedDate: ACTION_DATE }) },
  { name: "getPaymentOrThrow", permission: "sales:read",
    check: (result: PaymentDetail, _role, f) => assert.deepEqual([result.id, result.unappliedMinor, result.reference], [f.backoffice.unappliedPaymentId, f.backoffice.unappliedMinor, "chk 2001"]),
    run: (tx, actor, f) => getPaymentOrThrow(tx, actor, f.backoffice.unappliedPaymentId) },
  { name: "listPayments", permission: "sales:read",
    check: (result: PaymentListRow[], _role, f) => assert.deepEqual(result.map((r) => r.id), [f.backoffice.unappliedPaymentId]),
    run: (tx, actor, f) => listPayments(tx, actor, { entityId: f.entityId, unappliedOnly: true }) },
  { name: "listInvoiceApplications", permission: "sales:read",
    check: (result: Awaited<ReturnType<typeof listInvoiceApplications>>, _role, f) => assert.deepEqual(result.map((a) => [a.paymentId, a.amountMinor]),
      [[f.backoffice.fullPaymentId, f.backoffice.paidInvoiceTotalMinor]]),
    run: (tx, actor, f) => listInvoiceApplications(tx, actor, f.backoffice.paidInvoiceId) },
  { name: "arAging", permission: "sales:read",
    // The first invoice is not yet due; the open credit memo and the unapplied cash are listed beside it.
    check: (result: ArAging, _role, f) => {
      assert.deepEqual(result.rows.map((r) => r.customerId), [f.sales.customerId]);
      const [row] = result.rows;
      assert.deepEqual([row!.document.current, row!.document.total, row!.creditsMinor, row!.unappliedCashMinor],
        [f.backoffice.invoiceTotalMinor, f.backoffice.invoiceTotalMinor, f.backoffice.creditMemoTotalMinor, f.backoffice.unappliedMinor]);
    },
    run: (tx, actor, f) => arAging(tx, actor, { entityId: f.entityId, asOf: MONTH.to }) },
];

const returnRows: Row[] = [
  { name: "requestReturn", permission: "sales:write",
    // One unit (10.00) is under the policy's 200.00: auto-approved.
    check: (result: ReturnDetail, _role, f) => {
      assert.deepEqual([result.invoiceId, result.status], [f.backoffice.invoiceId, "approved"]);
      assert.deepEqual(result.lines.map((l) => [l.invoiceLineId, l.baseQty]), [[f.backoffice.invoiceLineId, "1"]]);
      assert.ok(result.approvalRequestId, "the return went through the approval engine");
    },
    run: (tx, actor, f) => requestReturn(tx, actor, { invoiceId: f.backoffice.invoiceId, warehouseId: f.sales.warehouseId, reason: "Wrong colour",
      lines: [{ invoiceLineId: f.backoffice.invoiceLineId, baseQty: "1", reasonCode: "wrong_item" }] }) },
  { name: "receiveReturn", permission: "inventory:write",
    check: (result: ReturnDetail, _role, f) => {
      assert.deepEqual([result.id, result.status], [f.backoffice.approvedRmaId, "received"]);
      assert.deepEqual(result.lines.map((l) => [l.baseQtyReceived, l.disposition]), [["2", "restock"]]);
    },
    run: (tx, actor, f) => receiveReturn(tx, actor, { rmaId: f.backoffice.approvedRmaId, receivedDate: ACTION_DATE,
      lines: [{ returnLineId: f.backoffice.approvedReturnLineId, baseQty: "2", disposition: "restock" }] }) },
  { name: "issueCreditMemo", permission: "sales.receivables:write",
    // Two units at 10.00 credited and applied to the open first invoice.
    check: (result: InvoiceDetail, _role, f) => {
      assert.deepEqual([result.kind, result.returnAuthorizationId, result.originalInvoiceId], ["credit_memo", f.backoffice.receivedRmaId, f.backoffice.invoiceId]);
      assert.deepEqual([result.totalMinor, result.appliedMinor, result.status], [2_000n, 2_000n, "paid"]);
    },
    run: (tx, actor, f) => issueCreditMemo(tx, actor, { rmaId: f.backoffice.receivedRmaId, creditDate: ACTION_DATE }) },
  { name: "getReturnOrThrow", permission: "sales:read",
    check: (result: ReturnDetail, _role, f) => assert.deepEqual([result.id, result.status, result.lines[0]?.baseQtyReceived], [f.backoffice.receivedRmaId, "received", "2"]),
    run: (tx, actor, f) => getReturnOrThrow(tx, actor, f.backoffice.receivedRmaId) },
  { name: "listReturns", permission: "sales:read",
    check: (result: ReturnListRow[], _role, f) => assert.deepEqual(result.map((r) => [r.id, r.status]).sort((a, b) => Number(a[0]) - Number(b[0])), [
      [f.backoffice.creditedRmaId, "credited"], [f.backoffice.approvedRmaId, "approved"], [f.backoffice.receivedRmaId, "received"]]),
    run: (tx, actor, f) => listReturns(tx, actor, { entityId: f.entityId }) },
];

export const SALES_BACKOFFICE_MATRIX: Row[] = [...fulfilmentRows, ...invoicingRows, ...paymentRows, ...returnRows];
