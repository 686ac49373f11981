// Proves the anomaly review queue in the browser on the demo distributor: the nightly scan (run
// here directly against the app's database, as the job would) flags the injected anomalies, then
// the controller dismisses one flag with a reason and confirms another on /anomalies; both leave
// the open queue and show under their status with the decision kept as a label.
import { test } from "node:test";
import assert from "node:assert/strict";
import { legalEntity } from "../../core/masters/schema";
import { runAnomalyScan } from "../../models/anomaly/scan";
import { withAppDatabase } from "../support/app-database";
import { signIn, useBrowser } from "../support/browser";

const session = useBrowser();


test("a controller dismisses one anomaly with a reason and confirms another", async () => {
  const entityId = await withAppDatabase(async (db) => {
    const [entity] = await db.select({ id: legalEntity.id }).from(legalEntity).orderBy(legalEntity.id).limit(1);
    assert.ok(entity);
    await runAnomalyScan(db, { entityId: entity.id, fromDate: "2000-01-01", toDate: "2100-12-31" });
    return entity.id;
  });
  const { context, page } = await signIn(session.browser(), "controller");
  try {
    await page.goto(`/anomalies?entity=${entityId}&status=open`);
    const rows = page.locator('[data-testid="anomaly-flags"] > tbody > tr');
    assert.ok(await rows.count() >= 2, "the scan left at least two open flags");
    const first = rows.nth(0);
    const dismissedSubject = await first.getAttribute("data-subject");
    const dismissedId = (await first.getAttribute("data-testid"))!.replace("flag-", "");
    await page.getByLabel(`Dismissal reason for flag ${dismissedId}`, { exact: true }).fill("Quarter-end true-up agreed with the auditors");
    await first.getByRole("button", { name: "Dismiss" }).click();
    await page.getByTestId("done").filter({ hasText: `Flag ${dismissedId} dismissed` }).waitFor();
    assert.match(await page.getByTestId("done").innerText(), new RegExp(`Flag ${dismissedId} dismissed`));

    const next = page.locator('[data-testid="anomaly-flags"] > tbody > tr').nth(0);
    const confirmedId = (await next.getAttribute("data-testid"))!.replace("flag-", "");
    assert.notEqual(confirmedId, dismissedId, "the dismissed flag left the open queue");
    await page.getByLabel(`Note for flag ${confirmedId}`, { exact: true }).fill("Paid twice: recovery requested");
    await next.getByRole("button", { name: "Confirm" }).click();
    // The banner of the dismissal is still on the page until the confirmation replaces it.
    await page.getByTestId("done").filter({ hasText: `Flag ${confirmedId} confirmed` }).waitFor();
    assert.match(await page.getByTestId("done").innerText(), new RegExp(`Flag ${confirmedId} confirmed`));

    await page.goto(`/anomalies?entity=${entityId}&status=dismissed`);
    const dismissed = page.locator(`[data-testid="flag-${dismissedId}"]`);
    assert.equal(await dismissed.getAttribute("data-subject"), dismissedSubject);
    assert.match(await dismissed.getByTestId("flag-decision").innerText(), /dismissed: Quarter-end true-up/);
    await page.goto(`/anomalies?entity=${entityId}&status=confirmed`);
    assert.match(await page.locator(`[data-testid="flag-${confirmedId}"]`).getByTestId("flag-decision").innerText(), /confirmed: Paid twice/);
  } finally {
    await context.close();
  }
});

test("a sales user cannot open the anomaly review queue", async () => {
  const { context, page } = await signIn(session.browser(), "sales");
  try {
    await page.goto("/anomalies");
    assert.ok(!(await page.locator('[data-testid="anomaly-flags"]').isVisible()));
  } finally {
    await context.close();
  }
});
