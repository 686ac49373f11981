// Matrix rows for the order desk: quotes, orders, allocation, backorders and credit. Writes need
// sales:write and reads sales:read, except the stock reservation commands: allocateStock,
// releaseAllocation and reallocateBackorders are run by order entry (sales:write) and by the
// stock side when goods arrive (inventory:write), so a holder of either succeeds. Each
// successful row checks that the command did its work, so a row cannot pass on an empty result.
import assert from "node:assert/strict";
import { SYSTEM_ACTOR } from "../../../core/governance/permissions";
import { allocateStock, receiveStock, releaseAllocation, type AllocationResult } from "../../../core/inventory";
import {
  acceptSubstitute, availableToPromise, cancelOrderLine, cancelSalesOrder, convertQuoteToOrder, createQuote, creditExposure, enterSalesOrder, expireQuotes,
  getLineProposals, getQuoteOrThrow, getSalesOrderOrThrow, listBackorders, listCreditHolds, listPickQueue, listQuotes, listSalesOrders, lookupPrice, quoteConversionRate,
  reallocateBackorders, type AcceptedSubstitute, type AvailableToPromise, type BackorderRow, type CancellationResult, type ConvertedQuote,
  type CreatedQuote, type CreditHoldRow, type CreditPosition, type EnteredSalesOrder, type LineProposals, type PickQueueLine, type QuoteConversionRow, type QuoteListRow,
  type ReallocationResult, type ResolvedPrice, type SalesOrderDetail, type SalesOrderListRow, type SalesQuoteDetail,
} from "../../../core/sales";
import { rolesHoldingAny } from "./approvals-matrix";
import type { PermissionCase } from "./matrix";
import { ORDER_DATE, QUOTE_VALID_UNTIL, type SalesPermissionFixture } from "./sales-fixture-extra";

type Row = PermissionCase<SalesPermissionFixture, any>;

const ALLOCATORS = rolesHoldingAny(["sales:write", "inventory:write"]);
const LATER = ORDER_DATE.replace("-04-01", "-04-10");

const line = (f: SalesPermissionFixture, itemId: number, baseQty: string) => ({ itemId, warehouseId: f.sales.warehouseId, baseQty });

const writeRows: Row[] = [
  { name: "enterSalesOrder", permission: "sales:write",
    check: (result: EnteredSalesOrder) => assert.deepEqual([result.order.status, result.order.lines[0]!.status], ["released", "allocated"]),
    run: (tx, actor, f) => enterSalesOrder(tx, actor, { entityId: f.entityId, customerId: f.sales.customerId, channel: "phone", orderDate: LATER,
      lines: [{ itemId: f.sales.stockedItemId, warehouseId: f.sales.warehouseId, uom: "EA", qty: "2" }] }) },
  { name: "acceptSubstitute", permission: "sales:write",
    check: (result: AcceptedSubstitute, _role, f) => {
      const added = result.order.lines.find((l) => l.id === result.substituteLineId);
      assert.deepEqual([added?.itemId, added?.substituteForItemId, added?.status], [f.sales.substituteItemId, f.sales.shortItemId, "allocated"]);
    },
    run: (tx, actor, f) => acceptSubstitute(tx, actor, { orderLineId: f.sales.backorderedLineId, substituteItemId: f.sales.substituteItemId }) },
  { name: "cancelOrderLine", permission: "sales:write",
    check: (result: CancellationResult, _role, f) => assert.deepEqual(result.lines.map((l) => l.orderLineId), [f.sales.backorderedLineId]),
    run: (tx, actor, f) => cancelOrderLine(tx, actor, { orderLineId: f.sales.backorderedLineId, reason: "customer no longer needs it" }) },
  { name: "cancelSalesOrder", permission: "sales:write",
    check: (result: CancellationResult) => assert.equal(result.orderStatus, "cancelled"),
    run: (tx, actor, f) => cancelSalesOrder(tx, actor, { orderId: f.sales.orderId, reason: "customer cancelled" }) },
  { name: "createQuote", permission: "sales:write",
    check: (result: CreatedQuote) => assert.deepEqual([result.replayed, result.quote.lines.length], [false, 1]),
    run: (tx, actor, f) => createQuote(tx, actor, { entityId: f.entityId, customerId: f.sales.customerId, quoteDate: ORDER_DATE, validUntil: QUOTE_VALID_UNTIL,
      lines: [{ itemId: f.sales.substituteItemId, uom: "EA", qty: "3" }] }) },
  { name: "convertQuoteToOrder", permission: "sales:write",
    check: (result: ConvertedQuote) => assert.deepEqual([result.quote.status, result.order.order.status], ["converted", "released"]),
    run: (tx, actor, f) => convertQuoteToOrder(tx, actor, { quoteId: f.sales.quoteId, orderDate: LATER, channel: "web" }) },
  { name: "expireQuotes", permission: "sales:write",
    check: (result: { expired: number }) => assert.equal(result.expired, 1),
    run: (tx, actor, f) => expireQuotes(tx, actor, { entityId: f.entityId, asOfDate: QUOTE_VALID_UNTIL.replace("-04-30", "-05-01") }) },
];

const readRows: Row[] = [
  { name: "availableToPromise", permission: "sales:read",
    check: (result: AvailableToPromise) => assert.equal(result.canShipTodayBaseQty, "10"),
    run: (tx, actor, f) => availableToPromise(tx, actor, { entityId: f.entityId, itemId: f.sales.stockedItemId, baseQty: "10", requestDate: LATER }) },
  { name: "lookupPrice", permission: "sales:read",
    check: (result: ResolvedPrice) => assert.equal(result.unitPriceMinor, 1_000n),
    run: (tx, actor, f) => lookupPrice(tx, actor, { entityId: f.entityId, customerId: f.sales.customerId, itemId: f.sales.shortItemId, uom: "EA", qty: "1", date: ORDER_DATE }) },
  { name: "creditExposure", permission: "sales:read",
    check: (result: CreditPosition) => assert.deepEqual([result.onHold, result.openOrdersBaseMinor > 0n], [false, true]),
    run: (tx, actor, f) => creditExposure(tx, actor, { entityId: f.entityId, customerId: f.sales.customerId, date: ORDER_DATE }) },
  { name: "getLineProposals", permission: "sales:read",
    check: (result: LineProposals | null, _role, f) => assert.deepEqual(result?.substitutes.map((s) => s.itemId), [f.sales.substituteItemId]),
    run: (tx, actor, f) => getLineProposals(tx, actor, { orderLineId: f.sales.backorderedLineId }) },
  { name: "getQuoteOrThrow", permission: "sales:read",
    check: (result: SalesQuoteDetail, _role, f) => assert.equal(result.id, f.sales.quoteId),
    run: (tx, actor, f) => getQuoteOrThrow(tx, actor, f.sales.quoteId) },
  { name: "getSalesOrderOrThrow", permission: "sales:read",
    check: (result: SalesOrderDetail) => assert.equal(result.lines.length, 2),
    run: (tx, actor, f) => getSalesOrderOrThrow(tx, actor, f.sales.orderId) },
  { name: "listBackorders", permission: "sales:read",
    check: (result: BackorderRow[], _role, f) => assert.deepEqual(result.map((r) => r.orderLineId), [f.sales.backorderedLineId]),
    run: (tx, actor, f) => listBackorders(tx, actor, { entityId: f.entityId }) },
  { name: "listCreditHolds", permission: "sales:read",
    check: (result: CreditHoldRow[], _role, f) => assert.deepEqual(result.map((r) => r.orderId), [f.sales.heldOrderId]),
    run: (tx, actor, f) => listCreditHolds(tx, actor, { entityId: f.entityId }) },
  { name: "listSalesOrders", permission: "sales:read",
    check: (result: { rows: SalesOrderListRow[] }) => assert.equal(result.rows.length, 2),
    run: (tx, actor, f) => listSalesOrders(tx, actor, { entityId: f.entityId }) },
  { name: "listQuotes", permission: "sales:read",
    check: (result: { rows: QuoteListRow[] }, _role, f) => assert.deepEqual(result.rows.map((r) => r.quoteId), [f.sales.quoteId]),
    run: (tx, actor, f) => listQuotes(tx, actor, { entityId: f.entityId }) },
  { name: "listPickQueue", permission: "sales:read",
    check: (result: PickQueueLine[], _role, f) => assert.ok(result.some((r) => r.orderLineId === f.sales.allocatedLineId), "the allocated line waits to be picked"),
    run: (tx, actor, f) => listPickQueue(tx, actor, { entityId: f.entityId, warehouseId: f.sales.warehouseId }) },
  { name: "quoteConversionRate", permission: "sales:read",
    check: (result: QuoteConversionRow[]) => assert.deepEqual(result.map((r) => r.quoteCount), [1]),
    run: (tx, actor, f) => quoteConversionRate(tx, actor, { entityId: f.entityId, fromDate: ORDER_DATE, toDate: QUOTE_VALID_UNTIL }) },
];

const allocationRows: Row[] = [
  { name: "reallocateBackorders", allowed: ALLOCATORS,
    // Five more of the short item arrive: the backordered line takes them.
    prepare: (tx, f) => receiveStock(tx, SYSTEM_ACTOR, { entityId: f.entityId, documentDate: LATER, warehouseId: f.sales.warehouseId, kind: "receipt",
      lines: [{ itemId: f.sales.shortItemId, qty: "5", unitCostMinor: 500 }] }),
    check: (result: ReallocationResult, _role, f) => assert.deepEqual(result.lines.map((l) => [l.orderLineId, l.allocatedBaseQty]), [[f.sales.backorderedLineId, "5"]]),
    run: (tx, actor, f) => reallocateBackorders(tx, actor, { itemId: f.sales.shortItemId, warehouseId: f.sales.warehouseId }) },
  { name: "allocateStock", allowed: ALLOCATORS,
    check: (result: AllocationResult) => assert.equal(result.lines[0]!.allocatedBaseQty, "7"),
    run: (tx, actor, f) => allocateStock(tx, actor, { entityId: f.entityId, lines: [line(f, f.sales.stockedItemId, "7")] }) },
  { name: "releaseAllocation", allowed: ALLOCATORS,
    prepare: (tx, f) => allocateStock(tx, SYSTEM_ACTOR, { entityId: f.entityId, lines: [line(f, f.sales.stockedItemId, "7")] }),
    check: (result: AllocationResult) => assert.equal(result.lines[0]!.allocatedBaseQty, "-7"),
    run: (tx, actor, f) => releaseAllocation(tx, actor, { entityId: f.entityId, lines: [line(f, f.sales.stockedItemId, "7")] }) },
];

export const SALES_MATRIX: Row[] = [...writeRows, ...readRows, ...allocationRows];
