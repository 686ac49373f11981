// Proves the hourly ledger job (jobs/definitions/ledger-accruals.ts) catches up customer rebates:
// an agreement entered after its invoices posted gets their accruals on the next run, exactly
// once, and a closed period is skipped rather than posted into.
import assert from "node:assert/strict";
import { test } from "node:test";
import { and, eq } from "drizzle-orm";
import { fiscalPeriod } from "../../core/db/schema";
import { inTransaction } from "../../core/db/transaction";
import { SYSTEM_ACTOR } from "../../core/governance/permissions";
import { setAccountRule } from "../../core/ledger";
import { account } from "../../core/masters/schema";
import { createCustomerRebateAgreement, customerRebateReconciliation } from "../../core/sales/rebates";
import { customerRebateAccrual } from "../../core/sales/rebates/schema";
import { ledgerAccrualsJob } from "../../jobs/definitions";
import { createConsoleLogger } from "../../jobs/log";
import { useTestDatabase } from "../support/database";
import { createDocumentsFixture, invoicedOrder, receive } from "../support/sales-documents";

const { db } = await useTestDatabase();
const log = createConsoleLogger({ prefix: "[ledger-accruals-test]" });
const fx = await createDocumentsFixture(db, "LA");
const [itemA] = fx.itemIds as [number];
await receive(db, fx, itemA, fx.warehouseIds[0], "100", 600n);
await inTransaction(db, async (tx) => {
  const [accrualRow] = await tx.insert(account).values({ entityId: fx.entityId, code: "2400", name: "Rebate accrual", type: "liability" }).returning();
  const [rebatesRow] = await tx.insert(account).values({ entityId: fx.entityId, code: "4200", name: "Sales rebates", type: "revenue" }).returning();
  await setAccountRule(tx, SYSTEM_ACTOR, { entityId: fx.entityId, role: "rebate_accrual", accountId: accrualRow!.id });
  await setAccountRule(tx, SYSTEM_ACTOR, { entityId: fx.entityId, role: "sales_rebates", accountId: rebatesRow!.id });
});

test("the job accrues rebates for invoices posted before their agreement existed, once, and leaves closed periods alone", async () => {
  const closedMonth = await invoicedOrder(db, fx, fx.customers.standard, [{ itemId: itemA, qty: "2" }], { invoiceDate: "2026-06-10" });
  const openMonth = await invoicedOrder(db, fx, fx.customers.standard, [{ itemId: itemA, qty: "3" }], { invoiceDate: "2026-07-08" });
  const agreement = await inTransaction(db, (tx) => createCustomerRebateAgreement(tx, fx.users.clerk, { entityId: fx.entityId, customerId: fx.customers.standard,
    name: "Summer volume", periodStart: "2026-06-01", periodEnd: "2026-09-30", tiers: [{ fromMinor: 0n, ratePpm: 50_000n }] }));
  // June is closed before the job runs: its invoice can no longer be accrued by a posting.
  await db.update(fiscalPeriod).set({ status: "closed" }).where(and(eq(fiscalPeriod.entityId, fx.entityId), eq(fiscalPeriod.startDate, "2026-06-01")));

  const first = await ledgerAccrualsJob.run({ db, log }, { asOfDate: "2026-07-20" }) as { rebateAccruals: number };
  assert.equal(first.rebateAccruals, 1, "only the July invoice is accrued");
  const rows = await db.select().from(customerRebateAccrual).where(eq(customerRebateAccrual.agreementId, agreement.id));
  assert.deepEqual(rows.map((r) => [r.sourceId, r.amountMinor]), [[openMonth.id, openMonth.subtotalMinor / 20n]]);
  assert.notEqual(closedMonth.id, openMonth.id);

  const second = await ledgerAccrualsJob.run({ db, log }, { asOfDate: "2026-07-20" }) as { rebateAccruals: number };
  assert.equal(second.rebateAccruals, 0, "a second run posts nothing");
  const reconciliation = await inTransaction(db, (tx) => customerRebateReconciliation(tx, fx.entityId));
  assert.equal(reconciliation.differenceMinor, 0n);
});
