// Proves the order desk pages on the demo distributor, each workflow completed by the role that
// uses it: sales enters an order whose first line outruns the stock of its warehouse (the Check
// shows price, margin, ATP and credit first), sees the backorder and the proposals, and accepts a
// substitute; a repeated customer PO number warns; the order list filters and the order page
// cancels a line; the backorder queue lists a waiting line and reallocates on demand; an order
// over the credit limit waits in the credit-hold queue until the controller releases it from the
// approvals inbox; and a quote is converted to an order in two steps.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import type { Db } from "../../core/db/client";
import { withAppDatabase } from "../support/app-database";
import { columnTexts, signIn, useBrowser, submitCreateMaster } from "../support/browser";

const session = useBrowser();
const RUN = Date.now().toString(36).toUpperCase();

/** A shortage item and its substitute: JAN-5000 holds a few units in CHI, JAN-5003 hundreds. */
const SHORT_SKU = "JAN-5000";
const SUBSTITUTE_SKU = "JAN-5003";
const PLENTY_SKU = "JAN-5017";

/** The app's database as raw SQL: no page configures item substitutes yet, so this test writes that one master row itself. */
const withAppSql = <T>(run: (sql: Db["$client"]) => Promise<T>): Promise<T> => withAppDatabase((db) => run(db.$client));

async function configureSubstitute(itemSku: string, substituteSku: string): Promise<void> {
  await withAppSql(async (sql) => {
    await sql`insert into item_substitute (item_id, substitute_item_id, priority)
              select a.id, b.id, 1 from item a, item b where a.sku = ${itemSku} and b.sku = ${substituteSku}
              on conflict (item_id, substitute_item_id) do nothing`;
  });
}

/** Creates a customer of US01 through the masters page as sales (who owns customers), so this
 * file's orders never meet another test's invoices or holds. Returns its code. */
async function createCustomer(page: Page, suffix: string, options: { tier: string; creditLimit: string; paymentTerm?: string }): Promise<string> {
  const code = `E2E-${RUN}-${suffix}`;
  await page.goto("/masters/customer/new");
  await page.getByLabel("Entity *", { exact: true }).selectOption({ label: "US01 — Keel Supply Co." });
  await page.getByLabel("Code *", { exact: true }).fill(code);
  await page.getByLabel("Name *", { exact: true }).fill(`Browser test customer ${suffix}`);
  await page.getByLabel("Tier", { exact: true }).selectOption(options.tier);
  await page.getByLabel("Currency *", { exact: true }).selectOption({ label: "USD — US Dollar" });
  await page.getByLabel("Credit limit", { exact: true }).fill(options.creditLimit);
  await page.getByLabel("Payment term *", { exact: true }).selectOption({ label: options.paymentTerm ?? "NET30 — Net 30 days" });
  await page.getByLabel("Price list", { exact: true }).selectOption({ label: "LIST — List price (USD)" });
  await submitCreateMaster(page, "Create customer");
  return code;
}

async function pickCustomer(page: Page, code: string): Promise<void> {
  await page.getByLabel("Customer", { exact: true }).fill(code);
  await page.getByTestId("customer-results").getByRole("button", { name: new RegExp(`^${code} `) }).click();
  await page.getByTestId("chosen-customer").waitFor();
}

type LineSpec = { sku: string; warehouse?: string; qty: string };

async function selectWarehouse(page: Page, n: number, code: string): Promise<void> {
  const select = page.getByLabel(`Warehouse, line ${n}`);
  const value = await select.locator("option").filter({ hasText: new RegExp(`^${code} `) }).getAttribute("value");
  assert.ok(value, `warehouse ${code} is offered`);
  await select.selectOption(value);
}

async function fillLine(page: Page, n: number, line: LineSpec): Promise<void> {
  if (n > 1) await page.getByRole("button", { name: "Add line" }).click();
  await page.getByLabel(`Item, line ${n}`).fill(line.sku);
  await page.getByTestId(`item-results-${n}`).getByRole("button", { name: new RegExp(`^${line.sku} `) }).click();
  await page.getByTestId(`line-${n}-item`).waitFor();
  if (line.warehouse) await selectWarehouse(page, n, line.warehouse);
  await page.getByLabel(`Quantity, line ${n}`).fill(line.qty);
}

async function openNewOrder(page: Page): Promise<void> {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "New order", exact: true }).click();
  await page.waitForURL(/\/sales\/orders\/new$/);
}

async function check(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await page.getByTestId("check-result").waitFor();
}

/** Enters the filled form and returns the order number and id from the result panel. */
async function enter(page: Page): Promise<{ orderNumber: string; orderId: number }> {
  await page.getByRole("button", { name: "Enter order" }).click();
  const link = page.getByTestId("order-result").getByTestId("order-number");
  await link.waitFor();
  const href = await link.getAttribute("href");
  return { orderNumber: (await link.innerText()).trim(), orderId: Number(/\/sales\/orders\/(\d+)$/.exec(href ?? "")?.[1]) };
}

/** The row of the result's lines table for a line number, as cell texts by column header. */
async function lineRow(page: Page, lineNumber: number): Promise<Record<string, string>> {
  const table = page.getByTestId("order-lines");
  const headers = (await table.locator("thead th").allTextContents()).map((t) => t.trim());
  const cells = (await table.locator(`tbody tr[data-line="${lineNumber}"] td`).allTextContents()).map((t) => t.trim());
  return Object.fromEntries(headers.map((h, i) => [h, cells[i] ?? ""]));
}

async function availableNow(page: Page, n: number, warehouse: string): Promise<number> {
  const selector = `[data-testid=check-atp-${n}]`;
  const warehouses = await columnTexts(page, selector, "Warehouse");
  const available = await columnTexts(page, selector, "Available now");
  const index = warehouses.indexOf(warehouse);
  assert.ok(index >= 0, `ATP lists ${warehouse}: ${warehouses.join(", ")}`);
  return Number(available[index]!.replaceAll(",", ""));
}

test("sales enters an order with a backordered line, checks price, ATP and credit first, and accepts a substitute", async () => {
  await configureSubstitute(SHORT_SKU, SUBSTITUTE_SKU);
  const { context, page } = await signIn(session.browser(), "sales");
  try {
    const customer = await createCustomer(page, "SUB", { tier: "gold", creditLimit: "10000000" });
    await openNewOrder(page);
    await pickCustomer(page, customer);
    await page.getByLabel("Customer PO").fill(`PO-${RUN}-A`);
    await fillLine(page, 1, { sku: SHORT_SKU, warehouse: "CHI", qty: "1" });
    await fillLine(page, 2, { sku: PLENTY_SKU, warehouse: "CHI", qty: "2" });
    await check(page);
    const free = await availableNow(page, 1, "CHI");
    assert.match(await page.getByTestId("check-source-1").innerText(), /price (list|break)/);
    assert.match(await page.getByTestId("check-margin-1").innerText(), /^\d+\.\d{2}%$/);
    assert.match(await page.getByTestId("credit-limit").innerText(), /^[\d,]+\.\d{2} USD$/);
    assert.equal(await page.getByTestId("duplicate-po").count(), 0);
    // Ask for two more than CHI has free: the rest must backorder.
    const ordered = free + 2;
    await page.getByLabel("Quantity, line 1").fill(String(ordered));
    await check(page);
    assert.match(await page.getByTestId("check-line-1").innerText(), /Can ship today/i);

    const { orderNumber } = await enter(page);
    assert.match(orderNumber, /^SO-US01-\d+$/);
    assert.equal((await page.getByTestId("order-status").innerText()).trim(), "released");
    const short = await lineRow(page, 1);
    assert.equal(short.Ordered, ordered.toLocaleString("en-US"));
    assert.equal(short.Allocated, free.toLocaleString("en-US"));
    assert.equal(short.Backordered, "2");
    assert.equal(short.Status, free > 0 ? "partially allocated" : "backordered");
    assert.equal((await lineRow(page, 2)).Status, "allocated");

    const proposals = page.getByTestId("proposals-line-1");
    assert.match(await proposals.getByTestId("substitutes").innerText(), new RegExp(SUBSTITUTE_SKU));
    assert.match(await proposals.getByTestId("other-warehouses").innerText(), /DAL can ship/);
    await proposals.getByRole("button", { name: `Accept substitute ${SUBSTITUTE_SKU} for line 1` }).click();
    await page.getByTestId("substitute-accepted").waitFor();
    const after = await lineRow(page, 1);
    assert.equal(after.Cancelled, "2");
    assert.equal(after.Backordered, "0");
    const substitute = await lineRow(page, 3);
    assert.match(substitute.Item ?? "", new RegExp(`^${SUBSTITUTE_SKU} substitute`));
    assert.equal(substitute.Ordered, "2");
    assert.equal(substitute.Allocated, "2");
    assert.equal(substitute.Status, "allocated");
    assert.equal(await page.getByTestId("proposals-line-1").count(), 0, "nothing is missing any more");

    // The order page shows the same order as it now stands.
    await page.getByTestId("order-number").click();
    await page.waitForURL(/\/sales\/orders\/\d+$/);
    assert.match(await page.locator("h1").innerText(), new RegExp(orderNumber));
    // The original line keeps what it had and cancels the rest (all of it when nothing was free).
    assert.deepEqual(await columnTexts(page, "[data-testid=order-lines]", "Status"), [free > 0 ? "allocated" : "cancelled", "allocated", "allocated"]);
  } finally {
    await context.close();
  }
});

test("a repeated customer PO number warns at the check and after entry", async () => {
  const { context, page } = await signIn(session.browser(), "sales");
  const po = `PO-${RUN}-DUP`;
  try {
    const customer = await createCustomer(page, "DUP", { tier: "gold", creditLimit: "100000" });
    await openNewOrder(page);
    await pickCustomer(page, customer);
    await page.getByLabel("Customer PO").fill(po);
    await fillLine(page, 1, { sku: PLENTY_SKU, qty: "1" });
    const first = await enter(page);
    assert.equal(await page.getByTestId("order-warning").count(), 0);
    await page.getByRole("button", { name: "Enter another order" }).click();
    await pickCustomer(page, customer);
    await page.getByLabel("Customer PO").fill(po);
    await fillLine(page, 1, { sku: PLENTY_SKU, qty: "1" });
    await check(page);
    assert.match(await page.getByTestId("duplicate-po").innerText(), new RegExp(first.orderNumber));
    const second = await enter(page);
    assert.notEqual(second.orderNumber, first.orderNumber);
    assert.match(await page.getByTestId("order-warning").innerText(), new RegExp(`${po} was already used on ${first.orderNumber}`));
  } finally {
    await context.close();
  }
});

test("the order list filters by status and finds an order by PO; the order page cancels a line", async () => {
  const { context, page } = await signIn(session.browser(), "sales");
  const po = `PO-${RUN}-LIST`;
  try {
    const customer = await createCustomer(page, "LIST", { tier: "gold", creditLimit: "100000" });
    await openNewOrder(page);
    await pickCustomer(page, customer);
    await page.getByLabel("Customer PO").fill(po);
    await fillLine(page, 1, { sku: PLENTY_SKU, warehouse: "CHI", qty: "3" });
    await fillLine(page, 2, { sku: SUBSTITUTE_SKU, warehouse: "CHI", qty: "1" });
    const { orderNumber, orderId } = await enter(page);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sales orders", exact: true }).click();
    await page.waitForURL(/\/sales\/orders$/);
    await page.getByLabel("Search").fill(po);
    await page.getByLabel("Status").selectOption("released");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL((url) => url.searchParams.get("status") === "released");
    assert.deepEqual(await columnTexts(page, "[data-testid=orders]", "Order"), [orderNumber]);
    await page.getByLabel("Status").selectOption("cancelled");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL((url) => url.searchParams.get("status") === "cancelled");
    assert.equal(await page.getByTestId("orders").count(), 0, "the released order is not listed as cancelled");

    await page.goto(`/sales/orders/${orderId}`);
    await page.getByRole("button", { name: "Cancel line" }).nth(1).click();
    assert.match(await page.getByTestId("error-reason").first().innerText(), /reason/);
    await page.getByLabel("Reason to cancel line 2").fill("Customer changed their mind");
    await page.getByRole("form", { name: "Cancel line 2" }).getByRole("button", { name: "Cancel line" }).click();
    // The page refreshes: the cancelled line leaves the cancel table and shows as cancelled.
    await page.getByRole("form", { name: "Cancel line 2" }).waitFor({ state: "detached" });
    const statuses = await columnTexts(page, "[data-testid=order-lines]", "Status");
    assert.deepEqual(statuses, ["allocated", "cancelled"]);
  } finally {
    await context.close();
  }
});

test("the backorder queue shows a waiting line in priority order and reallocates on demand", async () => {
  const { context, page } = await signIn(session.browser(), "sales");
  try {
    const customer = await createCustomer(page, "BACK", { tier: "silver", creditLimit: "10000000" });
    await openNewOrder(page);
    await pickCustomer(page, customer);
    await fillLine(page, 1, { sku: SHORT_SKU, warehouse: "CHI", qty: "1" });
    await check(page);
    const free = await availableNow(page, 1, "CHI");
    await page.getByLabel("Quantity, line 1").fill(String(free + 4));
    const { orderNumber } = await enter(page);
    assert.equal((await lineRow(page, 1)).Backordered, "4");

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Backorders", exact: true }).click();
    await page.waitForURL(/\/sales\/backorders/);
    const group = page.getByTestId(`backorders-${SHORT_SKU}-CHI`);
    const selector = `[data-testid=backorders-${SHORT_SKU}-CHI] table`;
    const orders = await columnTexts(page, selector, "Order");
    const index = orders.findIndex((text) => text.startsWith(orderNumber));
    assert.ok(index >= 0, `${orderNumber} waits in the queue: ${orders.join(", ")}`);
    assert.equal((await columnTexts(page, selector, "Backordered"))[index], "4");
    assert.equal((await columnTexts(page, selector, "Priority"))[index], "20", "silver customers queue at priority 20");
    const priorities = (await columnTexts(page, selector, "Priority")).map(Number);
    assert.deepEqual(priorities, [...priorities].sort((a, b) => b - a), "highest priority first");
    await group.getByRole("button", { name: "Reallocate" }).click();
    assert.match(await group.getByTestId("action-ok").innerText(), /No free stock: nothing was reallocated\.|Reallocated \d+ line/);
  } finally {
    await context.close();
  }
});

test("an order over the credit limit waits in the credit-hold queue until the controller releases it from the approvals inbox", async () => {
  const sales = await signIn(session.browser(), "sales");
  let orderNumber = "";
  let requestId = 0;
  try {
    // A credit limit of zero: any open order is over it.
    const customer = await createCustomer(sales.page, "HOLD", { tier: "standard", creditLimit: "0" });
    await openNewOrder(sales.page);
    await pickCustomer(sales.page, customer);
    await fillLine(sales.page, 1, { sku: PLENTY_SKU, warehouse: "CHI", qty: "2" });
    await check(sales.page);
    assert.match(await sales.page.getByTestId("credit-status").innerText(), /would go on credit hold/);
    ({ orderNumber } = await enter(sales.page));
    assert.equal((await sales.page.getByTestId("order-status").innerText()).trim(), "credit hold");
    assert.equal((await lineRow(sales.page, 1)).Allocated, "0", "a held order allocates nothing");
    const link = sales.page.getByTestId("credit-hold").getByRole("link", { name: /Credit-release request #\d+/ });
    requestId = Number(/#(\d+)/.exec(await link.innerText())?.[1]);

    await sales.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Credit holds", exact: true }).click();
    await sales.page.waitForURL(/\/sales\/credit-holds/);
    const orders = await columnTexts(sales.page, "[data-testid=credit-holds]", "Order");
    const index = orders.indexOf(orderNumber);
    assert.ok(index >= 0, `${orderNumber} is in the credit-hold queue`);
    assert.equal((await columnTexts(sales.page, "[data-testid=credit-holds]", "Limit"))[index], "0.00");
    assert.notEqual((await columnTexts(sales.page, "[data-testid=credit-holds]", "Exposure"))[index], "0.00");
    assert.match((await columnTexts(sales.page, "[data-testid=credit-holds]", "Release request"))[index]!, new RegExp(`Request #${requestId}`));
  } finally {
    await sales.context.close();
  }
  const controller = await signIn(session.browser(), "controller");
  try {
    await controller.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Approvals/ }).click();
    await controller.page.waitForURL(/\/approvals$/);
    await controller.page.getByTestId("approvals-inbox").getByRole("link", { name: new RegExp(`^#${requestId} `) }).click();
    await controller.page.waitForURL(new RegExp(`/approvals/${requestId}$`));
    await controller.page.getByLabel("Comment (required to reject)").fill("Paid by card on delivery");
    await controller.page.getByRole("button", { name: "Approve", exact: true }).click();
    await controller.page.waitForURL((url) => url.searchParams.get("done") === "approved");

    await controller.page.goto("/sales/credit-holds");
    const held = await controller.page.getByTestId("credit-holds").count() === 0 ? [] : await columnTexts(controller.page, "[data-testid=credit-holds]", "Order");
    assert.equal(held.includes(orderNumber), false, "the released order left the queue");
    await controller.page.goto(`/sales/orders?q=${encodeURIComponent(orderNumber)}`);
    await controller.page.getByTestId("orders").getByRole("link", { name: orderNumber }).click();
    assert.equal((await controller.page.getByTestId("order-status-header").innerText()).trim(), "released");
    assert.deepEqual(await columnTexts(controller.page, "[data-testid=order-lines]", "Allocated"), ["2"]);
  } finally {
    await controller.context.close();
  }
});

test("sales creates a quote and converts it to orders: part of a line first, then the rest", async () => {
  const { context, page } = await signIn(session.browser(), "sales");
  try {
    const customer = await createCustomer(page, "QUOTE", { tier: "gold", creditLimit: "100000" });
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Quotes", exact: true }).click();
    await page.waitForURL(/\/sales\/quotes$/);
    await pickCustomer(page, customer);
    await fillLine(page, 1, { sku: PLENTY_SKU, warehouse: "CHI", qty: "10" });
    await fillLine(page, 2, { sku: SUBSTITUTE_SKU, warehouse: "CHI", qty: "4" });
    await page.getByRole("button", { name: "Create quote" }).click();
    await page.waitForURL(/\/sales\/quotes\/\d+\?created=1$/);
    const quoteUrl = page.url().replace(/\?.*$/, "");
    assert.equal((await page.getByTestId("quote-status").innerText()).trim(), "open");
    const quotedPrice = (await columnTexts(page, "[data-testid=quote-lines]", "Unit price"))[0];
    const quoteNumber = /Quote (\S+)/.exec(await page.locator("h1").innerText())?.[1] ?? "";

    // First conversion: 6 of line 1 only.
    await page.getByLabel("Convert line 2").uncheck();
    await page.getByLabel("Quantity to convert, line 1").fill("6");
    await page.getByRole("button", { name: "Convert to order" }).click();
    await page.waitForURL(/\/sales\/orders\/\d+\?from=quote$/);
    assert.deepEqual(await columnTexts(page, "[data-testid=order-lines]", "Ordered"), ["6"]);
    assert.deepEqual(await columnTexts(page, "[data-testid=order-lines]", "Unit price"), [quotedPrice], "the order keeps the quoted price");

    await page.goto(quoteUrl);
    assert.equal((await page.getByTestId("quote-status").innerText()).trim(), "partially converted");
    assert.deepEqual(await columnTexts(page, "[data-testid=quote-lines]", "Remaining (base)"), ["4", "4"]);
    await page.getByRole("button", { name: "Convert to order" }).click();
    await page.waitForURL(/\/sales\/orders\/\d+\?from=quote$/);
    assert.deepEqual(await columnTexts(page, "[data-testid=order-lines]", "Ordered"), ["4", "4"]);

    await page.goto(quoteUrl);
    assert.equal((await page.getByTestId("quote-status").innerText()).trim(), "converted");
    await page.goto(`/sales/quotes?q=${encodeURIComponent(quoteNumber)}`);
    assert.deepEqual(await columnTexts(page, "[data-testid=quotes]", "Status"), ["converted"]);
  } finally {
    await context.close();
  }
});
