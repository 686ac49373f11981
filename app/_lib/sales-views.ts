// Server-side translation of core's order-desk results into the serializable views the client
// forms render (sales-types.ts): money at the currency's digits, margins in percent.
import type { EnteredSalesOrder, LineProposals, SalesOrderDetail } from "../../core/sales";
import { digitsOf, money, type CurrencyDigits } from "./format";
import { percentOfBps, qtyOf } from "./sales-format";
import type { OrderView, ProposalView } from "./sales-types";

function amount(minor: bigint | null, currency: string, digits: CurrencyDigits): string | null {
  return minor === null ? null : `${money(minor, digitsOf(digits, currency))} ${currency}`;
}

export function proposalView(order: SalesOrderDetail, proposal: LineProposals, digits: CurrencyDigits): ProposalView {
  const line = order.lines.find((l) => l.id === proposal.orderLineId);
  return {
    orderLineId: proposal.orderLineId, lineNumber: line?.lineNumber ?? 0, sku: line?.sku ?? String(proposal.itemId), backordered: qtyOf(proposal.backorderedBaseQty),
    substitutes: proposal.substitutes.map((s) => ({
      itemId: s.itemId, sku: s.sku, description: s.description, available: qtyOf(s.availableBaseQty),
      warehouses: s.warehouses.map((w) => ({ id: w.warehouseId, code: w.warehouseCode, qty: qtyOf(w.canShipTodayBaseQty) })),
      uom: s.uom, qty: qtyOf(s.qty), unitPrice: amount(s.unitPriceMinor, order.currency, digits),
      margin: s.marginBps === null ? null : percentOfBps(s.marginBps), marginImpact: s.marginImpactBps === null ? null : percentOfBps(s.marginImpactBps),
    })),
    otherWarehouses: proposal.otherWarehouses.map((w) => ({
      warehouseId: w.warehouseId, code: w.warehouseCode, canShipToday: qtyOf(w.canShipTodayBaseQty), margin: percentOfBps(w.marginBps), marginImpact: percentOfBps(w.marginImpactBps),
    })),
    supplierLeadTime: proposal.supplierLeadTime
      ? { supplierCode: proposal.supplierLeadTime.supplierCode, supplierName: proposal.supplierLeadTime.supplierName, leadTimeDays: proposal.supplierLeadTime.leadTimeDays, preferred: proposal.supplierLeadTime.preferred }
      : null,
  };
}

export function orderView(order: SalesOrderDetail, extras: { proposals: LineProposals[]; warnings: string[]; pricingRequestId: number | null; replayed: boolean }, digits: CurrencyDigits): OrderView {
  const pricingRequestId = extras.pricingRequestId ?? order.lines.find((l) => l.pricingRequestId !== null)?.pricingRequestId ?? null;
  return {
    orderId: order.id, orderNumber: order.orderNumber, status: order.status, customerCode: order.customerCode, customerName: order.customerName,
    currency: order.currency, total: amount(order.totalMinor, order.currency, digits) ?? "",
    creditRequestId: order.creditRequestId, creditHoldReason: order.creditHoldReason, pricingRequestId,
    lines: order.lines.map((l) => ({
      id: l.id, lineNumber: l.lineNumber, sku: l.sku, description: l.description, warehouseCode: l.warehouseCode, uom: l.uom, qty: qtyOf(l.qty),
      ordered: qtyOf(l.baseQtyOrdered), allocated: qtyOf(l.baseQtyAllocated), shipped: qtyOf(l.baseQtyShipped), cancelled: qtyOf(l.baseQtyCancelled),
      backordered: qtyOf(l.backorderedBaseQty), status: l.status, unitPrice: amount(l.unitPriceMinor, order.currency, digits) ?? "",
      priceSource: l.priceSource, margin: percentOfBps(l.marginBps), promisedDate: l.promisedDate, substituteForItemId: l.substituteForItemId,
      pricingRequestId: l.pricingRequestId,
    })),
    warnings: extras.warnings, proposals: extras.proposals.map((p) => proposalView(order, p, digits)), replayed: extras.replayed,
  };
}

export function enteredOrderView(entered: EnteredSalesOrder, digits: CurrencyDigits): OrderView {
  return orderView(entered.order, {
    proposals: entered.proposals, warnings: entered.warnings.map((w) => w.message), pricingRequestId: entered.pricingRequestId, replayed: entered.replayed,
  }, digits);
}
