// Proves the merge workflow in the browser on the demo distributor: the duplicate scan (run here
// against the app's database, as the weekly job would) turns the injected duplicate customers into
// merge requests; sales, the owner of the customer domain, opens one, sees both records side by
// side and approves it; the merge is applied (references re-pointed and listed) and can be undone.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { legalEntity } from "../../core/masters/schema";
import { proposeMasterMerges } from "../../models/dedupe/scan-masters";
import { withAppDatabase } from "../support/app-database";
import { signIn, useBrowser } from "../support/browser";

const session = useBrowser();


test("the owner of the customer domain approves a merge from the side-by-side view, and it can be reversed", async () => {
  const mergeId = await withAppDatabase(async (db) => {
    const [entity] = await db.select({ id: legalEntity.id }).from(legalEntity).orderBy(legalEntity.id).limit(1);
    assert.ok(entity);
    const proposed = await proposeMasterMerges(db, "customer", entity.id);
    assert.ok(proposed.requested >= 1, `the scan proposed merges: ${JSON.stringify(proposed)}`);
    const rows = await db.execute<{ id: number }>(sql`select id::int as id from master_merge where status = 'pending' and master_kind = 'customer' order by score desc nulls last, id limit 1`);
    return rows[0]!.id;
  });
  const { context, page } = await signIn(session.browser(), "sales");
  try {
    await page.goto("/masters/merges?status=pending");
    await page.getByRole("link", { name: `#${mergeId}`, exact: true }).click();
    await page.waitForURL(new RegExp(`/masters/merges/${mergeId}`));
    assert.equal(await page.getByTestId("merge-status").innerText(), "pending");
    assert.ok(await page.getByTestId("side-by-side").locator("tbody tr").count() >= 1, "both records are compared field by field");
    await page.getByLabel("Comment").fill("Same shop, entered twice");
    await page.getByRole("button", { name: "Approve merge" }).click();
    await page.getByTestId("done").waitFor();
    assert.equal(await page.getByTestId("merge-status").innerText(), "applied");
    await page.getByLabel("Reason for reversal").fill("Checked with the customer: two legal entities");
    await page.getByRole("button", { name: "Reverse merge" }).click();
    // The approval's banner stays until the reversal's replaces it.
    await page.getByTestId("merge-status").filter({ hasText: "reversed" }).waitFor();
    assert.equal(await page.getByTestId("merge-status").innerText(), "reversed");
  } finally {
    await context.close();
  }
});
