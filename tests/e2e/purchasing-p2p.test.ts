// Proves procure-to-pay through its pages on the demo distributor, each step by the role that
// does it: the buyer creates a purchase order (one line due in the past) and submits it, and it
// is approved within the auto-approval limit; the warehouse is refused an over-receipt beyond
// tolerance, then receives part of the order (the late line raises a delayed-receipt exception)
// and the rest, and stock on hand rises by exactly what arrived; the controller enters a matched
// invoice (posted at once) and a mismatched one (held in the match exception queue, accepted
// there); AP aging shows the supplier's open amount; and a payment run proposed by the buyer is
// approved in the approvals inbox and executed, paying the invoices and clearing the aging row.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { amountToMinor, columnTexts, signIn, useBrowser, type DemoUser } from "../support/browser";

const session = useBrowser();
const RUN = Date.now().toString(36).toUpperCase();

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

function addDays(date: string, days: number): string {
  const value = new Date(`${date}T00:00:00Z`);
  value.setUTCDate(value.getUTCDate() + days);
  return value.toISOString().slice(0, 10);
}

/** Base units as an exact integer of ten-thousandths ("1,234.5" → 12345000). */
function qty(text: string): number {
  const [whole = "0", fraction = ""] = text.replaceAll(",", "").split(".");
  return Number(whole) * 10_000 + Number(fraction.padEnd(4, "0"));
}

/** On hand of a SKU in a warehouse from the stock page (0 when it has no row). */
async function onHand(page: Page, sku: string, warehouseCode: string): Promise<number> {
  await page.goto(`/stock?q=${encodeURIComponent(sku)}`);
  if ((await page.locator("[data-testid=stock-list]").count()) === 0) return 0;
  const skus = await columnTexts(page, "[data-testid=stock-list]", "SKU");
  const warehouses = await columnTexts(page, "[data-testid=stock-list]", "Warehouse");
  const values = await columnTexts(page, "[data-testid=stock-list]", "On hand");
  const index = skus.findIndex((s, i) => s === sku && warehouses[i] === warehouseCode);
  return index < 0 ? 0 : qty(values[index]!);
}

/** Stocked items with their base unit, taken from the stock list (the order picks two of them). */
async function stockedItems(page: Page): Promise<{ sku: string; unit: string }[]> {
  await page.goto("/stock?page=3");
  const skus = await columnTexts(page, "[data-testid=stock-list]", "SKU");
  const units = await columnTexts(page, "[data-testid=stock-list]", "Unit");
  return [...new Set(skus)].map((sku) => ({ sku, unit: units[skus.indexOf(sku)]! }));
}

/** AP aging rows by supplier code: Current and Total in minor units. */
async function agingRows(page: Page): Promise<Map<string, { current: bigint; total: bigint }>> {
  await page.goto("/purchasing/ap-aging");
  const rows = new Map<string, { current: bigint; total: bigint }>();
  if ((await page.locator("[data-testid=ap-aging]").count()) === 0) return rows;
  const suppliers = await columnTexts(page, "[data-testid=ap-aging]", "Supplier");
  const current = await columnTexts(page, "[data-testid=ap-aging]", "Current");
  const total = await columnTexts(page, "[data-testid=ap-aging]", "Total");
  suppliers.forEach((s, i) => rows.set(s.split(" ")[0]!, { current: amountToMinor(current[i]!, 2), total: amountToMinor(total[i]!, 2) }));
  return rows;
}

const flow = {
  items: [] as { sku: string; unit: string }[], supplierCode: "", poId: 0, poNumber: "", today: "", firstReceiptUrl: "",
  invoiceIds: [] as number[], invoiceNumbers: [] as string[],
};

test("the buyer creates a purchase order and submits it, approved within the auto-approval limit", async () => {
  const owing = await as("controller", async (page) => [...(await agingRows(page)).keys()]);
  await as("buyer", async (page) => {
    const stocked = await stockedItems(page);
    await nav(page, "New purchase order", /\/purchasing\/orders\/new$/);
    const supplier = page.getByLabel("Supplier", { exact: true });
    const options = (await supplier.locator("option").allTextContents()).filter((o) => o.endsWith("(USD)") && !owing.includes(o.split(" ")[0]!));
    assert.ok(options.length > 0, "a USD supplier the entity owes nothing");
    flow.supplierCode = options[0]!.split(" ")[0]!;
    await supplier.selectOption({ label: options[0]! });
    await page.getByRole("button", { name: "Use supplier" }).click();
    await page.getByTestId("supplier-terms").waitFor();
    // Items the supplier has no catalogue price for: no minimum order or multiple applies to 10 and 4 units.
    const catalogue = (await page.getByTestId("supplier-catalog").count()) > 0 ? await columnTexts(page, "[data-testid=supplier-catalog]", "Item") : [];
    flow.items = stocked.filter((item) => !catalogue.includes(item.sku)).slice(0, 2);
    assert.equal(flow.items.length, 2, "two stocked items outside the supplier's catalogue");
    const warehouse = page.getByLabel("Receiving warehouse");
    await warehouse.selectOption((await warehouse.locator("option").filter({ hasText: /^CHI / }).getAttribute("value"))!);
    flow.today = await page.getByLabel("Order date").inputValue();
    const lines = [{ ...flow.items[0]!, qty: "10", price: "2.00", expected: "" }, { ...flow.items[1]!, qty: "4", price: "3.00", expected: addDays(flow.today, -3) }];
    for (const [index, line] of lines.entries()) {
      const n = index + 1;
      await page.getByLabel(`Item, line ${n}`).fill(line.sku);
      await page.getByLabel(`Quantity, line ${n}`).fill(line.qty);
      await page.getByLabel(`Unit, line ${n}`).fill(line.unit);
      await page.getByLabel(`Unit price, line ${n}`).fill(line.price);
      if (line.expected) await page.getByLabel(`Expected date, line ${n}`).fill(line.expected);
    }
    await page.getByRole("button", { name: "Create purchase order" }).click();
    await page.waitForURL(/\/purchasing\/orders\/\d+\?done=created$/);
    flow.poId = Number(/orders\/(\d+)/.exec(page.url())?.[1]);
    flow.poNumber = /Purchase order (\S+)/.exec(await page.locator("h1").innerText())?.[1] ?? "";
    assert.equal((await page.getByTestId("po-status").innerText()).trim(), "draft");
    assert.equal((await page.getByTestId("po-value").innerText()).trim(), "32.00 USD");
    const expected = await columnTexts(page, "[data-testid=po-lines]", "Expected");
    assert.ok(expected[0]! > flow.today, `line 1 is expected after the supplier's lead time: ${expected[0]}`);
    assert.equal(expected[1], addDays(flow.today, -3));
    await page.getByRole("button", { name: "Submit for approval" }).click();
    // Approved at once, the order re-renders without the submit form: its status is the answer.
    await page.getByTestId("po-status").filter({ hasText: /^approved$/ }).waitFor();
    await nav(page, "Purchase orders", /\/purchasing\/orders$/);
    const numbers = await columnTexts(page, "[data-testid=purchase-orders]", "PO");
    const statuses = await columnTexts(page, "[data-testid=purchase-orders]", "Status");
    assert.equal(statuses[numbers.indexOf(flow.poNumber)], "approved", "the list shows the order approved");
  });
});

test("the warehouse is refused an over-receipt, then receives the order in two receipts and stock rises", async () => {
  assert.ok(flow.poNumber, "the order test ran first");
  await as("warehouse", async (page) => {
    const before = [await onHand(page, flow.items[0]!.sku, "CHI"), await onHand(page, flow.items[1]!.sku, "CHI")];
    await nav(page, "Receiving", /\/purchasing\/receiving/);
    const select = page.getByLabel("Warehouse", { exact: true });
    await select.selectOption((await select.locator("option").filter({ hasText: /^CHI / }).getAttribute("value"))!);
    await page.getByLabel("Search").fill(flow.poNumber);
    await page.getByRole("button", { name: "Show" }).click();
    const card = page.getByTestId(`receive-${flow.poNumber}`);
    await card.waitFor();
    const lines = await columnTexts(page, `[data-testid=receive-lines-${flow.poNumber}]`, "Line");
    const open = await columnTexts(page, `[data-testid=receive-lines-${flow.poNumber}]`, "Open");
    assert.deepEqual(lines.map((l, i) => `${l}:${open[i]}`).sort(), ["1:10", "2:4"], "earliest due first: the late line 2 leads");
    await card.getByLabel(`Received quantity, ${flow.poNumber} line 1`).fill("11");
    await card.getByRole("button", { name: "Receive" }).click();
    const refusal = card.getByTestId("action-error");
    await refusal.waitFor();
    assert.match(await refusal.innerText(), /PURCHASING_OVER_RECEIPT/);
    assert.match(await refusal.innerText(), /over-receipt tolerance/);

    await card.getByLabel(`Received quantity, ${flow.poNumber} line 1`).fill("6");
    await card.getByLabel(`Received quantity, ${flow.poNumber} line 2`).fill("4");
    await card.getByRole("button", { name: "Receive" }).click();
    await page.waitForURL(/\/purchasing\/receipts\/\d+\?done=received/);
    flow.firstReceiptUrl = page.url().replace(/\?.*$/, "");
    const poLines = await columnTexts(page, "[data-testid=receipt-lines]", "PO line");
    const received = await columnTexts(page, "[data-testid=receipt-lines]", "Received (base)");
    assert.deepEqual(poLines.map((l, i) => `${l}:${received[i]}`).sort(), ["1:6", "2:4"]);
    assert.match(await page.getByTestId("late-receipt").innerText(), /delayed-receipt exception #\d+/, "line 2 arrived after its expected date");

    await page.goto(`/purchasing/receiving?q=${flow.poNumber}`);
    assert.deepEqual(await columnTexts(page, `[data-testid=receive-lines-${flow.poNumber}]`, "Open"), ["4"]);
    await page.getByTestId(`receive-${flow.poNumber}`).getByLabel(`Received quantity, ${flow.poNumber} line 1`).fill("4");
    await page.getByTestId(`receive-${flow.poNumber}`).getByRole("button", { name: "Receive" }).click();
    await page.waitForURL(/\/purchasing\/receipts\/\d+\?done=received$/);

    await page.goto(`/purchasing/orders/${flow.poId}`);
    assert.equal((await page.getByTestId("po-status").innerText()).trim(), "received");
    assert.deepEqual(await columnTexts(page, "[data-testid=po-lines]", "Received"), ["10", "4"]);
    assert.equal((await columnTexts(page, "[data-testid=po-receipts]", "Receipt")).length, 2);
    const after = [await onHand(page, flow.items[0]!.sku, "CHI"), await onHand(page, flow.items[1]!.sku, "CHI")];
    assert.deepEqual([after[0]! - before[0]!, after[1]! - before[1]!], [qty("10"), qty("4")], "stock on hand rose by what arrived");
  });
});

/** Stock value of a SKU in a warehouse from the stock page, minor units. */
async function stockValue(page: Page, sku: string, warehouseCode: string): Promise<bigint> {
  await page.goto(`/stock?q=${encodeURIComponent(sku)}`);
  const skus = await columnTexts(page, "[data-testid=stock-list]", "SKU");
  const warehouses = await columnTexts(page, "[data-testid=stock-list]", "Warehouse");
  const values = await columnTexts(page, "[data-testid=stock-list]", "Value");
  const index = skus.findIndex((s, i) => s === sku && warehouses[i] === warehouseCode);
  assert.ok(index >= 0, `${sku} is stocked in ${warehouseCode}`);
  return amountToMinor(values[index]!, 2);
}

test("the buyer previews a freight charge split by quantity over the first receipt and posts it; stock value rises by each share", async () => {
  assert.ok(flow.firstReceiptUrl, "the receiving test ran first");
  await as("buyer", async (page) => {
    const before = [await stockValue(page, flow.items[0]!.sku, "CHI"), await stockValue(page, flow.items[1]!.sku, "CHI")];
    await page.goto(flow.firstReceiptUrl);
    await page.getByLabel("Preview method").selectOption("quantity");
    await page.getByLabel("Preview amount").fill("10.00");
    await page.getByRole("button", { name: "Preview allocation" }).click();
    await page.waitForURL((url) => url.searchParams.get("method") === "quantity");
    const items = await columnTexts(page, "[data-testid=landed-cost-preview]", "Item");
    const shares = await columnTexts(page, "[data-testid=landed-cost-preview]", "Share (USD)");
    assert.deepEqual(items.map((sku, i) => `${sku}:${shares[i]}`).sort(), [`${flow.items[0]!.sku}:6.00`, `${flow.items[1]!.sku}:4.00`].sort(), "6 and 4 units share 10.00");
    assert.equal(await page.getByLabel("Allocate by").inputValue(), "quantity");
    assert.equal(await page.getByLabel("Amount (USD)").inputValue(), "10.00");
    await page.getByRole("button", { name: "Post landed cost" }).click();
    assert.match(await answered(page, "Post landed cost"), /^Posted LC-\S+: 2 receipt lines took a share\.$/);
    const after = [await stockValue(page, flow.items[0]!.sku, "CHI"), await stockValue(page, flow.items[1]!.sku, "CHI")];
    assert.deepEqual([after[0]! - before[0]!, after[1]! - before[1]!], [600n, 400n], "the goods on hand carry their share of the freight");
  });
});

async function enterInvoice(page: Page, ref: string, lines: Record<number, { qty: string; price?: string }>): Promise<{ id: number; number: string }> {
  await page.goto(`/purchasing/orders/${flow.poId}`);
  await page.getByRole("link", { name: "Enter supplier invoice" }).click();
  await page.waitForURL(/\/purchasing\/invoices\/new\?po=\d+$/);
  await page.getByLabel("Supplier's invoice number").fill(ref);
  for (const n of [1, 2]) {
    const line = lines[n];
    await page.getByLabel(`Invoiced quantity, line ${n}`).fill(line?.qty ?? "");
    if (line?.price) await page.getByLabel(`Invoiced price, line ${n}`).fill(line.price);
  }
  await page.getByRole("button", { name: "Enter invoice" }).click();
  await page.waitForURL(/\/purchasing\/invoices\/\d+\?done=entered/);
  const id = Number(/invoices\/(\d+)/.exec(page.url())?.[1]);
  const number = /Supplier invoice (\S+)/.exec(await page.locator("h1").innerText())?.[1] ?? "";
  return { id, number };
}

test("the controller enters a matched invoice and a mismatched one, resolved from the match exception queue; AP aging shows both", async () => {
  assert.ok(flow.poId, "the receiving test ran first");
  await as("controller", async (page) => {
    const matched = await enterInvoice(page, `INV-${RUN}-A`, { 1: { qty: "10" } });
    assert.equal((await page.getByTestId("invoice-status").innerText()).trim(), "posted");
    assert.deepEqual(await columnTexts(page, "[data-testid=invoice-lines]", "Match"), ["matched"]);
    assert.equal((await page.getByTestId("invoice-total").innerText()).trim(), "20.00 USD");
    assert.match(await page.getByTestId("journal-link").innerText(), /^Journal entry #\d+$/);

    const held = await enterInvoice(page, `INV-${RUN}-B`, { 2: { qty: "4", price: "3.50" } });
    assert.equal((await page.getByTestId("invoice-status").innerText()).trim(), "match exception");
    assert.deepEqual(await columnTexts(page, "[data-testid=invoice-lines]", "Match"), ["price variance"]);
    assert.match((await columnTexts(page, "[data-testid=invoice-lines]", "Price variance"))[0]!, /^16\.6\d%$/, "3.50 against 3.00");
    assert.equal((await page.getByTestId("invoice-open").innerText()).trim(), "0.00 USD", "nothing is payable while held");

    await nav(page, "Match exceptions", /\/purchasing\/invoices\?status=match_exception$/);
    assert.ok((await columnTexts(page, "[data-testid=supplier-invoices]", "Invoice")).includes(held.number), "the held invoice is in the queue");
    await page.getByRole("link", { name: held.number, exact: true }).click();
    await page.waitForURL(new RegExp(`/purchasing/invoices/${held.id}$`));
    await page.getByLabel("Reason").fill("Price increase confirmed by the supplier");
    await page.getByRole("button", { name: "Accept and post" }).click();
    // Posted, the invoice re-renders without the resolve form: its status is the answer.
    await page.getByTestId("invoice-status").filter({ hasText: /^posted$/ }).waitFor();
    assert.equal((await page.getByTestId("invoice-status").innerText()).trim(), "posted");
    assert.equal((await page.getByTestId("invoice-open").innerText()).trim(), "14.00 USD");
    await page.goto("/purchasing/invoices?status=match_exception");
    const queue = (await page.locator("[data-testid=supplier-invoices]").count()) === 0 ? [] : await columnTexts(page, "[data-testid=supplier-invoices]", "Invoice");
    assert.equal(queue.includes(held.number), false, "the queue no longer holds it");

    await page.goto(`/purchasing/orders/${flow.poId}`);
    assert.deepEqual(await columnTexts(page, "[data-testid=po-lines]", "Invoiced"), ["10", "4"]);
    const aging = await agingRows(page);
    assert.deepEqual(aging.get(flow.supplierCode), { current: 3_400n, total: 3_400n }, "AP aging: 20.00 + 14.00 owed, not yet due");
    flow.invoiceIds = [matched.id, held.id];
    flow.invoiceNumbers = [matched.number, held.number];
  });
});

test("a payment run is proposed, approved in the inbox and executed, paying the invoices and clearing the aging row", async () => {
  assert.equal(flow.invoiceIds.length, 2, "the invoice test ran first");
  const run = await as("buyer", async (page) => {
    await nav(page, "Payment runs", /\/purchasing\/payment-runs$/);
    await page.getByLabel("Invoices due through").fill(addDays(flow.today, 120));
    await page.getByRole("button", { name: "Propose run" }).click();
    await page.waitForURL(/\/purchasing\/payment-runs\/\d+\?done=proposed$/);
    const id = Number(/payment-runs\/(\d+)/.exec(page.url())?.[1]);
    const invoices = (await columnTexts(page, "[data-testid=run-payments]", "Invoices")).join(" ");
    for (const number of flow.invoiceNumbers) assert.ok(invoices.includes(number), `${number} is in the run`);
    await page.getByRole("button", { name: "Submit for approval" }).click();
    await answered(page, "Payment run");
    await page.reload();
    const href = await page.getByRole("link", { name: /^Request #\d+$/ }).getAttribute("href");
    return { id, requestId: Number(/(\d+)$/.exec(href ?? "")?.[1]) };
  });
  for (const approver of ["controller", "admin"] as const) {
    const pending = await as(approver, async (page) => {
      await page.goto(`/purchasing/payment-runs/${run.id}`);
      if ((await page.getByTestId("run-status").innerText()).trim() !== "pending approval") return false;
      await page.goto(`/approvals/${run.requestId}`);
      await page.getByRole("button", { name: "Approve", exact: true }).click();
      await page.waitForURL((url) => url.searchParams.has("done"));
      return true;
    });
    if (approver === "controller") assert.ok(pending, "the run waited for the controller's approval");
  }
  await as("buyer", async (page) => {
    await page.goto(`/purchasing/payment-runs/${run.id}`);
    assert.equal((await page.getByTestId("run-status").innerText()).trim(), "approved");
    await page.getByRole("button", { name: "Execute payments" }).click();
    await answered(page, "Payment run");
    await page.reload();
    assert.equal((await page.getByTestId("run-status").innerText()).trim(), "paid");
    for (const id of flow.invoiceIds) {
      await page.goto(`/purchasing/invoices/${id}`);
      assert.equal((await page.getByTestId("invoice-status").innerText()).trim(), "paid");
      assert.equal((await page.getByTestId("invoice-open").innerText()).trim(), "0.00 USD");
    }
  });
  await as("controller", async (page) => {
    const aging = await agingRows(page);
    assert.equal(aging.has(flow.supplierCode), false, "nothing is owed to the supplier after the run");
  });
});
