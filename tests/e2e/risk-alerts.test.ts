// Proves the predictive alerts in the browser on the demo distributor: the daily predictive-alerts job
// (run here directly against the app's database, as the worker would) trains both risk models and
// scores the open work; the sales user finds "Late-fulfilment risk" in the navigation and sees an
// at-risk order line with its reasons in words, the model version and its held-out AUC, and opens
// the order; the controller sees customers at risk of paying late with their open balance and opens
// one's statement, while the sales user is refused the finance page.
import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "drizzle-orm";
import { createConsoleLogger } from "../../jobs/log";
import { predictiveAlertsJob } from "../../jobs/definitions/predictive-alerts";
import { withAppDatabase } from "../support/app-database";
import { navLabels, signIn, useBrowser } from "../support/browser";

const session = useBrowser();
const SLOW_MS = 120_000;

type Scored = { lineEntity: number; customerEntity: number };

/** Runs the job as of the demo's last order date and returns the entity of the riskiest line and customer. */
async function publishRisks(): Promise<Scored> {
  return withAppDatabase(async (db) => {
    const [last] = await db.execute<{ day: string }>(sql`select max(order_date)::text as day from sales_order`);
    const log = createConsoleLogger({ prefix: "[risk-alerts]", minLevel: "warn" });
    await predictiveAlertsJob.run({ db, log }, { asOf: last!.day });
    const riskiest = (kind: string) => db.execute<{ entity_id: string }>(sql`
      select s.entity_id from sales_risk_score s left join sales_order_line l on l.id = s.order_line_id
       where s.kind = ${kind} and (l.id is null or l.status not in ('shipped', 'cancelled')) and jsonb_array_length(s.reasons) > 0
       order by s.probability desc limit 1`);
    const [line] = await riskiest("late_fulfilment");
    const [customer] = await riskiest("collections");
    assert.ok(line && customer, "the job scored open lines and customers with reasons");
    return { lineEntity: Number(line.entity_id), customerEntity: Number(customer.entity_id) };
  });
}

test("sales sees at-risk order lines with reasons, finance sees customers at risk of paying late", async () => {
  const scored = await publishRisks();
  const sales = await signIn(session.browser(), "sales");
  try {
    const { page } = sales;
    const labels = await navLabels(page);
    assert.ok(labels.includes("Late-fulfilment risk"), labels.join(", "));
    assert.equal(labels.includes("Collections risk"), false);
    await page.goto(`/sales/risk?entity=${scored.lineEntity}`);
    assert.match(await page.getByTestId("model-version").innerText(), /late_fulfilment_risk v\d+/);
    assert.match(await page.getByTestId("model-evaluation").innerText(), /AUC 0\.\d{3}/);
    const row = page.locator('[data-testid="risk-lines"] tbody tr').filter({ has: page.getByTestId("reasons") }).first();
    await row.waitFor({ timeout: SLOW_MS });
    assert.match(await row.getByTestId("probability").innerText(), /^\d+%$/);
    const reasons = await row.getByTestId("reasons").locator("li").allTextContents();
    assert.ok(reasons.length > 0 && reasons.every((text) => /[a-z]{3}/.test(text)), reasons.join(" | "));
    await row.locator("td").first().getByRole("link").click();
    await page.waitForURL(/\/sales\/orders\/\d+$/);
    await page.goto("/finance/collections-risk");
    await page.getByTestId("forbidden").waitFor();
  } finally {
    await sales.context.close();
  }
  const finance = await signIn(session.browser(), "controller");
  try {
    const { page } = finance;
    assert.ok((await navLabels(page)).includes("Collections risk"));
    await page.goto(`/finance/collections-risk?entity=${scored.customerEntity}`);
    assert.match(await page.getByTestId("model-version").innerText(), /collections_risk v\d+/);
    assert.match(await page.getByTestId("model-evaluation").innerText(), /AUC 0\.\d{3}/);
    assert.ok(await page.getByTestId("calibration").isVisible(), "calibration by bin is shown");
    const row = page.locator('[data-testid="risk-customers"] tbody tr').filter({ has: page.getByTestId("reasons") }).first();
    await row.waitFor({ timeout: SLOW_MS });
    assert.ok((await row.getByTestId("reasons").locator("li").count()) > 0);
    await row.locator("td").first().getByRole("link").click();
    await page.waitForURL(/\/sales\/customers\/\d+\/statement/);
  } finally {
    await finance.context.close();
  }
});
