// Proves quotes on real rows: lines priced like orders, conversion of all or some lines and of
// part of a line at the quoted price (tracked in base_qty_converted and the quote status),
// refusals for expired quotes and for more than remains, idempotent conversion, manual quoted
// prices held for approval on the order, and the conversion rate by month.
import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "drizzle-orm";
import type { Tx } from "../../../core/db/client";
import { SalesError, convertQuoteToOrder, createQuote, expireQuotes, getQuoteOrThrow, quoteConversionRate } from "../../../core/sales";
import { rejectsWithCode } from "../../support/assertions";
import { useTestDatabase, withRollback } from "../../support/database";
import { createSalesFixture, receive } from "../../support/sales-fixture";

const { db } = await useTestDatabase();
const fx = await createSalesFixture(db, { code: "QU" });
const [itemA, itemB] = fx.itemIds as [number, number];
const [whA] = fx.warehouseIds;
await receive(db, fx, itemA, whA, "100");
await receive(db, fx, itemB, whA, "100");

const quote = (tx: Tx, lines: Parameters<typeof createQuote>[2]["lines"], extra: Partial<Parameters<typeof createQuote>[2]> = {}) =>
  createQuote(tx, fx.users.clerk, { entityId: fx.entityId, customerId: fx.customers.silver, quoteDate: "2026-04-01", validUntil: "2026-04-30", lines, ...extra });

test("creates a quote with lines priced for the customer and their margins", async () => {
  await withRollback(db, async (tx) => {
    const created = await quote(tx, [{ itemId: itemA, uom: "EA", qty: "12" }, { itemId: itemB, uom: "CS", qty: "1", warehouseId: whA }]);
    assert.equal(created.quote.quoteNumber, `QT-QU-${String(created.quote.id).padStart(8, "0")}`);
    assert.equal(created.quote.status, "open");
    assert.deepEqual(created.quote.lines.map((l) => [l.unitPriceMinor, l.priceSource, l.baseQty, l.warehouseId]),
      [[900n, "price_break", "12.0000", whA], [10_800n, "price_list", "12.0000", whA]]);
    assert.equal(created.quote.totalMinor, 21_600n);
    assert.deepEqual(created.margins.map((m) => [m.marginBps, m.belowMarginFloor]), [[3333, false], [3333, false]]);
    await rejectsWithCode(() => quote(tx, [{ itemId: itemA, uom: "EA", qty: "1" }], { validUntil: "2026-03-01" }), SalesError.QUOTE_DATES_INVALID);
  });
});

test("converts part of a line, then the rest, at the quoted price; tracks converted quantities and status", async () => {
  await withRollback(db, async (tx) => {
    const created = await quote(tx, [{ itemId: itemA, uom: "CS", qty: "3" }, { itemId: itemB, uom: "EA", qty: "4" }]);
    const [cases, eaches] = created.quote.lines;
    // The list price rises after the quote: the quoted price still holds.
    await tx.execute(sql`update price_list_line set unit_price_minor = 12000 where uom = 'CS' and item_id = ${itemA}`);
    const first = await convertQuoteToOrder(tx, fx.users.clerk, { quoteId: created.quote.id, orderDate: "2026-04-10", channel: "web",
      lines: [{ quoteLineId: cases!.id, qty: "1" }] });
    assert.equal(first.quote.status, "partially_converted");
    assert.deepEqual(first.quote.lines.map((l) => [l.baseQtyConverted, l.remainingBaseQty]), [["12.0000", "24"], ["0.0000", "4"]]);
    const [line] = first.order.order.lines;
    assert.deepEqual([line!.itemId, line!.uom, line!.qty, line!.unitPriceMinor, line!.priceSource, line!.priceSourceRef, line!.status],
      [itemA, "CS", "1.0000", 10_800n, "price_list", `${created.quote.quoteNumber}#1`, "allocated"]);
    assert.equal(first.order.order.quoteId, created.quote.id);
    await rejectsWithCode(() => convertQuoteToOrder(tx, fx.users.clerk, { quoteId: created.quote.id, orderDate: "2026-04-11", channel: "web",
      lines: [{ quoteLineId: cases!.id, qty: "3" }] }), SalesError.QUOTE_QTY_EXCEEDED);
    const rest = await convertQuoteToOrder(tx, fx.users.clerk, { quoteId: created.quote.id, orderDate: "2026-04-12", channel: "phone" });
    assert.equal(rest.quote.status, "converted");
    assert.deepEqual(rest.order.order.lines.map((l) => [l.itemId, l.uom, l.qty]), [[itemA, "CS", "2.0000"], [itemB, "EA", "4.0000"]]);
    assert.equal(eaches!.id, rest.quote.lines[1]!.id);
    await rejectsWithCode(() => convertQuoteToOrder(tx, fx.users.clerk, { quoteId: created.quote.id, orderDate: "2026-04-13", channel: "web" }), SalesError.QUOTE_NOT_OPEN);
  });
});

test("refuses an expired quote; expireQuotes marks quotes past their validity", async () => {
  await withRollback(db, async (tx) => {
    const created = await quote(tx, [{ itemId: itemA, uom: "EA", qty: "2" }]);
    await rejectsWithCode(() => convertQuoteToOrder(tx, fx.users.clerk, { quoteId: created.quote.id, orderDate: "2026-05-01", channel: "web" }), SalesError.QUOTE_EXPIRED);
    assert.deepEqual(await expireQuotes(tx, fx.users.clerk, { entityId: fx.entityId, asOfDate: "2026-04-30" }), { expired: 0 });
    assert.deepEqual(await expireQuotes(tx, fx.users.clerk, { entityId: fx.entityId, asOfDate: "2026-05-01" }), { expired: 1 });
    assert.equal((await getQuoteOrThrow(tx, fx.users.clerk, created.quote.id)).status, "expired");
    await rejectsWithCode(() => convertQuoteToOrder(tx, fx.users.clerk, { quoteId: created.quote.id, orderDate: "2026-04-20", channel: "web" }), SalesError.QUOTE_EXPIRED);
    await rejectsWithCode(() => convertQuoteToOrder(tx, fx.users.clerk, { quoteId: 999_999, orderDate: "2026-04-20", channel: "web" }), SalesError.QUOTE_NOT_FOUND);
  });
});

test("a retried conversion with the same idempotency key returns the first order and converts nothing more", async () => {
  await withRollback(db, async (tx) => {
    const created = await quote(tx, [{ itemId: itemA, uom: "EA", qty: "10" }]);
    const request = { quoteId: created.quote.id, orderDate: "2026-04-05", channel: "api" as const, lines: [{ quoteLineId: created.quote.lines[0]!.id, qty: "4" }], idempotencyKey: "convert-1" };
    const first = await convertQuoteToOrder(tx, fx.users.clerk, request);
    const again = await convertQuoteToOrder(tx, fx.users.clerk, request);
    assert.equal(again.order.replayed, true);
    assert.equal(again.order.order.id, first.order.order.id);
    assert.equal(again.quote.lines[0]!.baseQtyConverted, "4.0000");
  });
});

test("a manual price on the quote is held for a pricing override on the order", async () => {
  await withRollback(db, async (tx) => {
    const created = await quote(tx, [{ itemId: itemA, uom: "EA", qty: "5", unitPriceMinor: 640n }]);
    assert.equal(created.quote.lines[0]!.priceSource, "manual_override");
    assert.equal(created.margins[0]!.belowMarginFloor, true);
    const converted = await convertQuoteToOrder(tx, fx.users.clerk, { quoteId: created.quote.id, orderDate: "2026-04-02", channel: "phone" });
    assert.equal(converted.order.order.lines[0]!.status, "pricing_hold");
    assert.ok(converted.order.pricingRequestId);
  });
});

test("the conversion rate is converted value over quoted value by month of the quote", async () => {
  await withRollback(db, async (tx) => {
    const won = await quote(tx, [{ itemId: itemA, uom: "EA", qty: "10" }]);
    await quote(tx, [{ itemId: itemB, uom: "EA", qty: "30" }], { quoteDate: "2026-04-20" });
    const may = await quote(tx, [{ itemId: itemA, uom: "EA", qty: "20" }], { quoteDate: "2026-05-02", validUntil: "2026-05-31" });
    await convertQuoteToOrder(tx, fx.users.clerk, { quoteId: won.quote.id, orderDate: "2026-04-03", channel: "web" });
    await convertQuoteToOrder(tx, fx.users.clerk, { quoteId: may.quote.id, orderDate: "2026-05-03", channel: "web", lines: [{ quoteLineId: may.quote.lines[0]!.id, qty: "5" }] });
    const rows = await quoteConversionRate(tx, fx.users.clerk, { entityId: fx.entityId, fromDate: "2026-04-01", toDate: "2026-05-31" });
    assert.deepEqual(rows.map((r) => [r.period, r.quoteCount, r.convertedQuoteCount, r.quotedValueMinor, r.convertedValueMinor, r.conversionRateBps]), [
      ["2026-04", 2, 1, 9_000n + 27_000n, 9_000n, 2500],
      ["2026-05", 1, 1, 18_000n, 4_500n, 2500],
    ]);
  });
});
