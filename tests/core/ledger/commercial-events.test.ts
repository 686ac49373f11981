// Proves the posting rules for sales and purchasing documents: each event becomes the
// journal lines DOMAIN.md names, balanced in base and document currency, including
// realized FX differences and variances whose base and document parts point different ways.
import assert from "node:assert/strict";
import { test } from "node:test";
import { eq } from "drizzle-orm";
import { journalLine } from "../../../core/db/schema";
import { SYSTEM_ACTOR } from "../../../core/governance/permissions";
import { postEvent, type OperationalEvent } from "../../../core/ledger";
import { currency } from "../../../core/masters/schema";
import { useTestDatabase, withRollback } from "../../support/database";
import { createLedgerFixture } from "../../support/ledger-fixture";

const { db } = await useTestDatabase();
const fx = await createLedgerFixture(db);
await db.insert(currency).values({ code: "EUR", name: "Euro", minorUnitDigits: 2 }).onConflictDoNothing();
const a = fx.accounts;
const [itemId] = fx.itemIds;
const [warehouseId] = fx.warehouseIds;
const d = (baseMinor: bigint, documentMinor = baseMinor) => ({ baseMinor, documentMinor });

async function post(event: OperationalEvent, documentCurrency: string | null = null) {
  return withRollback(db, async (tx) => {
    const entry = await postEvent(tx, SYSTEM_ACTOR, { entityId: fx.entityId, postingDate: "2026-09-15", description: event.type, sourceType: "test", sourceId: null, documentCurrency }, event);
    assert.ok(entry);
    const lines = await tx.select().from(journalLine).where(eq(journalLine.entryId, entry.id));
    return lines.map((l) => [l.accountId, l.debitMinor - l.creditMinor, l.documentDebitMinor - l.documentCreditMinor] as const)
      .sort((x, y) => x[0] - y[0] || Number(x[1] - y[1]));
  });
}

const sorted = (rows: (readonly [number, bigint, bigint])[]) => [...rows].sort((x, y) => x[0] - y[0] || Number(x[1] - y[1]));

test("a customer invoice debits AR and credits revenue and sales tax", async () => {
  const lines = await post({ type: "sales.invoiced", customerId: 1, customerGroupId: null, total: d(10_625n), tax: d(625n),
    lines: [{ itemId: itemId!, itemCategoryId: fx.categoryId, warehouseId, net: d(10_000n) }] });
  assert.deepEqual(lines, sorted([[a.ar, 10_625n, 10_625n], [a.revenue, -10_000n, -10_000n], [a.taxPayable, -625n, -625n]]));
});

test("a credit memo reverses revenue into sales returns and credits AR", async () => {
  const lines = await post({ type: "sales.credit_memo", customerId: 1, customerGroupId: null, total: d(2_125n), tax: d(125n),
    lines: [{ itemId: itemId!, itemCategoryId: fx.categoryId, warehouseId, net: d(2_000n) }] });
  assert.deepEqual(lines, sorted([[a.ar, -2_125n, -2_125n], [a.salesReturns, 2_000n, 2_000n], [a.taxPayable, 125n, 125n]]));
});

test("a foreign-currency payment with an over-payment posts deposits and the realized FX gain", async () => {
  // EUR 100.00 received at 1.10 = USD 110.00; it clears EUR 80.00 of AR carried at USD 86.40 and leaves EUR 20.00 (USD 22.00) unapplied.
  const lines = await post({ type: "sales.payment_received", customerId: 1, cash: d(11_000n, 10_000n), appliedToAr: d(8_640n, 8_000n), unapplied: d(2_200n, 2_000n) }, "EUR");
  assert.deepEqual(lines, sorted([[a.cash, 11_000n, 10_000n], [a.ar, -8_640n, -8_000n], [a.deposits, -2_200n, -2_000n], [a.fxGain, -160n, 0n]]));
});

test("a matched supplier invoice clears GRNI, books the variance and credits AP, split when base and document disagree", async () => {
  // The invoice is EUR 1 dearer than the receipt, but the rate fell, so in USD it is 3 cheaper.
  const lines = await post({ type: "purchase.invoiced", supplierId: 1, total: d(50_997n, 46_001n), tax: d(0n),
    lines: [{ itemId: itemId!, itemCategoryId: fx.categoryId, warehouseId, grniCleared: d(51_000n, 46_000n), variance: d(-3n, 1n), varianceTo: "ppv" }] }, "EUR");
  assert.deepEqual(lines, sorted([[a.grni, 51_000n, 46_000n], [a.ppv, -3n, 0n], [a.ppv, 0n, 1n], [a.ap, -50_997n, -46_001n]]));
});

test("a landed-cost charge raises stock on hand and COGS for what was sold", async () => {
  const lines = await post({ type: "purchase.landed_cost", supplierId: null, credit: "landed_cost_clearing", total: d(1_000n),
    lines: [{ itemId: itemId!, itemCategoryId: fx.categoryId, warehouseId, toInventory: d(700n), toCogs: d(300n) }] });
  assert.deepEqual(lines, sorted([[a.inventory, 700n, 700n], [a.cogs, 300n, 300n], [a.clearing, -1_000n, -1_000n]]));
});

test("a supplier payment with an early-payment discount clears AP", async () => {
  const lines = await post({ type: "purchase.payment", supplierId: 1, apCleared: d(10_000n), cash: d(9_800n), discount: d(200n) });
  assert.deepEqual(lines, sorted([[a.ap, 10_000n, 10_000n], [a.cash, -9_800n, -9_800n], [a.discounts, -200n, -200n]]));
});

test("returned goods go back to stock or to scrap at their original cost", async () => {
  const restock = await post({ type: "sales.return_costed", disposition: "restock", lines: [{ itemId: itemId!, itemCategoryId: fx.categoryId, warehouseId, valueMinor: 450n }] });
  assert.deepEqual(restock, sorted([[a.inventory, 450n, 450n], [a.cogs, -450n, -450n]]));
  const scrap = await post({ type: "sales.return_costed", disposition: "scrap", lines: [{ itemId: itemId!, itemCategoryId: fx.categoryId, warehouseId, valueMinor: 450n }] });
  assert.deepEqual(scrap, sorted([[a.cogs, -450n, -450n], [a.scrap, 450n, 450n]]));
});

test("a supplier rebate accrual debits the receivable and credits COGS", async () => {
  const lines = await post({ type: "purchase.rebate_accrued", supplierId: 1, amountMinor: 1_234n, credit: "cogs", itemCategoryId: null });
  assert.deepEqual(lines, sorted([[a.rebateReceivable, 1_234n, 1_234n], [a.cogs, -1_234n, -1_234n]]));
});
