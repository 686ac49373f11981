// Proves the exception queues work for the roles that own them, on the demo's exceptions: the
// warehouse filters its variance queue, bulk-assigns two items to itself, and resolves one with
// a reason (a too-short reason is refused beside the field); the queue shows only the queues
// addressed to the role; the buyer opens the cross-functional alert with both affected orders
// listed and takes it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { columnTexts, signIn, useBrowser } from "../support/browser";

const session = useBrowser();

async function idsOnPage(page: import("playwright-core").Page): Promise<number[]> {
  const values = await page.getByTestId("exception-list").locator("tbody tr").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-exception-id")));
  return values.map(Number);
}

test("the warehouse filters its variance queue, bulk-assigns two items and resolves one with a reason", async () => {
  const { context, page } = await signIn(session.browser(), "warehouse");
  try {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Exceptions" }).click();
    await page.waitForURL(/\/exceptions$/);
    const queues = await columnTexts(page, "[data-testid=queue-summary]", "Queue");
    assert.ok(queues.includes("Inventory variance"), queues.join(", "));
    assert.equal(queues.includes("Posting failure"), false, "the controller's queue is not addressed to the warehouse");
    await page.getByLabel("Queue").selectOption("inventory_variance");
    await page.getByLabel("State").selectOption("open");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL((url) => url.searchParams.get("state") === "open");
    assert.ok((await columnTexts(page, "[data-testid=exception-list]", "Queue")).every((q) => q === "Inventory variance"));
    const open = await idsOnPage(page);
    assert.ok(open.length >= 3, `the demo leaves open variances, found ${open.length}`);
    const [first, second] = open as [number, number];
    // Nothing ticked: refused, nothing assigned.
    await page.getByLabel("Assign selected to").selectOption({ label: "Tom Kowalski (warehouse: warehouse)" });
    await page.getByRole("button", { name: "Assign selected" }).click();
    assert.match(await page.getByTestId("error-ids").innerText(), /tick the exceptions/);
    await page.getByLabel(`Select #${first}`).check();
    await page.getByLabel(`Select #${second}`).check();
    await page.getByLabel("Assign selected to").selectOption({ label: "Tom Kowalski (warehouse: warehouse)" });
    await page.getByRole("button", { name: "Assign selected" }).click();
    assert.equal(await page.getByTestId("action-ok").innerText(), `Assigned 2 exceptions (#${Math.min(first, second)}, #${Math.max(first, second)}).`);
    await page.goto("/exceptions?kind=inventory_variance&state=assigned&assigned=me");
    const mine = await idsOnPage(page);
    assert.ok(mine.includes(first) && mine.includes(second), `assigned to me: ${mine.join(", ")}`);
    assert.ok((await columnTexts(page, "[data-testid=exception-list]", "Assigned to")).every((name) => name === "Tom Kowalski"));
    await page.getByRole("link", { name: new RegExp(`^#${first} `) }).click();
    await page.waitForURL(new RegExp(`/exceptions/${first}$`));
    assert.equal((await page.getByTestId("exception-assignee").innerText()).trim(), "Tom Kowalski");
    await page.getByLabel(/^Reason/).fill("ok");
    await page.getByRole("button", { name: "Resolve" }).click();
    assert.ok((await page.getByTestId("error-reason").innerText()).length > 0, "a two-letter reason is refused");
    await page.getByLabel(/^Reason/).fill("Recounted: the stock was in the overflow bin; moved back and counted again");
    await page.getByRole("button", { name: "Resolve" }).click();
    await page.waitForURL((url) => url.searchParams.get("done") === "resolved");
    assert.equal(await page.getByTestId("done").innerText(), `Exception #${first} resolved.`);
    assert.equal((await page.getByTestId("status").first().innerText()).trim(), "resolved");
    assert.match(await page.getByTestId("exception-reason").innerText(), /overflow bin/);
    assert.equal(await page.getByRole("button", { name: "Resolve" }).count(), 0, "a closed item offers no more actions");
    await page.goto("/exceptions?kind=inventory_variance&state=resolved");
    assert.ok((await idsOnPage(page)).includes(first));
  } finally {
    await context.close();
  }
});

test("the buyer opens the cross-functional alert with both affected orders and takes it", async () => {
  const { context, page } = await signIn(session.browser(), "buyer");
  try {
    await page.goto("/exceptions?kind=cross_functional_alert");
    // The purchasing history raises late-receipt alerts too; this one is the governance demo's.
    const rows = page.getByTestId("exception-list").locator("tbody tr").filter({ hasText: "Late receipt DEMO-PO-1042 holds up priority orders" });
    assert.equal(await rows.count(), 1);
    assert.match(await rows.first().innerText(), /\bhigh\b/, "priority customers make it high");
    await rows.first().getByRole("link").click();
    await page.waitForURL(/\/exceptions\/\d+$/);
    const types = await columnTexts(page, "[data-testid=exception-links]", "Type");
    assert.deepEqual(types, ["Purchase order", "Sales order", "Sales order"]);
    const documents = await columnTexts(page, "[data-testid=exception-links]", "Document");
    assert.ok(documents.slice(1).every((label) => /^DEMO-SO-\d+ for C\d+ \(demo\)$/.test(label)), documents.join(" | "));
    await page.getByLabel("Assign to").selectOption({ label: "Marcus Chen (buyer: buyer)" });
    await page.getByRole("button", { name: "Assign", exact: true }).click();
    await page.getByTestId("action-ok").waitFor();
    await page.reload();
    assert.equal((await page.getByTestId("exception-assignee").innerText()).trim(), "Marcus Chen");
    assert.equal((await page.getByTestId("status").first().innerText()).trim(), "assigned");
  } finally {
    await context.close();
  }
});

test("a sales user sees the blocked-order queue but not the warehouse's", async () => {
  const { context, page } = await signIn(session.browser(), "sales");
  try {
    await page.goto("/exceptions?state=all");
    const queues = new Set(await columnTexts(page, "[data-testid=exception-list]", "Queue"));
    assert.ok(queues.has("Blocked order"));
    assert.equal(queues.has("Inventory variance"), false);
  } finally {
    await context.close();
  }
});
