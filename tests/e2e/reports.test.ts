// Proves the financial reports in the browser on the demo: a controller opens the consolidated
// balance sheet from the navigation, it balances, a figure drills down to the entity figures
// that sum to it, and on to an entity's account ledger and one of its journal entries; entity
// statements balance, export CSV and have a print view; a sales user is refused.
import { test } from "node:test";
import assert from "node:assert/strict";
import { amountToMinor, signIn, useBrowser } from "../support/browser";

const session = useBrowser();

test("a controller opens the consolidated balance sheet and drills from a figure to an entity's journal entry", async () => {
  const { context, page } = await signIn(session.browser(), "controller");
  try {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Consolidated statements" }).click();
    await page.waitForURL(/\/reports\/consolidated/);
    const [assets, claims] = (await page.getByTestId("bs-totals").innerText()).split("/").map((t) => amountToMinor(t.trim(), 2));
    assert.ok(assets! > 0n, "the group has assets");
    assert.equal(assets, claims, "the consolidated balance sheet balances");
    // Other browser tests may add an entity to the shared app database: check the demo's two.
    assert.equal(await page.getByTestId("translation-rates").locator("tbody tr").filter({ hasText: /US01|CA01/ }).count(), 2, "both demo entities are translated");

    const inventory = page.locator('[data-testid=consolidated-bs] tr[data-line="account:1200"]');
    const figure = amountToMinor(await inventory.locator("td").nth(1).innerText(), 2);
    await inventory.getByRole("link").click();
    await page.waitForURL(/\/reports\/consolidated\/account\?/);
    assert.match(await page.locator("h1").innerText(), /^1200 Inventory/);
    const parts = (await page.getByTestId("translated").allTextContents()).map((t) => amountToMinor(t.trim(), 2));
    // Both figures come from one rendering of this page: other browser tests post stock movements
    // concurrently, so the balance sheet read a moment ago may differ by their amounts.
    const consolidated = amountToMinor(await page.getByTestId("consolidated-figure").innerText(), 2);
    assert.equal(parts.reduce((a, b) => a + b, 0n), consolidated, "entity figures and eliminations sum to the consolidated figure");
    assert.ok(consolidated > 0n && figure > 0n, "the drilled figure is the group's inventory");

    await page.locator('tr[data-entity="CA01"]').getByRole("link", { name: "Account ledger" }).click();
    await page.waitForURL(/\/ledger\/accounts\/\d+/);
    assert.match(await page.locator("h1").innerText(), /^1200 Inventory/);
    const entry = page.locator("[data-testid=account-ledger] tbody tr").first().getByRole("link", { name: /^JE-CA01-/ });
    const entryNumber = (await entry.innerText()).trim();
    await entry.click();
    await page.waitForURL(/\/ledger\/entries\/\d+$/);
    assert.match(await page.locator("h1").innerText(), new RegExp(entryNumber));
  } finally {
    await context.close();
  }
});

test("an entity's statements balance, export CSV and print without the navigation", async () => {
  const { context, page } = await signIn(session.browser(), "controller");
  try {
    await page.goto("/reports");
    await page.locator('a[href*="/reports/statements"]', { hasText: "Balance sheet" }).first().click();
    await page.waitForURL(/\/reports\/statements\?.*view=bs/);
    const [assets, claims] = (await page.getByTestId("bs-totals").innerText()).split("/").map((t) => amountToMinor(t.trim(), 2));
    assert.equal(assets, claims);
    await page.getByRole("link", { name: "Income statement" }).click();
    await page.waitForURL(/view=is/);
    assert.ok(await page.getByTestId("net-income").isVisible());
    const csvHref = await page.getByRole("link", { name: "CSV" }).getAttribute("href");
    const response = await page.request.get(csvHref!);
    assert.equal(response.status(), 200);
    assert.match(response.headers()["content-type"] ?? "", /text\/csv/);
    assert.match(await response.text(), /^section,line,account_code,amount,compare_amount\r\n/);
    await page.getByRole("link", { name: "Print view" }).click();
    await page.waitForURL(/print=1/);
    assert.equal(await page.getByRole("navigation", { name: "Main" }).isVisible(), false, "the print view hides the navigation");
  } finally {
    await context.close();
  }
});

test("a sales user is refused the financial reports", async () => {
  const { context, page } = await signIn(session.browser(), "sales");
  try {
    for (const path of ["/reports", "/reports/consolidated", "/reports/statements", "/reports/intercompany"]) {
      await page.goto(path);
      assert.match(await page.getByTestId("forbidden").innerText(), /403/, `${path} is forbidden`);
    }
  } finally {
    await context.close();
  }
});
