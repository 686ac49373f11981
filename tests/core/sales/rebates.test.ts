// Proves customer rebates against real PostgreSQL: invoices accrue as they post, at the volume tier
// reached (Dr Sales rebates, Cr Rebate accrual), once however often the catch-up accrual runs; an
// agreement entered after its invoices is caught up by the run; settlement after the
// period trues the accrual up to the final tier and credits the customer by a credit memo, after
// which the rebate accrual account is back to zero and AR still reconciles.
import assert from "node:assert/strict";
import { test } from "node:test";
import { asc, eq } from "drizzle-orm";
import { inTransaction } from "../../../core/db/transaction";
import { SYSTEM_ACTOR } from "../../../core/governance/permissions";
import { setAccountRule } from "../../../core/ledger";
import { account } from "../../../core/masters/schema";
import { accrueCustomerRebates, createCustomerRebateAgreement, customerRebateReconciliation, settleCustomerRebateAgreement } from "../../../core/sales/rebates";
import { customerRebateAccrual } from "../../../core/sales/rebates/schema";
import { salesInvoice } from "../../../core/sales/schema";
import { DomainError } from "../../../core/shared/errors";
import { useTestDatabase } from "../../support/database";
import { assertSubledgersReconcile, createDocumentsFixture, invoicedOrder, journalLinesOf, receive, sortLines } from "../../support/sales-documents";

const { db } = await useTestDatabase();
const fx = await createDocumentsFixture(db, "RB");
const [itemA] = fx.itemIds as [number];
await receive(db, fx, itemA, fx.warehouseIds[0], "100", 600n);
const { rebateAccrual, salesRebates } = await inTransaction(db, async (tx) => {
  const [accrualRow] = await tx.insert(account).values({ entityId: fx.entityId, code: "2500", name: "Customer rebate accrual", type: "liability" }).returning();
  const [rebatesRow] = await tx.insert(account).values({ entityId: fx.entityId, code: "4200", name: "Sales rebates", type: "revenue" }).returning();
  await setAccountRule(tx, SYSTEM_ACTOR, { entityId: fx.entityId, role: "rebate_accrual", accountId: accrualRow!.id });
  await setAccountRule(tx, SYSTEM_ACTOR, { entityId: fx.entityId, role: "sales_rebates", accountId: rebatesRow!.id });
  return { rebateAccrual: accrualRow!.id, salesRebates: rebatesRow!.id };
});
const customerId = fx.customers.standard;

test("invoices accrue at the tier reached, settlement trues up and credits the customer, and the accrual reconciles", async () => {
  // 1% from the first cent, 2% once March sales reach 100.00.
  const agreement = await inTransaction(db, (tx) => createCustomerRebateAgreement(tx, fx.users.clerk, { entityId: fx.entityId, customerId, name: "Volume rebate Q1",
    periodStart: "2026-03-01", periodEnd: "2026-03-31", tiers: [{ fromMinor: 0n, ratePpm: 10_000n }, { fromMinor: 10_000n, ratePpm: 20_000n }] }));
  const first = await invoicedOrder(db, fx, customerId, [{ itemId: itemA, qty: "5" }], { invoiceDate: "2026-03-05" });
  const second = await invoicedOrder(db, fx, customerId, [{ itemId: itemA, qty: "10" }], { invoiceDate: "2026-03-12" });
  assert.deepEqual([first.subtotalMinor, second.subtotalMinor], [5_000n, 9_000n]);

  // Accrued as each invoice posted, in the invoice's own transaction.
  const accruals = await db.select().from(customerRebateAccrual).where(eq(customerRebateAccrual.agreementId, agreement.id)).orderBy(asc(customerRebateAccrual.id));
  assert.deepEqual(accruals.map((a) => [a.sourceId, a.amountMinor]), [[first.id, 50n], [second.id, 180n]], "1% of 50.00, then 2% of 90.00 once cumulative sales reach 140.00");
  assert.deepEqual(await journalLinesOf(db, accruals[1]!.journalEntryId), sortLines([[salesRebates, 180n, 0n], [rebateAccrual, 0n, 180n]]));
  const again = await inTransaction(db, (tx) => accrueCustomerRebates(tx, fx.billing, { entityId: fx.entityId, fromDate: "2026-03-01", toDate: "2026-03-31" }));
  assert.equal(again.length, 0, "the catch-up run finds nothing left to accrue");

  await assert.rejects(inTransaction(db, (tx) => settleCustomerRebateAgreement(tx, fx.billing, { agreementId: agreement.id, settlementDate: "2026-03-31" })),
    (e: unknown) => e instanceof DomainError && e.code === "SALES_REBATE_PERIOD_OPEN");
  const settlement = await inTransaction(db, (tx) => settleCustomerRebateAgreement(tx, fx.billing, { agreementId: agreement.id, settlementDate: "2026-04-02" }));
  assert.deepEqual([settlement.salesMinor, settlement.ratePpm, settlement.claimMinor, settlement.accruedMinor, settlement.trueUpMinor], [14_000n, 20_000n, 280n, 230n, 50n]);
  const [memo] = await db.select().from(salesInvoice).where(eq(salesInvoice.id, settlement.creditMemoId!));
  assert.equal(memo!.kind, "credit_memo");
  assert.equal(memo!.totalMinor, 280n);
  assert.deepEqual(await journalLinesOf(db, memo!.journalEntryId), sortLines([[rebateAccrual, 280n, 0n], [fx.accounts.ar, 0n, 280n]]));
  const reconciliation = await inTransaction(db, (tx) => customerRebateReconciliation(tx, fx.entityId));
  assert.deepEqual([reconciliation.subledgerMinor, reconciliation.glMinor, reconciliation.differenceMinor], [0n, 0n, 0n]);
  await assertSubledgersReconcile(db, fx.entityId);
  await assert.rejects(inTransaction(db, (tx) => settleCustomerRebateAgreement(tx, fx.billing, { agreementId: agreement.id, settlementDate: "2026-04-03" })),
    (e: unknown) => e instanceof DomainError && e.code === "SALES_REBATE_AGREEMENT_STATE");
});

test("an agreement entered after its invoices posted is caught up by the accrual run, oldest invoice first, and only once", async () => {
  const early = await invoicedOrder(db, fx, fx.customers.platinum, [{ itemId: itemA, qty: "4" }], { invoiceDate: "2026-05-04" });
  const later = await invoicedOrder(db, fx, fx.customers.platinum, [{ itemId: itemA, qty: "2" }], { invoiceDate: "2026-05-06" });
  const agreement = await inTransaction(db, (tx) => createCustomerRebateAgreement(tx, fx.users.clerk, { entityId: fx.entityId, customerId: fx.customers.platinum, name: "Volume rebate May",
    periodStart: "2026-05-01", periodEnd: "2026-05-31", tiers: [{ fromMinor: 0n, ratePpm: 50_000n }] }));
  const before = await db.select().from(customerRebateAccrual).where(eq(customerRebateAccrual.agreementId, agreement.id));
  assert.equal(before.length, 0, "nothing accrued before the agreement existed");
  const caught = await inTransaction(db, (tx) => accrueCustomerRebates(tx, fx.billing, { entityId: fx.entityId, fromDate: "2026-05-01", toDate: "2026-05-31" }));
  assert.deepEqual(caught.map((a) => [a.sourceId, a.amountMinor]), [[early.id, applyRate(early.subtotalMinor)], [later.id, applyRate(later.subtotalMinor)]]);
  const again = await inTransaction(db, (tx) => accrueCustomerRebates(tx, fx.billing, { entityId: fx.entityId, fromDate: "2026-05-01", toDate: "2026-05-31" }));
  assert.equal(again.length, 0);
  const reconciliation = await inTransaction(db, (tx) => customerRebateReconciliation(tx, fx.entityId));
  assert.equal(reconciliation.differenceMinor, 0n);
});

/** 5% rounded half-even, the rate of the May agreement (amounts here are whole multiples of 20). */
function applyRate(netMinor: bigint): bigint {
  assert.equal(netMinor % 20n, 0n, "a net amount whose 5% is exact");
  return netMinor / 20n;
}
