// Proves the anomaly review queue in the browser on the demo distributor: the nightly scan (run
// here directly against the app's database, as the job would) flags the injected anomalies, then
// the controller dismisses one flag with a reason and confirms another on /anomalies; both leave
// the open queue and show under their status with the decision kept as a label.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createDb, closeDb, type Db } from "../../core/db/client";
import { legalEntity } from "../../core/masters/schema";
import { runAnomalyScan } from "../../models/anomaly/scan";
import { signIn, useBrowser } from "../support/browser";

const session = useBrowser();

/** The app's database: tests/run.ts names it keel_e2e_<pid>; the app holds connections to it. */
async function withAppDatabase<T>(run: (db: Db) => Promise<T>): Promise<T> {
  let url = process.env.KEEL_E2E_DATABASE_URL;
  if (!url) {
    const server = process.env.KEEL_TEST_SERVER_URL;
    assert.ok(server, "KEEL_TEST_SERVER_URL is set by tests/run.ts");
    const admin = createDb(server, { max: 1 });
    try {
      const rows = await admin.$client.unsafe<{ datname: string }[]>("select distinct datname from pg_stat_activity where datname like 'keel_e2e_%'");
      assert.equal(rows.length, 1, `exactly one app database is in use: ${rows.map((r) => r.datname).join(", ")}`);
      const parsed = new URL(server);
      parsed.pathname = `/${rows[0]!.datname}`;
      url = parsed.toString();
    } finally {
      await closeDb(admin);
    }
  }
  const db = createDb(url, { max: 2 });
  try {
    return await run(db);
  } finally {
    await closeDb(db);
  }
}

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
    await page.getByLabel(`Dismissal reason for flag ${dismissedId}`).fill("Quarter-end true-up agreed with the auditors");
    await first.getByRole("button", { name: "Dismiss" }).click();
    await page.getByTestId("done").waitFor();
    assert.match(await page.getByTestId("done").innerText(), new RegExp(`Flag ${dismissedId} dismissed`));

    const next = page.locator('[data-testid="anomaly-flags"] > tbody > tr').nth(0);
    const confirmedId = (await next.getAttribute("data-testid"))!.replace("flag-", "");
    assert.notEqual(confirmedId, dismissedId, "the dismissed flag left the open queue");
    await page.getByLabel(`Note for flag ${confirmedId}`).fill("Paid twice: recovery requested");
    await next.getByRole("button", { name: "Confirm" }).click();
    await page.getByTestId("done").waitFor();
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
