// Proves the governance administration pages work for the roles that use them: the admin edits
// a policy in the JSON editor (invalid JSON and rule violations are refused beside the field; a
// valid save creates version 2 and retires version 1, still readable); the controller searches
// the audit log and verifies the hash chain; the executive reads the SoD report and the cycle
// times with real rows; the controller delegates and revokes; roles without audit:read get 403.
import { test } from "node:test";
import assert from "node:assert/strict";
import { columnTexts, navLabels, pagerTotal, signIn, useBrowser } from "../support/browser";

const session = useBrowser();

test("the admin saves a new version of a policy; the old one is retired and still readable", async () => {
  const { context, page } = await signIn(session.browser(), "admin");
  try {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Approval policies" }).click();
    await page.waitForURL(/\/governance\/policies$/);
    assert.equal((await page.getByTestId("policy-version-journal_exception").innerText()).trim(), "1");
    await page.getByRole("link", { name: "Journal exception", exact: true }).click();
    await page.waitForURL(/\/governance\/policies\/journal_exception$/);
    assert.match(await page.getByTestId("policy-rules").innerText(), /role controller within 24 h/);
    const editor = page.getByLabel(/^Rules \(JSON/);
    const original = await editor.inputValue();
    await editor.fill("[{");
    await page.getByRole("button", { name: "Save as new version" }).click();
    assert.match(await page.getByTestId("error-rules").innerText(), /not valid JSON/);
    await editor.fill(original.replace('"timeLimitHours": 24', '"timeLimitHours": 0'));
    await page.getByRole("button", { name: "Save as new version" }).click();
    // The refusal replaces the previous one beside the field.
    await page.getByTestId("error-rules").filter({ hasText: /timeLimitHours/ }).waitFor();
    assert.doesNotMatch(await page.getByTestId("error-rules").innerText(), /not valid JSON/);
    await editor.fill(original.replace('"timeLimitHours": 24', '"timeLimitHours": 12'));
    await page.getByLabel("Policy name").fill("Journal exceptions (faster)");
    await page.getByRole("button", { name: "Save as new version" }).click();
    await page.waitForURL((url) => url.searchParams.get("saved") === "2");
    assert.match(await page.getByTestId("policy-shown").innerText(), /^Journal exceptions \(faster\) v2 active/);
    assert.match(await page.getByTestId("policy-rules").innerText(), /role controller within 12 h/);
    assert.deepEqual(await columnTexts(page, "[data-testid=policy-versions]", "Status"), ["active", "retired"]);
    await page.getByRole("link", { name: "v1", exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get("version") === "1");
    assert.match(await page.getByTestId("policy-shown").innerText(), /v1 retired/);
    assert.match(await page.getByTestId("policy-rules").innerText(), /role controller within 24 h/);
    await page.goto("/governance/policies");
    assert.equal((await page.getByTestId("policy-version-journal_exception").innerText()).trim(), "2");
  } finally {
    await context.close();
  }
});

test("the controller searches the audit log and verifies the chain", async () => {
  const { context, page } = await signIn(session.browser(), "controller");
  try {
    await page.goto("/governance/audit");
    assert.ok((await pagerTotal(page)) > 1000, "the demo load is audited");
    await page.getByLabel("Object kind").fill("approval_request");
    await page.getByLabel("Search").fill("reject");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL((url) => url.searchParams.get("kind") === "approval_request");
    const objects = await columnTexts(page, "[data-testid=audit-log]", "Object");
    assert.ok(objects.length >= 1, "the demo's rejected request is in the log");
    assert.ok(objects.every((text) => text.startsWith("approval_request ")), objects.join(", "));
    const changes = await columnTexts(page, "[data-testid=audit-log]", "Before → after");
    assert.ok(changes.every((text) => /reject/i.test(text)), "every row matches the search");
    const shownIds = await columnTexts(page, "[data-testid=audit-log]", "#");
    await page.getByRole("button", { name: "Verify chain" }).click();
    const ok = page.getByTestId("action-ok");
    await ok.waitFor({ timeout: 60_000 });
    const match = /^Chain intact: (\d+) rows checked\.$/.exec((await ok.innerText()).trim());
    assert.ok(match && Number(match[1]) > 1000, await ok.innerText());
    // Rows present before the verification are sealed now (others may have been added since).
    await page.reload();
    const ids = await columnTexts(page, "[data-testid=audit-log]", "#");
    const sealed = await columnTexts(page, "[data-testid=audit-log]", "Sealed");
    for (const id of shownIds) assert.match(sealed[ids.indexOf(id)] ?? "", /^sealed #\d+$/, `audit row ${id}`);
  } finally {
    await context.close();
  }
});

test("the executive reads the SoD report and the cycle times, both with real rows", async () => {
  const { context, page } = await signIn(session.browser(), "exec");
  try {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "SoD report" }).click();
    await page.waitForURL(/\/governance\/sod$/);
    const admin = page.locator("[data-testid=sod-report] tbody tr[data-username=admin]");
    assert.ok((await admin.count()) >= 1);
    assert.equal(await admin.first().getByTestId("superuser").count(), 1, "the admin is flagged as superuser");
    const controller = page.locator("[data-testid=sod-report] tbody tr[data-username=controller]");
    assert.ok((await controller.count()) >= 1, "the controller's roles conflict (review mode)");
    assert.match(await controller.first().innerText(), /review/);
    assert.equal(await page.getByTestId("sod-rules").locator("tbody tr").count(), 4);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Cycle times" }).click();
    await page.waitForURL(/\/governance\/cycle-times$/);
    const kinds = await columnTexts(page, "[data-testid=approval-step-times]", "Kind");
    const roles = await columnTexts(page, "[data-testid=approval-step-times]", "Role");
    assert.ok(kinds.some((kind, i) => kind === "Master data change" && roles[i] === "sales"), `${kinds} / ${roles}`);
    assert.ok(kinds.some((kind, i) => kind === "Master data change" && roles[i] === "controller"));
    const decided = await columnTexts(page, "[data-testid=approval-step-times]", "Decided");
    assert.ok(decided.every((n) => Number(n) >= 1));
    assert.ok((await columnTexts(page, "[data-testid=exception-times]", "Queue")).includes("Inventory variance"));
  } finally {
    await context.close();
  }
});

test("the controller delegates approvals to the executive and revokes the delegation", async () => {
  const { context, page } = await signIn(session.browser(), "controller");
  try {
    await page.goto("/governance/delegations");
    await page.getByLabel("Delegate to").selectOption({ label: "Morgan Ellis (exec: executive)" });
    await page.getByLabel("Reason").fill("Quarter-end leave");
    await page.getByRole("button", { name: "Delegate my approvals" }).click();
    const ok = page.getByTestId("action-ok");
    await ok.waitFor();
    const id = /^Delegation #(\d+) created\.$/.exec((await ok.innerText()).trim())?.[1];
    assert.ok(id, await ok.innerText());
    const row = page.locator(`[data-testid=delegations] tr[data-delegation-id="${id}"]`);
    assert.match(await row.innerText(), /Morgan Ellis[\s\S]*Quarter-end leave[\s\S]*active/);
    await row.getByRole("button", { name: "Revoke" }).click();
    await row.locator("[data-testid=status]", { hasText: /^revoked$/ }).waitFor();
  } finally {
    await context.close();
  }
});

test("roles without audit:read get the forbidden page for the audit pages and no nav entries", async () => {
  for (const user of ["sales", "warehouse"] as const) {
    const { context, page } = await signIn(session.browser(), user);
    try {
      const labels = await navLabels(page);
      for (const hidden of ["Audit log", "SoD report", "Cycle times", "Approval policies"]) assert.equal(labels.includes(hidden), false, `${user}: ${hidden}`);
      for (const path of ["/governance/audit", "/governance/sod", "/governance/cycle-times", "/governance/policies"]) {
        await page.goto(path);
        assert.match(await page.getByTestId("forbidden").innerText(), /403/, `${user}: ${path}`);
      }
      assert.equal(await page.getByRole("button", { name: "Verify chain" }).count(), 0);
    } finally {
      await context.close();
    }
  }
});
