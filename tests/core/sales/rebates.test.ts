// Proves customer rebates against real PostgreSQL: invoices accrue at the volume tier reached
// (Dr Sales rebates, Cr Rebate accrual), once however often the accrual runs; settlement after the
// period trues the accrual up to the final tier and credits the customer by a credit memo, after
// which the rebate accrual account is back to zero and AR still reconciles.
import assert from "node:assert/strict";
import { test } from "node:test";
import { eq } from "drizzle-orm";
import { inTransaction } from "../../../core/db/transaction";
import { SYSTEM_ACTOR } from "../../../core/governance/permissions";
import { setAccountRule } from "../../../core/ledger";
import { account } from "../../../core/masters/schema";
import { accrueCustomerRebates, createCustomerRebateAgreement, customerRebateReconciliation, settleCustomerRebateAgreement } from "../../../core/sales/rebates";
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

  const accruals = await inTransaction(db, (tx) => accrueCustomerRebates(tx, fx.billing, { entityId: fx.entityId, fromDate: "2026-03-01", toDate: "2026-03-31" }));
  assert.deepEqual(accruals.map((a) => a.amountMinor), [50n, 180n], "1% of 50.00, then 2% of 90.00 once cumulative sales reach 140.00");
  assert.deepEqual(await journalLinesOf(db, accruals[1]!.journalEntryId), sortLines([[salesRebates, 180n, 0n], [rebateAccrual, 0n, 180n]]));
  const again = await inTransaction(db, (tx) => accrueCustomerRebates(tx, fx.billing, { entityId: fx.entityId, fromDate: "2026-03-01", toDate: "2026-03-31" }));
  assert.equal(again.length, 0);

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
