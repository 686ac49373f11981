// Proves the shell per role: each role's navigation shows only what its permissions allow, a
// sales user is refused the ledger pages with a 403 page, and the home page shows real figures
// (its counts equal the list totals; stock value per entity equals the GL inventory balance).
import { test } from "node:test";
import assert from "node:assert/strict";
import { navLabels, pagerTotal, signIn, useBrowser } from "../support/browser";

const session = useBrowser();

test("a sales user's navigation has no ledger entries and the ledger pages show the 403 forbidden page", async () => {
  const { context, page } = await signIn(session.browser(), "sales");
  try {
    const labels = await navLabels(page);
    assert.ok(labels.includes("Customers"));
    assert.ok(labels.includes("Stock on hand"));
    assert.equal(labels.includes("Trial balance"), false);
    assert.equal(labels.includes("Journal"), false);
    for (const path of ["/ledger/trial-balance", "/ledger/entries", "/ledger/entries/1", "/ledger/accounts/1"]) {
      await page.goto(path);
      const forbidden = page.getByTestId("forbidden");
      assert.match(await forbidden.innerText(), /403/, `${path} shows the forbidden page`);
      assert.equal(await page.getByTestId("tb-total-debit").count(), 0);
    }
  } finally {
    await context.close();
  }
});

test("a controller's navigation has the ledger and the masters admin", async () => {
  const { context, page } = await signIn(session.browser(), "controller");
  try {
    const labels = await navLabels(page);
    for (const label of ["Home", "Items", "Customers", "Suppliers", "Warehouses", "Stock on hand", "Trial balance", "Journal", "Masters admin"]) {
      assert.ok(labels.includes(label), `${label} in ${labels.join(", ")}`);
    }
  } finally {
    await context.close();
  }
});

test("the home page counts equal the totals of the list pages", async () => {
  const { context, page } = await signIn(session.browser(), "exec");
  try {
    const counts = {
      items: Number((await page.getByTestId("count-items").innerText()).replaceAll(",", "")),
      customers: Number((await page.getByTestId("count-customers").innerText()).replaceAll(",", "")),
      suppliers: Number((await page.getByTestId("count-suppliers").innerText()).replaceAll(",", "")),
    };
    assert.ok(counts.items >= 1000, `the demo has at least 1,000 items, home shows ${counts.items}`);
    assert.ok(counts.customers >= 300);
    assert.ok(counts.suppliers >= 40);
    for (const [path, expected] of [["/items", counts.items], ["/customers", counts.customers], ["/suppliers", counts.suppliers]] as const) {
      await page.goto(path);
      assert.equal(await pagerTotal(page), expected, `${path} total`);
    }
  } finally {
    await context.close();
  }
});

test("the home page shows stock value per entity equal to the GL, and the latest journal entries", async () => {
  const { context, page } = await signIn(session.browser(), "controller");
  try {
    // Other browser tests may add an entity to the shared app database: check the demo's two.
    const rows = page.getByTestId("stock-value-by-entity").locator("tbody tr").filter({ hasText: /US01|CA01/ });
    assert.equal(await rows.count(), 2, "two demo legal entities");
    for (let index = 0; index < 2; index++) {
      const cells = (await rows.nth(index).locator("td").allTextContents()).map((t) => t.trim());
      assert.notEqual(cells[2], "0.00", "stock at cost is not zero");
      assert.equal(cells[2], cells[3], "stock value equals GL inventory");
      assert.equal(cells[4], "0.00");
    }
    const entries = page.getByTestId("latest-entries").locator("tbody tr");
    assert.ok((await entries.count()) > 0);
    const firstEntry = page.getByTestId("latest-entries").locator("tbody tr a").first();
    const number = (await firstEntry.innerText()).trim();
    await firstEntry.click();
    await page.waitForURL(/\/ledger\/entries\/\d+$/);
    assert.match(await page.locator("h1").innerText(), new RegExp(number));
  } finally {
    await context.close();
  }
});

test("a warehouse user sees stock but no ledger figures on the home page", async () => {
  const { context, page } = await signIn(session.browser(), "warehouse");
  try {
    assert.equal(await page.getByTestId("stock-value-by-entity").count(), 1);
    assert.equal(await page.getByTestId("latest-entries").count(), 0);
    const headers = (await page.getByTestId("stock-value-by-entity").locator("thead th").allTextContents()).map((t) => t.trim());
    assert.equal(headers.includes("GL inventory"), false);
  } finally {
    await context.close();
  }
});
