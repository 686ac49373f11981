// Proves inventory control through its pages on the demo distributor: the warehouse creates a
// transfer from CHI to DAL, ships it (stock leaves CHI for in-transit) and receives it (stock
// arrives in DAL); and a blind cycle count is entered by the warehouse with a variance beyond
// tolerance, waits in variance review, and is posted by the controller, after which stock on
// hand equals the count.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { columnTexts, signIn, useBrowser, type DemoUser } from "../support/browser";

const session = useBrowser();

async function as<T>(user: DemoUser, run: (page: Page) => Promise<T>): Promise<T> {
  const { context, page } = await signIn(session.browser(), user);
  try {
    return await run(page);
  } finally {
    await context.close();
  }
}

/** Waits for a form's answer and fails with the refusal's text when it was refused. */
async function answered(page: Page, formName: string): Promise<string> {
  const form = page.getByRole("form", { name: formName });
  await form.locator("[data-testid=action-ok], [data-testid=action-error]").first().waitFor();
  const error = form.getByTestId("action-error");
  if ((await error.count()) > 0) assert.fail(`${formName} was refused: ${await error.innerText()}`);
  return (await form.getByTestId("action-ok").innerText()).trim();
}

async function nav(page: Page, label: string, path: RegExp): Promise<void> {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: label, exact: true }).click();
  await page.waitForURL(path);
}

/** Base units as an exact integer of ten-thousandths ("1,234.5" → 12345000). */
function qty(text: string): number {
  const [whole = "0", fraction = ""] = text.replaceAll(",", "").split(".");
  return Number(whole) * 10_000 + Number(fraction.padEnd(4, "0"));
}

function qtyText(scaled: number): string {
  const whole = Math.floor(scaled / 10_000);
  const fraction = String(scaled % 10_000).padStart(4, "0").replace(/0+$/, "");
  return fraction === "" ? String(whole) : `${whole}.${fraction}`;
}

async function optionValue(page: Page, label: string, code: string): Promise<string> {
  return (await page.getByLabel(label, { exact: true }).locator("option").filter({ hasText: new RegExp(`^${code} `) }).getAttribute("value"))!;
}

/** On hand and available of a SKU in a warehouse from the stock page (0 when it has no row). */
async function stockOf(page: Page, sku: string, warehouseCode: string): Promise<{ onHand: number; available: number }> {
  await page.goto(`/stock?q=${encodeURIComponent(sku)}`);
  if ((await page.locator("[data-testid=stock-list]").count()) === 0) return { onHand: 0, available: 0 };
  const skus = await columnTexts(page, "[data-testid=stock-list]", "SKU");
  const warehouses = await columnTexts(page, "[data-testid=stock-list]", "Warehouse");
  const onHand = await columnTexts(page, "[data-testid=stock-list]", "On hand");
  const available = await columnTexts(page, "[data-testid=stock-list]", "Available");
  const index = skus.findIndex((s, i) => s === sku && warehouses[i] === warehouseCode);
  return index < 0 ? { onHand: 0, available: 0 } : { onHand: qty(onHand[index]!), available: qty(available[index]!) };
}

/** SKUs stocked in CHI with at least 5 base units available, from a later page of the stock list. */
async function chiSkus(page: Page, pageNumber: number): Promise<string[]> {
  await page.goto("/stock");
  const chi = await page.getByLabel("Warehouse").locator("option").filter({ hasText: /^CHI / }).getAttribute("value");
  await page.goto(`/stock?warehouse=${chi}&page=${pageNumber}`);
  const skus = await columnTexts(page, "[data-testid=stock-list]", "SKU");
  const available = await columnTexts(page, "[data-testid=stock-list]", "Available");
  return skus.filter((_, i) => qty(available[i]!) >= qty("5"));
}

test("the warehouse ships a transfer from CHI to DAL and receives it; stock moves by exactly the quantity", async () => {
  await as("warehouse", async (page) => {
    const sku = (await chiSkus(page, 4))[0]!;
    assert.ok(sku, "a CHI item with stock available");
    const before = { chi: (await stockOf(page, sku, "CHI")).onHand, dal: (await stockOf(page, sku, "DAL")).onHand };
    await nav(page, "Transfers", /\/inventory\/transfers$/);
    await page.getByLabel("From warehouse").selectOption(await optionValue(page, "From warehouse", "CHI"));
    await page.getByLabel("To warehouse").selectOption(await optionValue(page, "To warehouse", "DAL"));
    await page.getByLabel("Transfer item, line 1").fill(sku);
    await page.getByLabel("Transfer quantity, line 1").fill("3");
    await page.getByRole("button", { name: "Create transfer" }).click();
    await page.waitForURL(/\/inventory\/transfers\/\d+\?done=created$/);
    const url = page.url().replace(/\?.*$/, "");
    assert.equal((await page.getByTestId("transfer-status").innerText()).trim(), "draft");

    await page.getByRole("button", { name: "Ship", exact: true }).click();
    await answered(page, "Transfer");
    await page.reload();
    assert.equal((await page.getByTestId("transfer-status").innerText()).trim(), "shipped");
    assert.equal((await stockOf(page, sku, "CHI")).onHand, before.chi - qty("3"), "the stock left CHI");
    assert.equal((await stockOf(page, sku, "DAL")).onHand, before.dal, "and is not in DAL yet");

    await page.goto(url);
    assert.equal(await page.getByLabel(`Received quantity, ${sku}`).inputValue(), "3");
    await page.getByRole("button", { name: "Receive", exact: true }).click();
    // Received in full, the transfer re-renders without its step form: the status is the answer.
    await page.getByTestId("transfer-status").filter({ hasText: /^received$/ }).waitFor();
    assert.equal((await page.getByTestId("transfer-status").innerText()).trim(), "received");
    assert.deepEqual(await columnTexts(page, "[data-testid=transfer-lines]", "Received"), ["3"]);
    assert.equal((await stockOf(page, sku, "DAL")).onHand, before.dal + qty("3"), "the stock arrived in DAL");
  });
});

test("a blind count with a variance beyond tolerance is entered by the warehouse and posted by the controller", async () => {
  const count = await as("warehouse", async (page) => {
    const sku = (await chiSkus(page, 5))[1]!;
    assert.ok(sku, "a CHI item with stock available");
    const before = (await stockOf(page, sku, "CHI")).onHand;
    await nav(page, "Cycle counts", /\/inventory\/counts$/);
    await page.getByLabel("Count warehouse").selectOption(await optionValue(page, "Count warehouse", "CHI"));
    await page.getByLabel("SKUs (optional, comma separated)").fill(sku);
    await page.getByLabel(/^Tolerance per line/).fill("0");
    await page.getByRole("button", { name: "Create count list" }).click();
    await page.waitForURL(/\/inventory\/counts\/\d+\?done=created$/);
    const url = page.url().replace(/\?.*$/, "");
    assert.deepEqual(await columnTexts(page, "[data-testid=count-lines]", "Expected"), ["hidden"], "a blind count hides the expected quantity from the counter");
    await page.getByLabel(`Counted, ${sku}`).fill(qtyText(before - qty("1")));
    await page.getByRole("button", { name: "Submit count" }).click();
    await page.getByTestId("count-status").filter({ hasText: /^variance review$/ }).waitFor();
    assert.equal((await page.getByTestId("count-status").innerText()).trim(), "variance review");
    assert.equal((await stockOf(page, sku, "CHI")).onHand, before, "nothing posts before the review");
    return { sku, before, url };
  });
  await as("controller", async (page) => {
    await page.goto(count.url);
    assert.deepEqual(await columnTexts(page, "[data-testid=count-lines]", "Variance"), ["-1"]);
    await page.getByLabel("Review note").fill("Recounted: one unit damaged and scrapped");
    await page.getByRole("button", { name: "Post count" }).click();
    await page.getByTestId("count-status").filter({ hasText: /^posted$/ }).waitFor();
    assert.equal((await page.getByTestId("count-status").innerText()).trim(), "posted");
    assert.match(await page.getByTestId("count-adjustment").innerText(), /^Stock document #\d+$/);
    assert.equal((await stockOf(page, count.sku, "CHI")).onHand, count.before - qty("1"), "stock on hand now equals the count");
  });
});
