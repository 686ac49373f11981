// Proves the stock-on-hand page reads the stock ledger's balances: filtering by warehouse shows
// only that warehouse, a SKU from the list is found by search, and available = on hand - allocated.
import { test } from "node:test";
import assert from "node:assert/strict";
import { columnTexts, pagerTotal, signIn, useBrowser } from "../support/browser";

const session = useBrowser();

function decimal(text: string): number {
  // Quantities have at most 4 decimals; scaled to integers so the comparison is exact.
  const [whole = "0", fraction = ""] = text.replaceAll(",", "").split(".");
  return Number(whole) * 10_000 + Number(fraction.padEnd(4, "0"));
}

test("filtering stock by warehouse shows only that warehouse's rows", async () => {
  const { context, page } = await signIn(session.browser(), "warehouse");
  try {
    await page.goto("/stock");
    const allTotal = await pagerTotal(page);
    assert.ok(allTotal > 0, "the demo has opening stock");
    const select = page.getByLabel("Warehouse");
    const options = await select.locator("option").allTextContents();
    assert.ok(options.length >= 4, "all warehouses plus three demo warehouses");
    // A stocked demo warehouse (each entity's in-transit warehouse is usually empty).
    const chosen = options.find((option) => /^CHI\b/.test(option.trim())) ?? options[1]!;
    const code = chosen.split(" — ")[0]!.trim();
    await select.selectOption({ label: chosen });
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL((url) => url.searchParams.has("warehouse"));
    const warehouses = await columnTexts(page, "table.data", "Warehouse");
    assert.ok(warehouses.length > 0);
    assert.deepEqual([...new Set(warehouses)], [code]);
    assert.ok((await pagerTotal(page)) < allTotal);
  } finally {
    await context.close();
  }
});

test("a SKU from the stock list is found by searching for it, with available = on hand - allocated", async () => {
  const { context, page } = await signIn(session.browser(), "buyer");
  try {
    await page.goto("/stock?page=2");
    const sku = (await columnTexts(page, "table.data", "SKU"))[0]!;
    await page.getByLabel("Search", { exact: true }).fill(sku);
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL((url) => url.searchParams.get("q") === sku);
    const skus = await columnTexts(page, "table.data", "SKU");
    assert.ok(skus.includes(sku));
    const onHand = await columnTexts(page, "table.data", "On hand");
    const allocated = await columnTexts(page, "table.data", "Allocated");
    const available = await columnTexts(page, "table.data", "Available");
    const values = await columnTexts(page, "table.data", "Value");
    for (let index = 0; index < onHand.length; index++) {
      assert.ok(decimal(onHand[index]!) > 0);
      assert.equal(decimal(available[index]!), decimal(onHand[index]!) - decimal(allocated[index]!));
      assert.match(values[index]!, /^[\d,]+\.\d{2} (USD|CAD)$/);
    }
  } finally {
    await context.close();
  }
});
