// Proves the extraction watermark is correct when transactions commit out of order: a row written
// by a transaction that started before a refresh but committed after it arrives in the next
// refresh, exactly once; updated rows replace their old version; a quiet refresh copies nothing.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { useTestDatabase } from "../support/database";
import { closeAnalyticsStore, duckQuery, openAnalyticsStore } from "../../analytics/store";
import { rebuildAnalytics, refreshAnalytics } from "../../analytics/extract";

const { db } = await useTestDatabase();
const directory = await mkdtemp(path.join(os.tmpdir(), "keel-watermark-"));
const store = await openAnalyticsStore(path.join(directory, "analytics.duckdb"));
after(async () => {
  closeAnalyticsStore(store);
  await rm(directory, { recursive: true, force: true });
});

async function mirroredCategories(): Promise<Map<string, string>> {
  const rows = await duckQuery(store, "select code, name from item_category where code like 'WM-%' order by code");
  return new Map(rows.map((r) => [String(r.code), String(r.name)]));
}

test("a transaction that started earlier but commits after a refresh is picked up by the next refresh, once", async () => {
  const first = await refreshAnalytics(db, store);
  assert.equal(first.mode, "full");

  const early = await db.$client.reserve();
  try {
    await early.unsafe("begin");
    // The early transaction takes its xid first, then a later one commits before the refresh.
    await early.unsafe("insert into item_category (code, name) values ('WM-EARLY', 'Early')");
    await db.$client.unsafe("insert into item_category (code, name) values ('WM-LATE', 'Late')");

    const second = await refreshAnalytics(db, store);
    assert.equal(second.mode, "incremental");
    assert.equal(second.rowsByTable.item_category, 1);
    assert.deepEqual([...(await mirroredCategories()).keys()], ["WM-LATE"]);

    await early.unsafe("commit");
  } finally {
    early.release();
  }

  const third = await refreshAnalytics(db, store);
  assert.equal(third.rowsByTable.item_category, 1, "only the late-committing row arrives");
  assert.deepEqual([...(await mirroredCategories()).keys()], ["WM-EARLY", "WM-LATE"]);
  const duplicates = await duckQuery(store, "select count(*) - count(distinct id) as extra from item_category");
  assert.equal(Number(duplicates[0]!.extra), 0);
});

test("an updated row replaces its mirrored version and a quiet refresh copies nothing", async () => {
  await refreshAnalytics(db, store);
  await db.$client.unsafe("update item_category set name = 'Late, renamed' where code = 'WM-LATE'");
  const changed = await refreshAnalytics(db, store);
  assert.equal(changed.rowsByTable.item_category, 1);
  assert.equal((await mirroredCategories()).get("WM-LATE"), "Late, renamed");

  const quiet = await refreshAnalytics(db, store);
  assert.ok(Object.values(quiet.rowsByTable).every((n) => n === 0), JSON.stringify(quiet.rowsByTable));
});

test("a full rebuild gives the same mirror as the incremental refreshes", async () => {
  const before = await duckQuery(store, "select id, code, name from item_category order by id");
  const rebuilt = await rebuildAnalytics(db, store);
  assert.equal(rebuilt.mode, "full");
  const afterRebuild = await duckQuery(store, "select id, code, name from item_category order by id");
  assert.deepEqual(afterRebuild, before);
  const pgCount = await db.$client.unsafe<{ n: string }[]>("select count(*)::text as n from item_category");
  assert.equal(String(afterRebuild.length), pgCount[0]!.n);
});
