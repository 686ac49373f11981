// Proves a controller runs the period-close checklist in the browser to hard close: on a fresh
// entity created through commands, January first fails to soft-close with its blocker listed (an
// open high exception), then, once the exception is resolved, the checks pass, the period
// soft-closes and hard-closes, and the ledger period is closed in the database.
import { test } from "node:test";
import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import { inTransaction } from "../../core/db/transaction";
import { SYSTEM_ACTOR } from "../../core/governance/permissions";
import { raiseException, resolveException } from "../../core/governance/exceptions";
import { fiscalPeriod } from "../../core/ledger/schema";
import { periodClose } from "../../core/ledger/close/schema";
import { createLedgerFixture } from "../support/ledger-fixture";
import { withAppDatabase } from "../support/app-database";
import { signIn, useBrowser } from "../support/browser";

const session = useBrowser();


test("a controller runs the close checklist of a fresh entity's January to hard close", async () => {
  const { entityId, periodId, exceptionId } = await withAppDatabase(async (db) => {
    const fx = await createLedgerFixture(db, { code: `CLZ${Date.now() % 100_000}` });
    const [january] = await db.select().from(fiscalPeriod).where(and(eq(fiscalPeriod.entityId, fx.entityId), eq(fiscalPeriod.code, "2026-01")));
    const exception = await inTransaction(db, (tx) => raiseException(tx, SYSTEM_ACTOR, { kind: "posting_failure", severity: "high", entityId: fx.entityId,
      title: "Bank feed rejected", explanation: "The January statement failed to import", occurredOn: "2026-01-31" }));
    return { entityId: fx.entityId, periodId: january!.id, exceptionId: exception.id };
  });
  const { context, page } = await signIn(session.browser(), "controller");
  try {
    await page.goto(`/close?entity=${entityId}`);
    await page.getByTestId("close-periods").getByRole("link", { name: "2026-01" }).click();
    await page.waitForURL(new RegExp(`/close/${periodId}$`));

    await page.getByRole("button", { name: "Soft close" }).click();
    await page.getByTestId("close-error").waitFor();
    assert.match(await page.getByTestId("close-error").innerText(), /Exception queue cleared of blocking items/);
    await page.getByRole("button", { name: "Run checks" }).click();
    await page.getByTestId("close-done").waitFor();
    assert.equal((await page.getByTestId("check-result-exceptions").innerText()).trim(), "blocking");
    assert.match(await page.getByTestId("check-exceptions").innerText(), /Bank feed rejected/);

    await withAppDatabase((db) => inTransaction(db, (tx) => resolveException(tx, SYSTEM_ACTOR, { exceptionId, reason: "Statement re-imported by hand" })));
    await page.getByRole("button", { name: "Run checks" }).click();
    await page.getByTestId("close-done").filter({ hasText: "Every check passed" }).waitFor();
    assert.equal((await page.getByTestId("close-blockers").innerText()).trim(), "0");
    await page.getByRole("button", { name: "Soft close" }).click();
    await page.getByTestId("close-done").filter({ hasText: "Period soft-closed" }).waitFor();
    assert.match(await page.getByTestId("close-status").innerText(), /soft closed/);
    await page.getByRole("button", { name: "Hard close" }).click();
    await page.getByTestId("close-done").filter({ hasText: "Period hard-closed" }).waitFor();
    assert.match(await page.getByTestId("close-status").innerText(), /hard closed/);
  } finally {
    await context.close();
  }
  await withAppDatabase(async (db) => {
    const [period] = await db.select().from(fiscalPeriod).where(eq(fiscalPeriod.id, periodId));
    assert.equal(period!.status, "closed");
    const [close] = await db.select().from(periodClose).where(eq(periodClose.fiscalPeriodId, periodId));
    assert.equal(close!.status, "hard_closed");
    assert.ok(close!.startedAt && close!.hardClosedAt && close!.hardClosedAt >= close!.startedAt);
  });
});
