// Proves the extraction watermark is correct when transactions commit out of order: a row written
// by a transaction that started before a refresh but committed after it arrives in the next
// refresh, exactly once; updated rows replace their old version; a quiet refresh copies nothing.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { useTestDatabase } from "../support/database";
import { closeAnalyticsStore, duckQuery, openAnalyticsStore } from "../../analytics/store";
import { rebuildAnalytics, refreshAnalytics } from "../../analytics/extract";
import { MIRROR_TABLE_NAMES } from "../../analytics/mirror";

const { db } = await useTestDatabase();
const directory = await mkdtemp(path.join(os.tmpdir(), "keel-watermark-"));
const store = await openAnalyticsStore(path.join(directory, "analytics.duckdb"));
after(async () => {
  await closeAnalyticsStore(store);
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

test("a row written inside a savepoint of a transaction open during a refresh arrives once it commits", async () => {
  await refreshAnalytics(db, store);
  const open = await db.$client.reserve();
  try {
    await open.unsafe("begin");
    await open.unsafe("insert into item_category (code, name) values ('WM-TOP', 'Top level')");
    // A savepoint (drizzle's nested transaction) writes with a subtransaction id, which a
    // pg_snapshot's in-progress list does not name: only the top-level id says "not yet committed".
    await open.unsafe("savepoint nested");
    await open.unsafe("insert into item_category (code, name) values ('WM-SUB', 'In a savepoint')");
    await open.unsafe("release savepoint nested");
    // A later transaction commits, so the refresh's snapshot reaches past the savepoint's id.
    await db.$client.unsafe("insert into item_category (code, name) values ('WM-AFTER', 'Committed later')");
    const during = await refreshAnalytics(db, store);
    assert.equal(during.rowsByTable.item_category, 1, "only the committed row is visible yet");
    await open.unsafe("commit");
  } finally {
    open.release();
  }
  const next = await refreshAnalytics(db, store);
  assert.equal(next.rowsByTable.item_category, 2, JSON.stringify(next.rowsByTable));
  const codes = [...(await mirroredCategories()).keys()];
  assert.ok(codes.includes("WM-TOP") && codes.includes("WM-SUB"), codes.join(","));
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

test("every mirrored table carries the change marker, set by a trigger and indexed (the ledger's lines are found through their entries)", async () => {
  const rows = await db.$client.unsafe<{ table_name: string; has_column: boolean; has_trigger: boolean; has_index: boolean }[]>(`
    select t.table_name,
      exists (select 1 from information_schema.columns c where c.table_name = t.table_name and c.column_name = 'change_xid' and c.data_type = 'xid8') as has_column,
      exists (select 1 from pg_trigger g where g.tgrelid = t.table_name::regclass and g.tgname = t.table_name || '_mark_change') as has_trigger,
      exists (select 1 from pg_indexes i where i.tablename = t.table_name and i.indexdef like '%(change_xid)%') as has_index
    from unnest($1::text[]) as t(table_name)`, [MIRROR_TABLE_NAMES]);
  assert.equal(rows.length, MIRROR_TABLE_NAMES.length);
  for (const row of rows) {
    assert.ok(row.has_column && row.has_trigger, `${row.table_name}: change_xid column and trigger`);
    assert.equal(row.has_index, row.table_name !== "journal_line", `${row.table_name}: change_xid index`);
  }
  // The marker is the writer's top-level transaction, also for an update inside a savepoint.
  const [marked] = await db.$client.begin(async (sql) => {
    await sql.unsafe("savepoint s");
    await sql.unsafe("update item_category set name = name where code = 'WM-LATE'");
    await sql.unsafe("release savepoint s");
    return sql.unsafe<{ same: boolean }[]>("select change_xid = pg_current_xact_id() as same from item_category where code = 'WM-LATE'");
  });
  assert.equal(marked!.same, true);
});

test("text with commas, quotes and line breaks, and empty text, arrive in the mirror unchanged", async () => {
  await refreshAnalytics(db, store);
  const awkward = 'Bolts, "heavy"\nand nuts\r\n';
  await db.$client.unsafe("insert into item_category (code, name) values ('WM-CSV', $1), ('WM-EMPTY', '')", [awkward]);
  const refreshed = await refreshAnalytics(db, store);
  assert.equal(refreshed.rowsByTable.item_category, 2);
  const mirrored = await mirroredCategories();
  assert.equal(mirrored.get("WM-CSV"), awkward);
  assert.equal(mirrored.get("WM-EMPTY"), "");
});

test("a refresh returns at its commit and its checkpoint follows, writing the WAL into the database file", async () => {
  await db.$client.unsafe("insert into item_category (code, name) values ('WM-CKPT', 'Checkpointed')");
  const refreshed = await refreshAnalytics(db, store);
  assert.equal(refreshed.rowsByTable.item_category, 1);
  // Visible before the checkpoint has run: the checkpoint is queued behind the refresh.
  assert.ok((await mirroredCategories()).has("WM-CKPT"));
  const outcome = await refreshed.checkpointed;
  assert.equal(outcome.skipped, null, "the checkpoint ran");
  const wal = await stat(`${store.path}.wal`).then((s) => s.size, () => 0);
  assert.equal(wal, 0, "the WAL was written into the file");
});
