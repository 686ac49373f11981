// Proves in the browser that a planner turns a forecast-driven proposal into a purchase order: on the
// workbench the planner trains and runs the demand forecaster on the demo history (the registry figures
// appear) and runs planning; when no supplier offers the items the forecast says will run out, a buyer
// adds a supplier item from the workbench's list and the planner plans again; the planner opens a
// proposal whose demand comes from the forecast (history, forecast and interval shown with the
// reason), accepts it, and the proposal links to its new purchase order.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Page } from "playwright-core";
import { signIn, useBrowser } from "../support/browser";

const session = useBrowser();
const SLOW_MS = 15 * 60_000;

async function runPlanning(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Run planning" }).click();
  await page.getByRole("status").filter({ hasText: "Planning run" }).waitFor({ timeout: SLOW_MS });
  assert.match(await page.getByRole("status").innerText(), /\(forecast:demand_forecast v\d+\): \d+ proposals/);
}

test("a planner accepts a forecast-driven proposal into a purchase order", async () => {
  const { context, page } = await signIn(session.browser(), "planner");
  try {
    await page.goto("/purchasing/planning");
    await page.getByRole("button", { name: "Train and forecast" }).click();
    const trained = page.getByRole("status");
    await trained.waitFor({ timeout: SLOW_MS });
    assert.match(await trained.innerText(), /Trained version \d+ \((activated|not activated): backtest MASE [\d.]+ vs seasonal naive [\d.]+/);
    assert.match(await page.getByTestId("forecaster").innerText(), /Active: demand_forecast v\d+/);

    await runPlanning(page);
    const forecastRows = () => page.locator('[data-testid="proposals"] tbody tr').filter({ has: page.getByTestId("forecast-basis") });
    if (await forecastRows().count() === 0) {
      // No forecast-driven buy yet: the items the forecast says will run out have no supplier. A buyer adds one.
      const buyer = await signIn(session.browser(), "buyer");
      try {
        await buyer.page.goto("/purchasing/planning");
        const first = buyer.page.getByTestId("uncovered").locator("tbody tr").first();
        await first.getByLabel("Price per unit").fill("2.50");
        await first.getByRole("button", { name: "Add supplier item" }).click();
        await buyer.page.getByRole("status").filter({ hasText: "Supplier item added" }).waitFor({ timeout: 60_000 });
      } finally {
        await buyer.context.close();
      }
      await page.goto("/purchasing/planning");
      await runPlanning(page);
    }
    const row = forecastRows().first();
    await row.waitFor({ timeout: 30_000 });
    await row.locator("td").first().getByRole("link").click();
    await page.getByTestId("demand-basis").waitFor();
    assert.match(await page.getByTestId("demand-basis").innerText(), /From the forecast \(demand_forecast v\d+\)/);
    assert.equal(await page.getByTestId("forecast-table").locator("tbody tr").count(), 13);
    assert.ok(await page.getByTestId("forecast-chart").isVisible());
    assert.match(await page.getByTestId("proposal-sentence").innerText(), /forecast [\d.]+\/day/);

    await page.getByRole("button", { name: "Accept into order" }).click();
    await page.getByRole("status").filter({ hasText: "accepted into" }).waitFor({ timeout: 60_000 });
    assert.equal((await page.getByTestId("proposal-status").innerText()).trim(), "accepted");
    await page.getByTestId("purchase-order-link").click();
    await page.waitForURL(/\/purchasing\/orders\/\d+/);
  } finally {
    await context.close();
  }
});
