// Proves FX revaluation against real PostgreSQL: an open EUR invoice and a EUR bank balance,
// revalued when the euro moves from 1.10 to 1.15 USD, post the exact unrealized gain to AR, cash
// and FX gain; the entry reverses on the first day of the next period (after which AR reconciles
// again); a second run of the same period is refused; liabilities gain when the rate falls.
import assert from "node:assert/strict";
import { test } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import { inTransaction } from "../../../core/db/transaction";
import { runScheduledReversals } from "../../../core/ledger";
import { fiscalPeriod, journalEntry } from "../../../core/ledger/schema";
import { revaluedGain, revaluePeriod } from "../../../core/ledger/revaluation";
import { SYSTEM_ACTOR } from "../../../core/governance/permissions";
import { receiveCustomerPayment } from "../../../core/sales/payments";
import { arReconciliation } from "../../../core/sales/receivables";
import { DomainError } from "../../../core/shared/errors";
import { useTestDatabase } from "../../support/database";
import { createDocumentsFixture, invoicedOrder, journalLinesOf, receive, sortLines } from "../../support/sales-documents";

const { db } = await useTestDatabase();
const fx = await createDocumentsFixture(db, "RV");
const [itemA] = fx.itemIds as [number];
await receive(db, fx, itemA, fx.warehouseIds[0], "100", 600n);
await db.execute(sql`insert into exchange_rate (from_currency, to_currency, rate_date, rate_ppm) values ('EUR', 'USD', '2026-03-31', 1150000)`);
const [march] = await db.select().from(fiscalPeriod).where(and(eq(fiscalPeriod.entityId, fx.entityId), eq(fiscalPeriod.code, "2026-03")));

test("revaluedGain: an asset gains and a liability loses when the foreign currency rises", () => {
  const cases: [("asset" | "liability"), bigint, bigint, bigint, bigint][] = [
    ["asset", 10_000n, 11_000n, 1_150_000n, 500n], ["liability", 10_000n, 11_000n, 1_150_000n, -500n],
    ["asset", 10_000n, 11_000n, 1_050_000n, -500n], ["liability", 10_000n, 11_000n, 1_050_000n, 500n],
    ["asset", 333n, 366n, 1_100_000n, 0n],
  ];
  for (const [kind, open, carrying, rate, gain] of cases) assert.equal(revaluedGain(kind, open, carrying, rate).gainMinor, gain, `${kind} ${open} at ${rate}`);
});

test("an open EUR invoice and a EUR bank balance post the exact unrealized gain, reversed on April 1", async () => {
  // EUR 81.80 open (10 x 8.18, the USD 9.00 break price at 1.10), carried at 1.10 = USD 89.98; at 1.15 worth USD 94.07: a gain of 4.09.
  const open = await invoicedOrder(db, fx, fx.euroCustomerId, [{ itemId: itemA, qty: "10" }], { invoiceDate: "2026-03-05" });
  assert.equal(open.currency, "EUR");
  assert.equal(open.totalMinor, 8_180n);
  assert.equal(open.totalBaseMinor, 8_998n);
  // A second invoice paid in full on March 20: EUR 45.45 in the bank, carried at 1.10 = USD 50.00 (49.995 rounded half-even); at 1.15 worth 52.27: a gain of 2.27.
  const paid = await invoicedOrder(db, fx, fx.euroCustomerId, [{ itemId: itemA, qty: "5" }], { invoiceDate: "2026-03-06" });
  assert.equal(paid.totalMinor, 4_545n);
  await inTransaction(db, (tx) => receiveCustomerPayment(tx, fx.billing, { entityId: fx.entityId, customerId: fx.euroCustomerId, receivedDate: "2026-03-20",
    amountMinor: 4_545n, currency: "EUR", method: "ach", applications: [{ invoiceId: paid.id, amountMinor: 4_545n }] }));

  const result = await inTransaction(db, (tx) => revaluePeriod(tx, fx.users.controller, { periodId: march!.id }));
  assert.equal(result.run.netGainMinor, 409n + 227n);
  assert.equal(result.run.lossMinor, 0n);
  const arLine = result.lines.find((l) => l.target === "ar" && l.subjectId === open.id)!;
  assert.deepEqual([arLine.openDocumentMinor, arLine.carryingBaseMinor, arLine.revaluedBaseMinor, arLine.gainMinor], [8_180n, 8_998n, 9_407n, 409n]);
  assert.equal(result.run.journalEntryIds.length, 1);
  const entryId = Number(result.run.journalEntryIds[0]);
  const [entry] = await db.select().from(journalEntry).where(eq(journalEntry.id, entryId));
  assert.equal(entry!.postingDate, "2026-03-31");
  const a = fx.accounts;
  assert.deepEqual(await journalLinesOf(db, entryId), sortLines([[a.ar, 409n, 0n], [a.cash, 227n, 0n], [a.fxGain, 0n, 636n]]));

  // Until the reversal, AR control carries the revaluation that the documents do not.
  const before = await inTransaction(db, (tx) => arReconciliation(tx, fx.entityId));
  assert.equal(before.differenceMinor, -409n);
  await assert.rejects(inTransaction(db, (tx) => revaluePeriod(tx, fx.users.controller, { periodId: march!.id })),
    (e: unknown) => e instanceof DomainError && e.code === "LEDGER_REVALUATION_ALREADY_POSTED");

  const reversals = await inTransaction(db, (tx) => runScheduledReversals(tx, SYSTEM_ACTOR, { asOfDate: "2026-04-01", entityId: fx.entityId }));
  assert.equal(reversals.reversed.length, 1);
  const reversalId = reversals.reversed[0]!.reversalEntryId;
  const [reversal] = await db.select().from(journalEntry).where(eq(journalEntry.id, reversalId));
  assert.equal(reversal!.postingDate, "2026-04-01");
  assert.deepEqual(await journalLinesOf(db, reversalId), sortLines([[a.ar, 0n, 409n], [a.cash, 0n, 227n], [a.fxGain, 636n, 0n]]));
  const after = await inTransaction(db, (tx) => arReconciliation(tx, fx.entityId));
  assert.equal(after.differenceMinor, 0n);
});
