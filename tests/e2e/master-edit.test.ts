// Proves the generated master forms write through core: an item's description edited in the
// form shows on the page and in its change history; an invalid edit shows the field's error and
// changes nothing; a governed edit (credit limit) becomes a change request and changes nothing yet;
// money is entered in major units and stored exactly; a new row is created,
// deactivated and reactivated; a role without the write permission gets no form.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { columnTexts, signIn, useBrowser } from "../support/browser";

const session = useBrowser();

async function openItem(page: Page, listPage: number, row: number): Promise<string> {
  await page.goto(`/items?page=${listPage}`);
  const sku = (await columnTexts(page, "table.data", "SKU"))[row]!;
  await page.getByRole("link", { name: sku, exact: true }).click();
  await page.waitForURL(/\/masters\/item\/\d+$/);
  return sku;
}

function fieldValue(page: Page, name: string) {
  return page.getByTestId("master-fields").locator(`[data-field-value=${name}]`);
}

async function historyRows(page: Page): Promise<number> {
  return page.getByTestId("change-history").locator("tbody tr").count();
}

test("editing an item's description through the form shows the change in its history", async () => {
  const { context, page } = await signIn(session.browser(), "planner");
  try {
    await openItem(page, 3, 4);
    const before = (await fieldValue(page, "description").innerText()).trim();
    const changed = `${before} (e2e ${Date.now()})`;
    await page.getByLabel("Description *").fill(changed);
    await page.getByRole("button", { name: "Save item" }).click();
    await page.waitForURL((url) => url.searchParams.get("saved") === "updated");
    assert.equal((await fieldValue(page, "description").innerText()).trim(), changed);
    const latest = page.getByTestId("change-history").locator("tbody tr").first();
    const cells = (await latest.locator("td").allTextContents()).map((t) => t.trim());
    assert.equal(cells[1], "planner");
    assert.equal(cells[2], "update");
    assert.equal(cells[3], `description: ${before} → ${changed}`);
  } finally {
    await context.close();
  }
});

test("an invalid edit shows the field error and changes nothing", async () => {
  const { context, page } = await signIn(session.browser(), "planner");
  try {
    await openItem(page, 4, 7);
    const description = (await fieldValue(page, "description").innerText()).trim();
    const weight = (await fieldValue(page, "weightKg").innerText()).trim();
    const changesBefore = await historyRows(page);
    await page.getByLabel("Description *").fill("   ");
    await page.getByLabel("Weight per base unit (kg)").fill("heavy");
    await page.getByRole("button", { name: "Save item" }).click();
    const descriptionError = page.getByTestId("error-description");
    await descriptionError.waitFor();
    assert.ok((await descriptionError.innerText()).length > 0);
    assert.match(await page.getByTestId("error-weightKg").innerText(), /decimal/);
    // The form keeps what was typed so it can be corrected.
    assert.equal(await page.getByLabel("Weight per base unit (kg)").inputValue(), "heavy");
    await page.reload();
    assert.equal((await fieldValue(page, "description").innerText()).trim(), description);
    assert.equal((await fieldValue(page, "weightKg").innerText()).trim(), weight);
    assert.equal(await historyRows(page), changesBefore);
  } finally {
    await context.close();
  }
});

test("a credit-limit edit goes to change control and leaves the customer unchanged", async () => {
  const { context, page } = await signIn(session.browser(), "sales");
  try {
    await page.goto("/customers?page=2");
    await page.locator("table.data tbody tr a[data-testid=row-link]").nth(3).click();
    await page.waitForURL(/\/masters\/customer\/\d+$/);
    const limit = (await fieldValue(page, "creditLimitMinor").innerText()).trim();
    const changesBefore = await historyRows(page);
    await page.getByLabel("Credit limit").fill("15,000.5");
    await page.getByRole("button", { name: "Save customer" }).click();
    // Governed field: submitted as a change request, or refused when no approval policy is
    // installed; never applied directly.
    const answer = page.locator("[data-testid=form-notice], [data-testid=form-error]");
    await answer.first().waitFor();
    assert.match(await answer.first().innerText(), /Submitted for approval as change request \d+|approval/i);
    await page.reload();
    assert.equal((await fieldValue(page, "creditLimitMinor").innerText()).trim(), limit);
    assert.equal(await historyRows(page), changesBefore);
    await page.getByLabel("Credit limit").fill("12.345");
    await page.getByRole("button", { name: "Save customer" }).click();
    assert.match(await page.getByTestId("error-creditLimitMinor").innerText(), /at most 2 decimals/);
  } finally {
    await context.close();
  }
});

test("a customer price created in major units is stored in minor units exactly", async () => {
  const { context, page } = await signIn(session.browser(), "sales");
  try {
    // An existing contract price names an item and a unit that are valid together.
    await page.goto("/masters/customerPrice");
    await page.locator("table.data tbody tr a[data-testid=row-link]").first().click();
    await page.waitForURL(/\/masters\/customerPrice\/\d+$/);
    const itemHref = await fieldValue(page, "itemId").locator("a").getAttribute("href");
    const itemId = /\/masters\/item\/(\d+)$/.exec(itemHref ?? "")?.[1];
    assert.ok(itemId, `item link ${itemHref}`);
    const unit = (await fieldValue(page, "uom").innerText()).trim().split(" — ")[0]!;
    await fieldValue(page, "customerId").locator("a").click();
    await page.waitForURL(/\/masters\/customer\/\d+$/);
    const currency = (await fieldValue(page, "currency").innerText()).trim().slice(0, 3);
    const minQty = String(1000 + Math.floor(Math.random() * 100_000));
    await page.getByRole("link", { name: "Add customer price" }).click();
    await page.waitForURL(/\/masters\/customerPrice\/new\?customerId=\d+$/);
    await page.getByLabel("Item *").fill(itemId);
    await page.getByLabel("Unit *").selectOption(unit);
    await page.getByLabel("Minimum quantity").fill(minQty);
    await page.getByLabel("Unit price *").fill("7.5");
    await page.getByRole("button", { name: "Create customer price" }).click();
    await page.waitForURL((url) => url.searchParams.get("saved") === "created");
    assert.equal((await fieldValue(page, "unitPriceMinor").innerText()).trim(), `7.50 ${currency}`);
    const created = (await page.getByTestId("change-history").locator("tbody tr").first().locator("td").nth(3).innerText());
    assert.match(created, /^unitPriceMinor: 750$/m);
    assert.match(created, new RegExp(`^minQty: ${minQty}(\\.0+)?$`, "m"));
  } finally {
    await context.close();
  }
});

test("a new item category is created, deactivated and reactivated, each step in its history", async () => {
  const { context, page } = await signIn(session.browser(), "planner");
  try {
    const code = `E2E${Date.now().toString(36).toUpperCase()}`;
    await page.goto("/masters/itemCategory");
    await page.getByRole("link", { name: "New item category" }).click();
    await page.waitForURL(/\/masters\/itemCategory\/new$/);
    await page.getByLabel("Code *").fill(code);
    await page.getByLabel("Name *").fill("Browser test category");
    await page.getByRole("button", { name: "Create item category" }).click();
    await page.waitForURL((url) => url.searchParams.get("saved") === "created");
    assert.match(await page.locator("h1").innerText(), new RegExp(code));
    await page.getByRole("button", { name: "Deactivate item category" }).click();
    await page.waitForURL((url) => url.searchParams.get("saved") === "deactivated");
    await page.getByRole("button", { name: "Reactivate item category" }).click();
    await page.waitForURL((url) => url.searchParams.get("saved") === "reactivated");
    const actions = await columnTexts(page, "[data-testid=change-history]", "Action");
    assert.deepEqual(actions, ["reactivate", "deactivate", "create"]);
    // A second category with the same code is refused on the code field.
    await page.goto("/masters/itemCategory/new");
    await page.getByLabel("Code *").fill(code);
    await page.getByLabel("Name *").fill("Duplicate");
    await page.getByRole("button", { name: "Create item category" }).click();
    assert.ok((await page.getByTestId("error-code").innerText()).length > 0);
  } finally {
    await context.close();
  }
});

test("a role without the write permission sees the record but no edit form", async () => {
  const { context, page } = await signIn(session.browser(), "sales");
  try {
    await openItem(page, 1, 1);
    assert.equal(await page.getByRole("button", { name: "Save item" }).count(), 0);
    assert.equal(await page.getByTestId("change-history").count(), 0);
    await page.goto("/masters/item/new");
    assert.equal(await page.getByTestId("forbidden").count(), 1);
  } finally {
    await context.close();
  }
});
