// Proves the ledger pages read the posted journal: the trial balance of each entity balances and
// is not empty, and the drill-down account → journal entry → inventory document → back to the
// entry carries the same amounts at every step (the document's value is the entry's inventory debit); the journal listing searches and pages.
import { test } from "node:test";
import assert from "node:assert/strict";
import { amountToMinor, columnTexts, signIn, useBrowser } from "../support/browser";

const session = useBrowser();

test("the trial balance of every entity has equal, non-zero debit and credit totals", async () => {
  const { context, page } = await signIn(session.browser(), "controller");
  try {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Trial balance" }).click();
    await page.waitForURL(/\/ledger\/trial-balance/);
    const debits = await page.getByTestId("tb-total-debit").allTextContents();
    const credits = await page.getByTestId("tb-total-credit").allTextContents();
    assert.equal(debits.length, 2, "one block per demo entity");
    for (let index = 0; index < debits.length; index++) {
      const debit = amountToMinor(debits[index]!, 2);
      assert.ok(debit > 0n, "non-zero");
      assert.equal(debit, amountToMinor(credits[index]!, 2));
    }
  } finally {
    await context.close();
  }
});

test("the trial balance filters by entity and as-of date", async () => {
  const { context, page } = await signIn(session.browser(), "controller");
  try {
    await page.goto("/ledger/trial-balance");
    const entity = page.getByLabel("Entity");
    const label = (await entity.locator("option").allTextContents())[1]!;
    await entity.selectOption({ label });
    await page.getByRole("button", { name: "Show" }).click();
    await page.waitForURL((url) => url.searchParams.has("entity"));
    assert.equal(await page.getByTestId("tb-total-debit").count(), 1);
    await page.goto("/ledger/trial-balance?asOf=2000-01-01");
    assert.equal(await page.getByTestId("tb-total-debit").count(), 0);
    assert.match(await page.locator(".empty").innerText(), /No postings/);
  } finally {
    await context.close();
  }
});

test("account → entry → inventory document → entry carries the same amounts, and the running balance ends at the trial balance", async () => {
  const { context, page } = await signIn(session.browser(), "controller");
  try {
    await page.goto("/ledger/trial-balance");
    const block = page.locator("[data-testid^=tb-entity-]").first();
    const tbRow = block.locator("tbody tr").filter({ has: page.getByRole("link", { name: "1200", exact: true }) });
    const tbDebit = amountToMinor((await tbRow.locator("td").nth(3).innerText()), 2);
    await block.getByRole("link", { name: "1200", exact: true }).click();
    await page.waitForURL(/\/ledger\/accounts\/\d+/);
    assert.match(await page.locator("h1").innerText(), /^1200 Inventory/);
    const debits = await columnTexts(page, "[data-testid=account-ledger]", "Debit");
    const entryNumbers = await columnTexts(page, "[data-testid=account-ledger]", "Entry");
    // The newest debit (a receipt; shipments credit the account) is the row followed below.
    const row = debits.findIndex((text) => text.trim() !== "");
    assert.ok(row >= 0, "the first page of the account ledger has a debit");
    const amount = amountToMinor(debits[row]!, 2);
    assert.ok(amount > 0n);
    // Newest first: the top row's running balance is the account's balance to date.
    const balances = await columnTexts(page, "[data-testid=account-ledger]", "Balance");
    assert.equal(amountToMinor(balances[0]!, 2), tbDebit);

    await page.getByRole("link", { name: entryNumbers[row]!, exact: true }).first().click();
    await page.waitForURL(/\/ledger\/entries\/\d+$/);
    const entryUrl = page.url();
    assert.match(await page.locator("h1").innerText(), new RegExp(entryNumbers[row]!));
    const accounts = await columnTexts(page, "[data-testid=entry-lines]", "Account");
    const lineDebits = await columnTexts(page, "[data-testid=entry-lines]", "Debit");
    // An opening-stock entry debits Inventory once per stock movement; the ledger row is one of them.
    const inventoryDebits = accounts.flatMap((code, index) => (code === "1200" ? [amountToMinor(lineDebits[index]!, 2)] : []));
    assert.ok(inventoryDebits.includes(amount), "the account ledger's line is on the entry");
    const inventoryTotal = inventoryDebits.reduce((sum, value) => sum + value, 0n);
    assert.equal(amountToMinor(await page.getByTestId("entry-total-debit").innerText(), 2), amountToMinor(await page.getByTestId("entry-total-credit").innerText(), 2));

    await page.getByTestId("source-link").click();
    await page.waitForURL(/\/inventory\/documents\/\d+$/);
    assert.equal(amountToMinor(await page.getByTestId("document-total-value").innerText(), 2), inventoryTotal);
    assert.ok((await page.getByTestId("movements").locator("tbody tr").count()) > 0);

    await page.getByTestId("journal-link").click();
    await page.waitForURL(/\/ledger\/entries\/\d+$/);
    assert.equal(page.url(), entryUrl);
  } finally {
    await context.close();
  }
});

test("the journal listing finds an entry by its number and pages", async () => {
  const { context, page } = await signIn(session.browser(), "exec");
  try {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Journal", exact: true }).click();
    await page.waitForURL(/\/ledger\/entries$/);
    const numbers = await columnTexts(page, "[data-testid=journal-list]", "Entry");
    assert.ok(numbers.length > 0);
    const wanted = numbers[numbers.length - 1]!;
    await page.getByLabel("Search", { exact: true }).fill(wanted);
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL((url) => url.searchParams.get("q") === wanted);
    assert.deepEqual(await columnTexts(page, "[data-testid=journal-list]", "Entry"), [wanted]);
    await page.getByRole("link", { name: wanted, exact: true }).click();
    await page.waitForURL(/\/ledger\/entries\/\d+$/);
    assert.ok((await page.getByTestId("entry-lines").locator("tbody tr").count()) >= 2, "an entry has at least two lines");
  } finally {
    await context.close();
  }
});

test("an entry that does not exist shows the not-found page", async () => {
  const { context, page } = await signIn(session.browser(), "controller");
  try {
    const response = await page.goto("/ledger/entries/999999999");
    assert.equal(response?.status(), 404);
    assert.equal(await page.getByTestId("not-found").count(), 1);
  } finally {
    await context.close();
  }
});
