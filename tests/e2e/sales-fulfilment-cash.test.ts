// Proves the back half of quote-to-cash through its pages, each step done by the role that does
// it on the demo distributor: sales enters an order; the warehouse picks, packs and ships it in
// two partial shipments, each posting COGS; the controller invoices both (one by one, then the
// batch), receives a payment larger than the first invoice and applies the unapplied rest to the
// second; AR aging shows what is open in the right bucket as of two dates and drills to the
// customer's statement; and an RMA is requested, approved in the inbox, received with restock
// and credited, with the journal entries each step posted.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { amountToMinor, columnTexts, signIn, useBrowser, type DemoUser, submitCreateMaster } from "../support/browser";

const session = useBrowser();
const RUN = Date.now().toString(36).toUpperCase();
const ITEM_A = "JAN-5017";
const ITEM_B = "JAN-5003";

async function as<T>(user: DemoUser, run: (page: Page) => Promise<T>): Promise<T> {
  const { context, page } = await signIn(session.browser(), user);
  try {
    return await run(page);
  } finally {
    await context.close();
  }
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

async function nav(page: Page, label: string, path: RegExp): Promise<void> {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: label, exact: true }).click();
  await page.waitForURL(path);
}

async function enterOrder(page: Page, customer: string, lines: { sku: string; qty: string }[]): Promise<{ orderNumber: string; orderId: number }> {
  await nav(page, "New order", /\/sales\/orders\/new$/);
  await page.getByLabel("Customer", { exact: true }).fill(customer);
  await page.getByTestId("customer-results").getByRole("button", { name: new RegExp(`^${customer} `) }).click();
  await page.getByTestId("chosen-customer").waitFor();
  await page.getByLabel("Customer PO").fill(`PO-${customer}`);
  for (const [index, line] of lines.entries()) {
    const n = index + 1;
    if (n > 1) await page.getByRole("button", { name: "Add line" }).click();
    await page.getByLabel(`Item, line ${n}`).fill(line.sku);
    await page.getByTestId(`item-results-${n}`).getByRole("button", { name: new RegExp(`^${line.sku} `) }).click();
    const select = page.getByLabel(`Warehouse, line ${n}`);
    await select.selectOption((await select.locator("option").filter({ hasText: /^CHI / }).getAttribute("value"))!);
    await page.getByLabel(`Quantity, line ${n}`).fill(line.qty);
  }
  await page.getByRole("button", { name: "Enter order" }).click();
  const link = page.getByTestId("order-number");
  await link.waitFor();
  assert.deepEqual(await columnTexts(page, "[data-testid=order-lines]", "Status"), lines.map(() => "allocated"), "stock is allocated to every line");
  return { orderNumber: (await link.innerText()).trim(), orderId: Number(/(\d+)$/.exec((await link.getAttribute("href")) ?? "")?.[1]) };
}

/** Picks the given base quantities (line number → qty) of an order from the shipping page, packs and ships them. */
async function pickPackShip(page: Page, orderNumber: string, picks: Record<number, string>): Promise<{ shipmentNumber: string; shipmentUrl: string }> {
  await nav(page, "Shipping", /\/sales\/shipping/);
  const card = page.getByTestId(`pick-${orderNumber}-CHI`);
  for (const [line, qty] of Object.entries(picks)) await card.getByLabel(`Pick quantity, ${orderNumber} line ${line}`).fill(qty);
  await card.getByRole("button", { name: "Create pick list" }).click();
  await page.waitForURL(/\/sales\/shipments\/\d+\?done=picking$/);
  const shipmentNumber = /Shipment (\S+)/.exec(await page.locator("h1").innerText())?.[1] ?? "";
  assert.equal((await page.getByTestId("shipment-status").innerText()).trim(), "picking");
  await page.getByLabel("Packages").fill("2");
  await page.getByLabel("Carrier").fill("UPS Ground");
  await page.getByRole("button", { name: "Pack", exact: true }).click();
  await page.getByRole("form", { name: "Pack" }).getByTestId("action-ok").waitFor();
  await page.getByLabel("Tracking number").fill(`1Z${RUN}${shipmentNumber.slice(-3)}`);
  await page.getByRole("button", { name: "Ship", exact: true }).click();
  await page.waitForURL((url) => url.searchParams.get("done") === "shipped");
  assert.equal((await page.getByTestId("shipment-status").innerText()).trim(), "shipped");
  assert.match(await page.getByTestId("journal-link").innerText(), /^Journal entry #\d+$/);
  return { shipmentNumber, shipmentUrl: page.url().replace(/\?.*$/, "") };
}

/** The journal entry's lines as "Name: debit/credit" for the non-zero side. */
async function entryLines(page: Page): Promise<string[]> {
  const names = await columnTexts(page, "[data-testid=entry-lines]", "Name");
  const debits = await columnTexts(page, "[data-testid=entry-lines]", "Debit");
  const credits = await columnTexts(page, "[data-testid=entry-lines]", "Credit");
  return names.map((name, i) => (debits[i] && debits[i] !== "0.00" ? `Dr ${name}` : `Cr ${name}`));
}

async function followJournalLink(page: Page): Promise<string[]> {
  await page.getByTestId("journal-link").first().click();
  await page.waitForURL(/\/ledger\/entries\/\d+$/);
  return entryLines(page);
}

function money(minor: bigint): string {
  const whole = (minor / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${whole}.${(minor % 100n).toString().padStart(2, "0")}`;
}

function plainMoney(minor: bigint): string {
  return `${minor / 100n}.${(minor % 100n).toString().padStart(2, "0")}`;
}

const flow = { customer: "", orderNumber: "", orderId: 0, shipments: [] as { shipmentNumber: string; shipmentUrl: string }[] };

test("the warehouse picks, packs and ships an order in two partial shipments, each posting COGS", async () => {
  await as("sales", async (page) => {
    flow.customer = await createCustomer(page, "CASH", { tier: "silver", creditLimit: "50000" });
    Object.assign(flow, await enterOrder(page, flow.customer, [{ sku: ITEM_A, qty: "10" }, { sku: ITEM_B, qty: "3" }]));
  });
  await as("warehouse", async (page) => {
    flow.shipments.push(await pickPackShip(page, flow.orderNumber, { 1: "6", 2: "3" }));
    await page.goto(`/sales/orders/${flow.orderId}`);
    assert.equal((await page.getByTestId("order-status-header").innerText()).trim(), "partially shipped");
    assert.deepEqual(await columnTexts(page, "[data-testid=order-lines]", "Shipped"), ["6", "3"]);
    assert.deepEqual(await columnTexts(page, "[data-testid=order-lines]", "Allocated"), ["4", "0"]);
    flow.shipments.push(await pickPackShip(page, flow.orderNumber, { 1: "4" }));
    await page.goto(`/sales/orders/${flow.orderId}`);
    assert.equal((await page.getByTestId("order-status-header").innerText()).trim(), "shipped");
    assert.deepEqual(await columnTexts(page, "[data-testid=order-shipments]", "Shipment"), flow.shipments.map((s) => s.shipmentNumber).reverse());
  });
  await as("controller", async (page) => {
    await page.goto(flow.shipments[0]!.shipmentUrl);
    const lines = await followJournalLink(page);
    assert.ok(lines.some((l) => /^Dr COGS/.test(l)), `COGS debited: ${lines.join("; ")}`);
    assert.ok(lines.some((l) => l === "Cr Inventory"), `Inventory credited: ${lines.join("; ")}`);
  });
});

const cash = { invoiceIds: [] as number[], invoiceTotals: [] as bigint[] };

test("the controller invoices the shipments, receives an over-payment and applies the unapplied cash", async () => {
  assert.equal(flow.shipments.length, 2, "the shipping test ran first");
  await as("controller", async (page) => {
    await nav(page, "Invoices", /\/sales\/invoices/);
    const first = flow.shipments[0]!.shipmentNumber;
    assert.ok((await columnTexts(page, "[data-testid=uninvoiced-shipments]", "Shipment")).includes(first));
    await page.getByRole("form", { name: `Invoice ${first}` }).getByRole("button", { name: "Invoice" }).click();
    await page.waitForURL(/\/sales\/invoices\/\d+\?done=invoiced$/);
    cash.invoiceIds.push(Number(/invoices\/(\d+)/.exec(page.url())?.[1]));
    cash.invoiceTotals.push(amountToMinor(await page.getByTestId("invoice-total").innerText(), 2));
    assert.equal((await page.getByTestId("invoice-status").innerText()).trim(), "open");
    const posted = await followJournalLink(page);
    assert.ok(posted.includes("Dr Accounts receivable"), posted.join("; "));
    assert.ok(posted.some((l) => /^Cr Sales/.test(l)), posted.join("; "));

    await nav(page, "Invoices", /\/sales\/invoices/);
    await page.getByRole("button", { name: "Invoice all uninvoiced shipments" }).click();
    const batch = page.getByRole("form", { name: "Invoice uninvoiced shipments" }).getByTestId("action-ok");
    await batch.waitFor();
    assert.match(await batch.innerText(), /^Invoiced \d+ shipments?: /);
    await page.goto(`/sales/orders/${flow.orderId}`);
    const invoiceLinks = page.getByTestId("order-invoices").getByRole("link");
    assert.equal(await invoiceLinks.count(), 2, "one invoice per shipment");
    for (const href of await invoiceLinks.evaluateAll((links) => links.map((a) => a.getAttribute("href")))) {
      const id = Number(/(\d+)$/.exec(href ?? "")?.[1]);
      if (!cash.invoiceIds.includes(id)) cash.invoiceIds.push(id);
    }
    await page.goto(`/sales/invoices/${cash.invoiceIds[1]}`);
    cash.invoiceTotals.push(amountToMinor(await page.getByTestId("invoice-total").innerText(), 2));

    // 25.00 more than the first invoice: the rest stays unapplied cash.
    const over = 2_500n;
    await nav(page, "Payments", /\/sales\/payments/);
    await page.getByLabel("Customer", { exact: true }).fill(flow.customer);
    await page.getByTestId("customer-results").getByRole("button", { name: new RegExp(`^${flow.customer} `) }).click();
    await page.getByTestId("open-invoices").waitFor();
    await page.getByLabel("Amount").fill(plainMoney(cash.invoiceTotals[0]! + over));
    await page.getByLabel("Method").selectOption("check");
    await page.getByLabel("Reference").fill(`CHK-${RUN}`);
    const rows = await columnTexts(page, "[data-testid=open-invoices]", "Invoice");
    const firstInvoiceNumber = await invoiceNumberOf(page, cash.invoiceIds[0]!);
    assert.ok(rows.includes(firstInvoiceNumber), `${firstInvoiceNumber} is open: ${rows.join(", ")}`);
    await page.getByLabel(`Apply to ${firstInvoiceNumber}`).fill(plainMoney(cash.invoiceTotals[0]!));
    await page.getByRole("button", { name: "Receive payment" }).click();
    await page.waitForURL(/\/sales\/payments\/\d+\?done=received$/);
    assert.equal((await page.getByTestId("payment-amount").innerText()).trim(), `${money(cash.invoiceTotals[0]! + over)} USD`);
    assert.equal((await page.getByTestId("payment-unapplied").innerText()).trim(), `${money(over)} USD`);
    const paymentLines = await followJournalLink(page);
    for (const expected of ["Dr Cash - operating", "Cr Accounts receivable", "Cr Customer deposits"]) assert.ok(paymentLines.includes(expected), `${expected} in ${paymentLines.join("; ")}`);
    await page.goBack();

    const secondInvoiceNumber = await invoiceNumberOf(page, cash.invoiceIds[1]!);
    await page.getByLabel(`Apply to ${secondInvoiceNumber}`).fill(plainMoney(over));
    await page.getByRole("button", { name: "Apply", exact: true }).click();
    await page.getByTestId("payment-unapplied").filter({ hasText: "0.00 USD" }).waitFor();
    assert.deepEqual(await columnTexts(page, "[data-testid=payment-applications]", "Invoice"), [firstInvoiceNumber, secondInvoiceNumber]);

    await page.goto(`/sales/invoices/${cash.invoiceIds[0]}`);
    assert.equal((await page.getByTestId("invoice-status").innerText()).trim(), "paid");
    await page.goto(`/sales/invoices/${cash.invoiceIds[1]}`);
    assert.equal((await page.getByTestId("invoice-status").innerText()).trim(), "partially paid");
    assert.equal((await page.getByTestId("invoice-open").innerText()).trim(), `${money(cash.invoiceTotals[1]! - over)} USD`);
  });
});

/** An invoice's number, read from its page (the page the browser is on is restored after). */
async function invoiceNumberOf(page: Page, invoiceId: number): Promise<string> {
  const other = await page.context().newPage();
  try {
    await other.goto(`/sales/invoices/${invoiceId}`);
    return /(?:Invoice|Credit memo) (\S+)/.exec(await other.locator("h1").innerText())?.[1] ?? "";
  } finally {
    await other.close();
  }
}

test("AR aging shows the open invoice as current today and 1-30 days past due later, and drills to the statement", async () => {
  assert.equal(cash.invoiceIds.length, 2, "the invoicing test ran first");
  const open = cash.invoiceTotals[1]! - 2_500n;
  await as("controller", async (page) => {
    await nav(page, "AR aging", /\/sales\/ar-aging/);
    const row = page.getByTestId("ar-aging").locator(`tbody tr[data-customer="${flow.customer}"]`);
    const cells = async () => {
      const headers = (await page.getByTestId("ar-aging").locator("thead th").allTextContents()).map((t) => t.trim());
      const values = (await row.locator("td").allTextContents()).map((t) => t.trim());
      return Object.fromEntries(headers.map((h, i) => [h, values[i] ?? ""]));
    };
    let aged = await cells();
    assert.equal(aged.Current, money(open));
    assert.equal(aged["1-30"], "0.00");
    assert.equal(aged.Total, money(open));

    const asOf = page.getByLabel("As of");
    const today = await asOf.inputValue();
    const later = new Date(`${today}T00:00:00Z`);
    later.setUTCDate(later.getUTCDate() + 45);
    await asOf.fill(later.toISOString().slice(0, 10));
    await page.getByRole("button", { name: "Show" }).click();
    await page.waitForURL((url) => url.searchParams.has("asOf"));
    aged = await cells();
    assert.equal(aged.Current, "0.00", "net 30: due 30 days after the invoice");
    assert.equal(aged["1-30"], money(open), "15 days past due");

    await row.getByRole("link", { name: flow.customer }).click();
    await page.waitForURL(/\/sales\/customers\/\d+\/statement/);
    assert.equal((await page.getByTestId("statement-USD").getByTestId("closing-balance").innerText()).trim(), money(open));
  });
});

test("an RMA is requested from the invoice, approved in the inbox, received with restock and credited", async () => {
  const order = await as("sales", async (page) => enterOrder(page, await createCustomer(page, "RMA", { tier: "silver", creditLimit: "50000" }), [{ sku: ITEM_A, qty: "8" }]));
  const shipment = await as("warehouse", (page) => pickPackShip(page, order.orderNumber, { 1: "8" }));
  const invoiceId = await as("controller", async (page) => {
    await page.goto(shipment.shipmentUrl);
    await page.getByRole("form", { name: `Invoice ${shipment.shipmentNumber}` }).getByRole("button", { name: "Invoice" }).click();
    await page.waitForURL(/\/sales\/invoices\/\d+\?done=invoiced$/);
    return Number(/invoices\/(\d+)/.exec(page.url())?.[1]);
  });
  // Admin takes the return for customer service; sales (who may approve returns) decides it.
  const rma = await as("admin", async (page) => {
    await page.goto(`/sales/invoices/${invoiceId}`);
    await page.getByRole("link", { name: "Request a return" }).click();
    await page.waitForURL(/\/sales\/returns\?invoice=\d+$/);
    await page.getByLabel("Return quantity, line 1").fill("6");
    await page.getByLabel("Reason, line 1").selectOption("damaged");
    await page.getByLabel("Reason for the return").fill("Bristles crushed in transit");
    await page.getByRole("button", { name: "Request return" }).click();
    await page.waitForURL(/\/sales\/returns\/\d+\?done=requested$/);
    assert.equal((await page.getByTestId("rma-status").innerText()).trim(), "requested");
    const requestId = Number(/#(\d+)/.exec(await page.getByTestId("rma-approval").innerText())?.[1]);
    return { url: page.url().replace(/\?.*$/, ""), requestId };
  });
  await as("sales", async (page) => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Approvals/ }).click();
    await page.getByTestId("approvals-inbox").getByRole("link", { name: new RegExp(`^#${rma.requestId} `) }).click();
    await page.waitForURL(new RegExp(`/approvals/${rma.requestId}$`));
    await page.getByRole("button", { name: "Approve", exact: true }).click();
    await page.waitForURL((url) => url.searchParams.has("done"));
    await page.goto(rma.url);
    assert.equal((await page.getByTestId("rma-status").innerText()).trim(), "approved");
  });
  await as("warehouse", async (page) => {
    await page.goto(rma.url);
    await page.getByLabel(`Received quantity, ${ITEM_A}`).fill("6");
    await page.getByLabel(`Disposition, ${ITEM_A}`).selectOption("restock");
    await page.getByLabel(`Inspection note, ${ITEM_A}`).fill("Resaleable after re-boxing");
    await page.getByRole("button", { name: "Receive", exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get("done") === "received");
    assert.equal((await page.getByTestId("rma-status").innerText()).trim(), "received");
    assert.deepEqual(await columnTexts(page, "[data-testid=rma-lines]", "Received"), ["6"]);
    assert.deepEqual(await columnTexts(page, "[data-testid=rma-lines]", "Inspection"), ["restock"]);
  });
  await as("controller", async (page) => {
    await page.goto(rma.url);
    await page.getByRole("button", { name: "Issue credit memo" }).click();
    await page.waitForURL((url) => url.searchParams.get("done") === "credited");
    assert.equal((await page.getByTestId("rma-status").innerText()).trim(), "credited");
    await page.getByTestId("rma-credit-memo").click();
    await page.waitForURL(/\/sales\/invoices\/\d+$/);
    assert.match(await page.locator("h1").innerText(), /^Credit memo /);
    const lines = await followJournalLink(page);
    assert.ok(lines.includes("Cr Accounts receivable"), lines.join("; "));
    assert.ok(lines.some((l) => /^Dr Sales returns/.test(l)), lines.join("; "));
  });
});
