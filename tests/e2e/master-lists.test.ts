// Proves the master-data list pages read real demo data: a code the list shows is searched and
// found, paging moves through the rows, each row opens its detail page (with its child
// collections), and the masters admin lists every kind with its count.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { columnTexts, pagerTotal, signIn, useBrowser, type DemoUser } from "../support/browser";

const session = useBrowser();

const LISTS: { path: string; user: DemoUser; codeHeader: string; title: RegExp }[] = [
  { path: "/items", user: "planner", codeHeader: "SKU", title: /^Item: / },
  { path: "/customers", user: "sales", codeHeader: "Code", title: /^Customer: / },
  { path: "/suppliers", user: "buyer", codeHeader: "Code", title: /^Supplier: / },
  { path: "/warehouses", user: "warehouse", codeHeader: "Code", title: /^Warehouse: / },
];

async function searchFor(page: Page, text: string): Promise<void> {
  await page.getByLabel("Search", { exact: true }).fill(text);
  await page.getByRole("button", { name: "Search" }).click();
  await page.waitForURL((url) => url.searchParams.get("q") === text);
}

for (const list of LISTS) {
  test(`${list.path} finds a code it lists by searching for it, and opens its detail page`, async () => {
    const { context, page } = await signIn(session.browser(), list.user);
    try {
      await page.goto(list.path);
      const totalBefore = await pagerTotal(page);
      const codes = await columnTexts(page, "table.data", list.codeHeader);
      assert.ok(codes.length > 0, "the list shows rows");
      const code = codes[Math.min(codes.length - 1, 2)]!;
      await searchFor(page, code);
      const found = await columnTexts(page, "table.data", list.codeHeader);
      assert.ok(found.includes(code), `${code} found after searching`);
      assert.ok((await pagerTotal(page)) <= totalBefore);
      await page.getByRole("link", { name: code, exact: true }).click();
      await page.waitForURL(/\/masters\/\w+\/\d+/);
      const title = await page.locator("h1").innerText();
      assert.match(title, list.title);
      assert.ok(title.includes(code), `${title} names ${code}`);
    } finally {
      await context.close();
    }
  });
}

test("a search that matches nothing says so", async () => {
  const { context, page } = await signIn(session.browser(), "planner");
  try {
    await page.goto("/items?q=zz-no-such-item-zz");
    assert.equal(await pagerTotal(page), 0);
    assert.match(await page.locator(".empty").innerText(), /No items match/);
  } finally {
    await context.close();
  }
});

test("paging the item list moves to the next rows", async () => {
  const { context, page } = await signIn(session.browser(), "planner");
  try {
    await page.goto("/items");
    const first = await columnTexts(page, "table.data", "SKU");
    await page.getByRole("link", { name: "Next ›" }).click();
    await page.waitForURL((url) => url.searchParams.get("page") === "2");
    const second = await columnTexts(page, "table.data", "SKU");
    assert.equal(first.length, 50);
    assert.ok(second.length > 0);
    assert.equal(second.filter((sku) => first.includes(sku)).length, 0, "page 2 shows other items");
    assert.match(await page.getByTestId("pager-count").innerText(), /^51–/);
  } finally {
    await context.close();
  }
});

test("/items/<id> redirects to the item's master page with conversions and stock by warehouse", async () => {
  const { context, page } = await signIn(session.browser(), "planner");
  try {
    await page.goto("/stock");
    const sku = (await columnTexts(page, "table.data", "SKU"))[0]!;
    await page.getByRole("link", { name: sku, exact: true }).first().click();
    await page.waitForURL(/\/masters\/item\/(\d+)$/);
    const id = /\/masters\/item\/(\d+)$/.exec(page.url())![1];
    await page.goto(`/items/${id}`);
    assert.equal(new URL(page.url()).pathname, `/masters/item/${id}`);
    assert.ok((await page.locator("h1").innerText()).includes(sku));
    assert.ok((await page.getByTestId("list-itemUomConversion").locator("tbody tr").count()) > 0, "unit conversions listed");
    assert.ok((await page.getByTestId("detail-stock").locator("tbody tr").count()) > 0, "stock by warehouse listed");
  } finally {
    await context.close();
  }
});

test("a customer's page lists its ship-to addresses, and its price list lists priced lines", async () => {
  const { context, page } = await signIn(session.browser(), "sales");
  try {
    await page.goto("/customers");
    await page.locator("table.data tbody tr a[data-testid=row-link]").first().click();
    await page.waitForURL(/\/masters\/customer\/\d+$/);
    const shipTos = page.getByTestId("list-customerShipTo").locator("tbody tr");
    assert.ok((await shipTos.count()) > 0, "ship-tos listed");
    const priceListLink = page.getByTestId("master-fields").locator("[data-field-value=priceListId] a");
    assert.equal(await priceListLink.count(), 1, "the demo customer has a price list");
    await priceListLink.click();
    await page.waitForURL(/\/masters\/priceList\/\d+$/);
    const prices = await columnTexts(page, "[data-testid=list-priceListLine]", "Unit price");
    assert.ok(prices.length > 0);
    for (const price of prices) assert.match(price, /^[\d,]+\.\d{2} [A-Z]{3}$/);
  } finally {
    await context.close();
  }
});

test("the masters admin lists every kind with its count and opens a kind's list", async () => {
  const { context, page } = await signIn(session.browser(), "controller");
  try {
    await page.goto("/masters");
    const kinds = (await page.locator("table.data tbody tr td:first-child").allTextContents()).map((t) => t.trim());
    assert.equal(kinds.length, 19);
    for (const label of ["Items", "Currencies", "Accounts", "Price lists", "Ship-to addresses"]) assert.ok(kinds.includes(label), label);
    await page.getByRole("link", { name: "Currencies", exact: true }).click();
    await page.waitForURL(/\/masters\/currency$/);
    const codes = await columnTexts(page, "table.data", "Code");
    assert.ok(codes.includes("USD") && codes.includes("CAD"), `currencies ${codes.join(", ")}`);
    await page.getByRole("link", { name: "USD", exact: true }).click();
    await page.waitForURL(/\/masters\/currency\/USD$/);
    assert.match(await page.locator("h1").innerText(), /USD/);
  } finally {
    await context.close();
  }
});
