// Proves supplier invoices and the three-way match on real PostgreSQL: a matched invoice clears
// GRNI at receipt value FIFO over partial receipts, books the price difference to PPV and the
// total to AP (with recoverable tax); a price or quantity mismatch holds the invoice as a match
// exception that posts nothing until accepted (variance to PPV) or rejected (void); foreign-
// currency invoices clear GRNI at the receipt's rate; idempotency and duplicate references; and
// GRNI and AP equal their subledgers after every step.
import assert from "node:assert/strict";
import { test } from "node:test";
import { count, eq } from "drizzle-orm";
import type { Tx } from "../../../core/db/client";
import { inTransaction } from "../../../core/db/transaction";
import { exceptionItem } from "../../../core/governance/schema";
import { journalEntry, journalLine } from "../../../core/ledger/schema";
import {
  apReconciliation, createPurchaseOrder, enterSupplierInvoice, getPurchaseOrderOrThrow, getPurchaseReceiptOrThrow, grniReconciliation, PurchasingError,
  receivePurchaseOrder, resolveMatchException, submitPurchaseOrder, type CreatePurchaseOrderInput,
} from "../../../core/purchasing";
import { ledgerSnapshot, rejectsWithCode } from "../../support/assertions";
import { useTestDatabase } from "../../support/database";
import { addRate, createPurchasingFixture } from "../../support/purchasing-fixture";

const { db } = await useTestDatabase();
const fx = await createPurchasingFixture(db);
const [, item1, item2, item3] = fx.itemIds as [number, number, number, number];
const [wh] = fx.warehouseIds;
const a = fx.accounts;
const run = <T>(fn: (tx: Tx) => Promise<T>) => inTransaction(db, fn);
let refCounter = 0;

async function receivedPo(supplierId: number, lines: CreatePurchaseOrderInput["lines"], receipts: { date: string; qty: string[] }[]) {
  const created = await run((tx) => createPurchaseOrder(tx, fx.users.buyer, { entityId: fx.entityId, supplierId, orderDate: "2026-03-02", lines }));
  const po = await run((tx) => submitPurchaseOrder(tx, fx.users.buyer, { purchaseOrderId: created.id }));
  const receiptIds: number[] = [];
  for (const receipt of receipts) {
    const done = await run((tx) => receivePurchaseOrder(tx, fx.users.warehouse, { purchaseOrderId: po.id, warehouseId: wh, receiptDate: receipt.date,
      lines: po.lines.flatMap((l, index) => receipt.qty[index] ? [{ purchaseOrderLineId: l.id, itemId: l.itemId, qty: receipt.qty[index]! }] : []) }));
    receiptIds.push(done.id);
  }
  return { po, receiptIds };
}

const invoice = (input: { supplierId?: number; currency?: string; invoiceDate?: string; taxMinor?: number; idempotencyKey?: string; ref?: string; lines: { purchaseOrderLineId: number; baseQty: string; unitPriceMinor: number }[] }) =>
  run((tx) => enterSupplierInvoice(tx, fx.users.buyer, {
    entityId: fx.entityId, supplierId: input.supplierId ?? fx.suppliers.usd, supplierInvoiceRef: input.ref ?? `INV-${++refCounter}`, invoiceDate: input.invoiceDate ?? "2026-03-15",
    currency: input.currency ?? "USD", taxMinor: input.taxMinor ?? 0, idempotencyKey: input.idempotencyKey, lines: input.lines,
  }));

type Net = readonly [accountId: number, netMinor: bigint, documentNetMinor: bigint];
const sorted = (lines: Net[]) => [...lines].sort((x, y) => x[0] - y[0] || Number(x[1] - y[1]));
async function entryLines(journalEntryId: number): Promise<Net[]> {
  const lines = await db.select().from(journalLine).where(eq(journalLine.entryId, journalEntryId));
  return sorted(lines.map((l) => [l.accountId, l.debitMinor - l.creditMinor, l.documentDebitMinor - l.documentCreditMinor] as const));
}

async function reconciled() {
  const [grni, ap] = await run(async (tx) => [await grniReconciliation(tx, fx.entityId), await apReconciliation(tx, fx.entityId)] as const);
  assert.equal(grni.differenceMinor, 0n, `GRNI ${grni.glMinor} vs received-not-invoiced ${grni.subledgerMinor}`);
  assert.equal(ap.differenceMinor, 0n, `AP ${ap.glMinor} vs open payables ${ap.subledgerMinor}`);
  return { grni, ap };
}

test("a matched invoice clears GRNI at receipt value FIFO over receipts, books the price difference to PPV and the total to AP", async () => {
  const { po, receiptIds } = await receivedPo(fx.suppliers.usd, [{ itemId: item1, warehouseId: wh, uom: "EA", qty: "100" }],
    [{ date: "2026-03-10", qty: ["60"] }, { date: "2026-03-12", qty: ["40"] }]);
  const before = (await reconciled()).grni.subledgerMinor;
  // 70 at 2.52 against a PO price of 2.50: 0.8%, inside the 2% tolerance.
  const posted = await invoice({ taxMinor: 1_000, lines: [{ purchaseOrderLineId: po.lines[0]!.id, baseQty: "70", unitPriceMinor: 252 }] });
  assert.deepEqual([posted.status, posted.lines[0]!.matchStatus, posted.dueDate, posted.totalMinor, posted.totalBaseMinor], ["posted", "matched", "2026-04-14", 18_640n, 18_640n]);
  assert.match(posted.invoiceNumber, new RegExp(`^PI-${fx.code}-\\d{8}$`));
  assert.deepEqual(await entryLines(posted.journalEntryId!), sorted([[a.grni, 17_500n, 17_500n], [a.ppv, 140n, 140n], [a.taxPayable, 1_000n, 1_000n], [a.ap, -18_640n, -18_640n]]));
  assert.equal(posted.lines[0]!.priceVarianceBaseMinor, 140n);
  const [first, second] = await run(async (tx) => [await getPurchaseReceiptOrThrow(tx, fx.users.buyer, receiptIds[0]!), await getPurchaseReceiptOrThrow(tx, fx.users.buyer, receiptIds[1]!)]);
  assert.deepEqual([first!.lines[0]!.baseQtyInvoiced, first!.lines[0]!.valueInvoicedBaseMinor], ["60.0000", 15_000n]);
  assert.deepEqual([second!.lines[0]!.baseQtyInvoiced, second!.lines[0]!.valueInvoicedBaseMinor], ["10.0000", 2_500n]);
  assert.equal((await run((tx) => getPurchaseOrderOrThrow(tx, fx.users.buyer, po.id))).lines[0]!.baseQtyInvoiced, "70.0000");
  assert.equal((await reconciled()).grni.subledgerMinor, before - 17_500n);
  // The last 30 close the order.
  await invoice({ lines: [{ purchaseOrderLineId: po.lines[0]!.id, baseQty: "30", unitPriceMinor: 250 }] });
  assert.equal((await run((tx) => getPurchaseOrderOrThrow(tx, fx.users.buyer, po.id))).status, "closed");
  await reconciled();
});

test("a price outside the tolerance holds the invoice as a match exception that posts nothing, explained; accepting posts the variance to PPV", async () => {
  const { po } = await receivedPo(fx.suppliers.usd, [{ itemId: item1, warehouseId: wh, uom: "EA", qty: "10" }], [{ date: "2026-03-10", qty: ["10"] }]);
  const before = await ledgerSnapshot(db);
  const [entriesBefore] = await db.select({ n: count() }).from(journalEntry);
  const held = await invoice({ lines: [{ purchaseOrderLineId: po.lines[0]!.id, baseQty: "10", unitPriceMinor: 260 }] });
  assert.deepEqual([held.status, held.lines[0]!.matchStatus, held.journalEntryId], ["match_exception", "price_variance", null]);
  assert.deepEqual(await ledgerSnapshot(db), before);
  assert.deepEqual(await db.select({ n: count() }).from(journalEntry), [entriesBefore]);
  const [exception] = await db.select().from(exceptionItem).where(eq(exceptionItem.id, held.matchExceptionId!));
  assert.equal(exception!.kind, "match_exception");
  assert.match(exception!.explanation, /price USD 2\.60 vs PO USD 2\.50 per EA .*\(\+4\.0000%, tolerance 2\.0000%\)/);
  assert.equal((await run((tx) => getPurchaseOrderOrThrow(tx, fx.users.buyer, po.id))).lines[0]!.baseQtyInvoiced, "0.0000");
  await reconciled();

  const accepted = await run((tx) => resolveMatchException(tx, fx.users.controller, { invoiceId: held.id, decision: "accept", reason: "Freight surcharge agreed by phone" }));
  assert.equal(accepted.status, "posted");
  assert.deepEqual(await entryLines(accepted.journalEntryId!), sorted([[a.grni, 2_500n, 2_500n], [a.ppv, 100n, 100n], [a.ap, -2_600n, -2_600n]]));
  const [closed] = await db.select().from(exceptionItem).where(eq(exceptionItem.id, held.matchExceptionId!));
  assert.equal(closed!.state, "resolved");
  await reconciled();
  await rejectsWithCode(() => run((tx) => resolveMatchException(tx, fx.users.controller, { invoiceId: held.id, decision: "reject", reason: "again" })), PurchasingError.INVOICE_STATE);
});

test("a quantity beyond what was received and not yet invoiced is held; rejecting voids it and nothing is ever posted", async () => {
  const { po } = await receivedPo(fx.suppliers.usd, [{ itemId: item1, warehouseId: wh, uom: "EA", qty: "20" }], [{ date: "2026-03-10", qty: ["8"] }]);
  const before = await ledgerSnapshot(db);
  const held = await invoice({ lines: [{ purchaseOrderLineId: po.lines[0]!.id, baseQty: "12", unitPriceMinor: 250 }] });
  assert.deepEqual([held.status, held.lines[0]!.matchStatus], ["match_exception", "quantity_variance"]);
  const [exception] = await db.select().from(exceptionItem).where(eq(exceptionItem.id, held.matchExceptionId!));
  assert.match(exception!.explanation, /quantity 12 invoiced, only 8 received and not yet invoiced \(4 over\)/);
  const voided = await run((tx) => resolveMatchException(tx, fx.users.buyer, { invoiceId: held.id, decision: "reject", reason: "Supplier billed undelivered goods" }));
  assert.deepEqual([voided.status, voided.journalEntryId], ["void", null]);
  assert.deepEqual(await ledgerSnapshot(db), before);
  await reconciled();
});

test("accepting an over-billed quantity clears GRNI only for what arrived; the rest goes to PPV", async () => {
  const { po } = await receivedPo(fx.suppliers.usd, [{ itemId: item1, warehouseId: wh, uom: "EA", qty: "20" }], [{ date: "2026-03-10", qty: ["8"] }]);
  const held = await invoice({ lines: [{ purchaseOrderLineId: po.lines[0]!.id, baseQty: "10", unitPriceMinor: 250 }] });
  const accepted = await run((tx) => resolveMatchException(tx, fx.users.controller, { invoiceId: held.id, decision: "accept", reason: "Pay for the two damaged in transit" }));
  assert.deepEqual(await entryLines(accepted.journalEntryId!), sorted([[a.grni, 2_000n, 2_000n], [a.ppv, 500n, 500n], [a.ap, -2_500n, -2_500n]]));
  assert.equal((await run((tx) => getPurchaseOrderOrThrow(tx, fx.users.buyer, po.id))).lines[0]!.baseQtyInvoiced, "8.0000");
  await reconciled();
});

test("a foreign-currency invoice clears GRNI at the receipt's rate and books the rate difference in PPV, base only", async () => {
  await addRate(db, "EUR", "USD", "2026-03-20", 1_150_000n);
  await addRate(db, "EUR", "USD", "2026-03-25", 1_200_000n);
  const { po } = await receivedPo(fx.suppliers.eur, [{ itemId: item2, warehouseId: wh, uom: "EA", qty: "10" }], [{ date: "2026-03-20", qty: ["10"] }]);
  const posted = await invoice({ supplierId: fx.suppliers.eur, currency: "EUR", invoiceDate: "2026-03-25", lines: [{ purchaseOrderLineId: po.lines[0]!.id, baseQty: "10", unitPriceMinor: 900 }] });
  // EUR 90.00 received at 1.15 (USD 103.50), invoiced at 1.20 (USD 108.00).
  assert.deepEqual([posted.totalMinor, posted.totalBaseMinor, posted.exchangeRatePpm], [9_000n, 10_800n, 1_200_000n]);
  assert.deepEqual(await entryLines(posted.journalEntryId!), sorted([[a.grni, 10_350n, 9_000n], [a.ppv, 450n, 0n], [a.ap, -10_800n, -9_000n]]));
  await reconciled();
});

test("invoice lines must belong to the supplier's orders in the invoice's currency", async () => {
  const { po } = await receivedPo(fx.suppliers.usd, [{ itemId: item3, warehouseId: wh, uom: "EA", qty: "5", unitPriceMinor: 100 }], [{ date: "2026-03-10", qty: ["5"] }]);
  await rejectsWithCode(() => invoice({ supplierId: fx.suppliers.eur, currency: "EUR", lines: [{ purchaseOrderLineId: po.lines[0]!.id, baseQty: "5", unitPriceMinor: 100 }] }), PurchasingError.INVOICE_SUPPLIER_MISMATCH);
  await rejectsWithCode(() => invoice({ currency: "EUR", lines: [{ purchaseOrderLineId: po.lines[0]!.id, baseQty: "5", unitPriceMinor: 100 }] }), PurchasingError.INVOICE_CURRENCY_MISMATCH);
  await rejectsWithCode(() => invoice({ lines: [{ purchaseOrderLineId: 987_654, baseQty: "5", unitPriceMinor: 100 }] }), PurchasingError.PURCHASE_ORDER_LINE_NOT_FOUND);
});

test("a retried invoice with the same key returns the first; the same supplier reference under another key is refused", async () => {
  const { po } = await receivedPo(fx.suppliers.usd, [{ itemId: item1, warehouseId: wh, uom: "EA", qty: "10" }], [{ date: "2026-03-10", qty: ["10"] }]);
  const lines = [{ purchaseOrderLineId: po.lines[0]!.id, baseQty: "4", unitPriceMinor: 250 }];
  const first = await invoice({ ref: "ACME-7001", idempotencyKey: "inv-retry-1", lines });
  const before = await ledgerSnapshot(db);
  const again = await invoice({ ref: "ACME-7001", idempotencyKey: "inv-retry-1", lines });
  assert.deepEqual([again.id, again.replayed, first.replayed], [first.id, true, false]);
  assert.deepEqual(await ledgerSnapshot(db), before);
  await rejectsWithCode(() => invoice({ ref: "ACME-7001", idempotencyKey: "inv-retry-2", lines }), PurchasingError.INVOICE_DUPLICATE_REF);
  await rejectsWithCode(() => run((tx) => enterSupplierInvoice(tx, fx.users.warehouse, { entityId: fx.entityId, supplierId: fx.suppliers.usd, supplierInvoiceRef: "X-1",
    invoiceDate: "2026-03-15", currency: "USD", lines })), "AUTH_FORBIDDEN");
  await reconciled();
});

test("the same supplier reference entered twice at once posts one invoice and refuses the other", async () => {
  const { po } = await receivedPo(fx.suppliers.usd, [{ itemId: item1, warehouseId: wh, uom: "EA", qty: "10" }], [{ date: "2026-03-10", qty: ["10"] }]);
  const lines = [{ purchaseOrderLineId: po.lines[0]!.id, baseQty: "5", unitPriceMinor: 250 }];
  const results = await Promise.allSettled([invoice({ ref: "RACE-1", lines }), invoice({ ref: "RACE-1", lines })]);
  assert.deepEqual(results.map((r) => r.status).sort(), ["fulfilled", "rejected"]);
  const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
  assert.equal((refused.reason as { code?: string }).code, PurchasingError.INVOICE_DUPLICATE_REF);
  assert.equal((await run((tx) => getPurchaseOrderOrThrow(tx, fx.users.buyer, po.id))).lines[0]!.baseQtyInvoiced, "5.0000");
  await reconciled();
});
