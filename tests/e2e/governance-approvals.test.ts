// Proves the approval pages work for the roles that use them, on the demo distributor and the
// default policies: a credit-limit change made on a customer's edit page waits as a request, the
// sales owner and then the controller approve it from their inboxes and the customer shows the
// new limit with exactly one change in its history; a rejection needs a reason and leaves the
// customer unchanged; the user who entered a request is refused with the SoD error when they
// try to approve it, and may withdraw it; the nav badge counts the inbox; the requester is notified.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { columnTexts, signIn, useBrowser, type DemoUser } from "../support/browser";

const session = useBrowser();

function fieldValue(page: Page, name: string) {
  return page.getByTestId("master-fields").locator(`[data-field-value=${name}]`);
}

async function openCustomer(page: Page, code: string): Promise<void> {
  await page.goto(`/customers?q=${code}`);
  await page.locator("table.data tbody tr a[data-testid=row-link]").first().click();
  await page.waitForURL(/\/masters\/customer\/\d+$/);
  assert.match(await page.locator("h1").innerText(), new RegExp(code));
}

/** Major units typed in the form ("25000.00") to minor units, exactly. */
function minorOf(text: string): bigint {
  const [whole = "0", fraction = ""] = text.replaceAll(",", "").split(".");
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, "0").slice(0, 2));
}

function majorOf(minor: bigint): string {
  const whole = (minor / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${whole}.${(minor % 100n).toString().padStart(2, "0")}`;
}

async function updateHistoryRows(page: Page, field: string): Promise<string[]> {
  const rows = page.getByTestId("change-history").locator("tbody tr");
  const texts: string[] = [];
  for (let index = 0; index < (await rows.count()); index++) {
    const cells = (await rows.nth(index).locator("td").allTextContents()).map((t) => t.trim());
    if (cells[2] !== "create" && cells[3]!.includes(field)) texts.push(cells[3]!);
  }
  return texts;
}

/** Raises the customer's credit limit by 1,000.00 on its edit page; returns the request id and the limits. */
async function submitCreditLimitChange(page: Page, code: string): Promise<{ requestId: number; beforeMinor: bigint; afterMinor: bigint }> {
  await openCustomer(page, code);
  const input = page.getByLabel("Credit limit");
  const beforeMinor = minorOf(await input.inputValue());
  const afterMinor = beforeMinor + 100_000n;
  await input.fill(majorOf(afterMinor));
  await page.getByRole("button", { name: "Save customer" }).click();
  const notice = page.getByTestId("form-notice");
  await notice.waitFor();
  const match = /Submitted for approval as change request (\d+)/.exec(await notice.innerText());
  assert.ok(match, `notice: ${await notice.innerText()}`);
  return { requestId: Number(match[1]), beforeMinor, afterMinor };
}

/** Opens the request from the user's inbox (the row must be there) and decides it. */
async function decideFromInbox(user: DemoUser, requestId: number, decision: "Approve" | "Reject", comment: string, expectDone: RegExp): Promise<void> {
  const { context, page } = await signIn(session.browser(), user);
  try {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Approvals/ }).click();
    await page.waitForURL(/\/approvals$/);
    const link = page.getByTestId("approvals-inbox").getByRole("link", { name: new RegExp(`^#${requestId} `) });
    assert.equal(await link.count(), 1, `request ${requestId} is in the ${user} inbox`);
    await link.click();
    await page.waitForURL(new RegExp(`/approvals/${requestId}$`));
    await page.getByLabel("Comment (required to reject)").fill(comment);
    await page.getByRole("button", { name: decision, exact: true }).click();
    await page.waitForURL((url) => url.searchParams.has("done"));
    assert.match(await page.getByTestId("done").innerText(), expectDone);
  } finally {
    await context.close();
  }
}

test("a credit-limit change is approved by sales, then the controller, and applies exactly once", async () => {
  const admin = await signIn(session.browser(), "admin");
  let change: Awaited<ReturnType<typeof submitCreditLimitChange>>;
  try {
    change = await submitCreditLimitChange(admin.page, "C10150");
    await admin.page.reload();
    assert.equal((await fieldValue(admin.page, "creditLimitMinor").innerText()).trim(), `${majorOf(change.beforeMinor)} USD`, "nothing applies before approval");
  } finally {
    await admin.context.close();
  }
  const { context, page } = await signIn(session.browser(), "controller");
  try {
    await page.goto(`/approvals/${change.requestId}`);
    assert.equal((await page.getByTestId("request-policy").innerText()).trim(), "Master-data changes v1");
    assert.equal((await page.getByTestId("request-rule").innerText()).trim(), "Customer credit limit or terms");
    assert.equal((await page.getByTestId("fact-amount").innerText()).trim(), "1,000.00 USD");
    assert.equal((await page.getByTestId("before-creditLimitMinor").innerText()).trim(), `${majorOf(change.beforeMinor)} USD`);
    assert.equal((await page.getByTestId("after-creditLimitMinor").innerText()).trim(), `${majorOf(change.afterMinor)} USD`);
    assert.deepEqual(await columnTexts(page, "[data-testid=approval-steps]", "Approver"), ["role sales", "role controller"]);
    // Step 1 belongs to sales: the controller has nothing to decide yet.
    assert.equal(await page.getByRole("button", { name: "Approve", exact: true }).count(), 0);
  } finally {
    await context.close();
  }
  await decideFromInbox("sales", change.requestId, "Approve", "Customer pays on time", /moves on to its next step/);
  await decideFromInbox("controller", change.requestId, "Approve", "", /complete and its change has been applied/);
  const check = await signIn(session.browser(), "controller");
  try {
    await check.page.goto(`/approvals/${change.requestId}`);
    assert.equal((await check.page.getByTestId("status").first().innerText()).trim(), "approved");
    assert.deepEqual(await columnTexts(check.page, "[data-testid=approval-steps]", "Decided by"), ["Hannah Brooks", "Priya Raman"]);
    assert.deepEqual(await columnTexts(check.page, "[data-testid=approval-steps]", "Comment"), ["Customer pays on time", ""]);
    await openCustomer(check.page, "C10150");
    assert.equal((await fieldValue(check.page, "creditLimitMinor").innerText()).trim(), `${majorOf(change.afterMinor)} USD`);
    assert.deepEqual(await updateHistoryRows(check.page, "creditLimitMinor"), [`creditLimitMinor: ${change.beforeMinor} → ${change.afterMinor}`]);
  } finally {
    await check.context.close();
  }
});

test("a rejection needs a reason, leaves the customer unchanged and tells the requester", async () => {
  const admin = await signIn(session.browser(), "admin");
  let change: Awaited<ReturnType<typeof submitCreditLimitChange>>;
  try {
    change = await submitCreditLimitChange(admin.page, "C10151");
  } finally {
    await admin.context.close();
  }
  await decideFromInbox("sales", change.requestId, "Approve", "", /next step/);
  const { context, page } = await signIn(session.browser(), "controller");
  try {
    await page.goto(`/approvals/${change.requestId}`);
    await page.getByRole("button", { name: "Reject", exact: true }).click();
    assert.equal((await page.getByTestId("error-comment").innerText()).trim(), "a rejection needs a reason");
    assert.match(await page.getByTestId("action-error").innerText(), /GOVERNANCE_REASON_REQUIRED/);
    await page.getByLabel("Comment (required to reject)").fill("Exposure too high this quarter");
    await page.getByRole("button", { name: "Reject", exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get("done") === "rejected");
    assert.equal((await page.getByTestId("status").first().innerText()).trim(), "rejected");
    await openCustomer(page, "C10151");
    assert.equal((await fieldValue(page, "creditLimitMinor").innerText()).trim(), `${majorOf(change.beforeMinor)} USD`);
    assert.deepEqual(await updateHistoryRows(page, "creditLimitMinor"), []);
  } finally {
    await context.close();
  }
  const requester = await signIn(session.browser(), "admin");
  try {
    await requester.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Notifications" }).click();
    await requester.page.waitForURL(/\/governance\/notifications$/);
    const notice = requester.page.getByTestId("notifications").getByRole("link", { name: /^Rejected: Change customer C10151/ });
    assert.equal(await notice.count(), 1);
    await notice.click();
    await requester.page.waitForURL(new RegExp(`/approvals/${change.requestId}$`));
  } finally {
    await requester.context.close();
  }
});

test("the user who entered a request is refused with the SoD error, and may withdraw it", async () => {
  const { context, page } = await signIn(session.browser(), "sales");
  try {
    const change = await submitCreditLimitChange(page, "C10152");
    await page.goto("/approvals?tab=requested");
    await page.getByTestId("approvals-requested").getByRole("link", { name: new RegExp(`^#${change.requestId} `) }).click();
    await page.waitForURL(new RegExp(`/approvals/${change.requestId}$`));
    await page.getByRole("button", { name: "Approve", exact: true }).click();
    const error = page.getByTestId("action-error");
    await error.waitFor();
    assert.match(await error.innerText(), /You entered this request, so someone else must decide it/);
    assert.match(await error.innerText(), /GOVERNANCE_SOD_SELF_APPROVAL/);
    await page.reload();
    assert.equal((await page.getByTestId("status").first().innerText()).trim(), "pending");
    assert.deepEqual(await columnTexts(page, "[data-testid=approval-steps]", "Status"), ["pending", "waiting"]);
    await page.getByRole("button", { name: "Cancel request" }).click();
    assert.match(await page.getByTestId("error-reason").innerText(), /a cancellation needs a reason/);
    await page.getByLabel("Reason for withdrawing").fill("Entered on the wrong customer");
    await page.getByRole("button", { name: "Cancel request" }).click();
    await page.waitForURL((url) => url.searchParams.get("done") === "cancelled");
    assert.equal((await page.getByTestId("status").first().innerText()).trim(), "cancelled");
  } finally {
    await context.close();
  }
});

test("the approvals badge counts the controller's inbox, and the All tab filters by kind and status", async () => {
  const { context, page } = await signIn(session.browser(), "controller");
  try {
    await page.goto("/approvals");
    const badge = page.getByTestId("approvals-badge");
    await badge.waitFor();
    const rows = await page.getByTestId("approvals-inbox").locator("tbody tr").count();
    assert.ok(rows >= 1, "the demo leaves a request waiting for the controller");
    assert.equal(Number((await badge.innerText()).trim()), rows);
    await page.getByRole("link", { name: "All", exact: true }).click();
    await page.getByLabel("Kind").selectOption("master_data_change");
    await page.getByLabel("Status").selectOption("rejected");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL((url) => url.searchParams.get("status") === "rejected");
    const statuses = await columnTexts(page, "[data-testid=approvals-all]", "Status");
    assert.ok(statuses.length >= 1, "the demo has a rejected change");
    assert.ok(statuses.every((s) => s === "rejected"), statuses.join(", "));
  } finally {
    await context.close();
  }
});
