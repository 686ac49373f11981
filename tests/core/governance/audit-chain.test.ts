// Proves the audit hash chain: sealing links every committed audit row once, in the sealer's
// order (rows committing out of id order are sealed by a later call), idempotently and under
// concurrent writers and sealers; an intact log verifies; and a row altered or deleted in the
// database behind the application's back, a missing seal or a broken link is named exactly
// (chain_seq and audit id) by verification and by the `audit verify` command.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { asc, sql } from "drizzle-orm";
import type { Db, Tx } from "../../../core/db/client";
import { inTransaction } from "../../../core/db/transaction";
import { auditLog, auditSeal } from "../../../core/db/schema";
import { recordAudit, SYSTEM_ACTOR, type Actor } from "../../../core/governance";
import {
  auditRowHash, canonicalJson, GENESIS_HASH, runAuditVerify, sealAuditLog, verifyAuditChain,
} from "../../../core/governance/audit-chain";
import { createTestDatabase, dropTestDatabase, useTestDatabase } from "../../support/database";

const { db } = await useTestDatabase();

const clerk: Actor = { userId: null, username: "clerk", roles: ["admin"] };

function write(tx: Tx, n: number, after: unknown = { n }) {
  return recordAudit(tx, clerk, { action: "update", objectKind: "test_doc", objectId: n, before: { n: n - 1 }, after, requestId: `req-${n}` });
}

async function writeRows(target: Db, count: number): Promise<void> {
  await inTransaction(target, async (tx) => {
    for (let n = 1; n <= count; n++) await write(tx, n, { n, nested: { z: n, a: [n, { y: 1, b: 2 }] } });
  });
}

async function count(target: Db, table: typeof auditLog | typeof auditSeal): Promise<number> {
  const [row] = await target.select({ n: sql<number>`count(*)::int` }).from(table);
  return row!.n;
}

const seal = (target: Db) => inTransaction(target, (tx) => sealAuditLog(tx));
const verify = (target: Db) => inTransaction(target, (tx) => verifyAuditChain(tx));

/** A database of its own, for tests that break the chain for good. */
async function brokenCopy(rows: number): Promise<{ db: Db; ids: number[] }> {
  const test = await createTestDatabase();
  after(() => dropTestDatabase(test));
  await writeRows(test.db, rows);
  await seal(test.db);
  const ids = (await test.db.select({ id: auditLog.id }).from(auditLog).orderBy(asc(auditLog.id))).map((r) => r.id);
  return { db: test.db, ids };
}

/** What an attacker with the table owner's rights does: switch the guard off, change, switch it on. */
async function tamper(target: Db, table: "audit_log" | "audit_seal", statement: string): Promise<void> {
  await target.$client.begin(async (client) => {
    await client.unsafe(`alter table ${table} disable trigger ${table}_append_only`);
    await client.unsafe(statement);
    await client.unsafe(`alter table ${table} enable trigger ${table}_append_only`);
  });
}

test("canonical JSON sorts keys at every depth and keeps array order", () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: null }], c: "x" }, u: undefined }), '{"a":{"c":"x","d":[3,{"y":null,"z":1}]},"b":1}');
  assert.equal(canonicalJson({ a: 1, b: 2 }), canonicalJson({ b: 2, a: 1 }));
  const row = { id: 1, occurredAt: "2026-01-01T00:00:00.000001Z", actorUserId: null, actorName: "a", action: "create", objectKind: "k", objectId: "1", entityId: null, before: null, after: { x: 1 }, requestId: null };
  assert.notEqual(auditRowHash(GENESIS_HASH, row), auditRowHash(GENESIS_HASH, { ...row, occurredAt: "2026-01-01T00:00:00.000002Z" }));
  assert.notEqual(auditRowHash(GENESIS_HASH, row), auditRowHash("1".repeat(64), row));
});

test("sealing chains every audit row from the genesis hash, once; a second call seals nothing", async () => {
  await writeRows(db, 25);
  const total = await count(db, auditLog);
  const first = await seal(db);
  assert.equal(first.sealed, total);
  assert.deepEqual(await seal(db), { sealed: 0 });
  const seals = await db.select().from(auditSeal).orderBy(asc(auditSeal.chainSeq));
  assert.equal(seals.length, total);
  assert.equal(seals[0]!.chainSeq, 1);
  assert.equal(seals[0]!.previousHash, GENESIS_HASH);
  for (let i = 1; i < seals.length; i++) {
    assert.equal(seals[i]!.chainSeq, i + 1);
    assert.equal(seals[i]!.previousHash, seals[i - 1]!.rowHash);
  }
  assert.equal(new Set(seals.map((s) => s.auditId)).size, total);
});

test("an intact log verifies, and `audit verify` says OK with the row count", async () => {
  await writeRows(db, 3);
  const result = await verify(db);
  const total = await count(db, auditLog);
  assert.deepEqual(result, { ok: true, checked: total });
  const cli = await runAuditVerify(db);
  assert.deepEqual(cli, { exitCode: 0, lines: [`audit verify: OK, ${total} rows`] });
});

test("a row whose transaction commits after a later id was sealed is sealed by the next call", async () => {
  await seal(db);
  let releaseEarly!: () => void;
  const earlyMayCommit = new Promise<void>((resolve) => { releaseEarly = resolve; });
  let earlyWrote!: () => void;
  const earlyHasWritten = new Promise<void>((resolve) => { earlyWrote = resolve; });
  const early = db.transaction(async (tx) => {
    await write(tx, 1001);
    earlyWrote();
    await earlyMayCommit;
  });
  await earlyHasWritten;
  await inTransaction(db, (tx) => write(tx, 1002));
  // The early transaction's row cannot be read yet; only the late one is committed.
  const visible = await db.select({ objectId: auditLog.objectId }).from(auditLog).where(sql`${auditLog.objectId} in ('1001', '1002')`);
  assert.deepEqual(visible.map((v) => v.objectId), ["1002"]);
  assert.deepEqual(await seal(db), { sealed: 1 });
  releaseEarly();
  await early;
  assert.deepEqual(await seal(db), { sealed: 1 });
  const tail = await db.select({ auditId: auditSeal.auditId, objectId: auditLog.objectId }).from(auditSeal)
    .innerJoin(auditLog, sql`${auditLog.id} = ${auditSeal.auditId}`).orderBy(sql`${auditSeal.chainSeq} desc`).limit(2);
  assert.deepEqual(tail.map((t) => t.objectId), ["1001", "1002"], "the lower id is chained after the higher one");
  assert.ok(tail[0]!.auditId < tail[1]!.auditId);
  assert.equal((await verify(db)).ok, true);
});

test("many concurrent writers and sealers leave a chain that verifies, each row sealed exactly once", async () => {
  const writers = Array.from({ length: 24 }, (_, w) => inTransaction(db, async (tx) => {
    for (let n = 0; n < 5; n++) {
      await write(tx, 10_000 + w * 10 + n);
      await tx.execute(sql`select pg_sleep(${Math.random() * 0.02})`);
    }
  }));
  const sealers = Array.from({ length: 6 }, async () => {
    let sealed = 0;
    for (let i = 0; i < 5; i++) {
      sealed += (await seal(db)).sealed;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return sealed;
  });
  await Promise.all([...writers, ...sealers]);
  const result = await verify(db);
  const total = await count(db, auditLog);
  assert.deepEqual(result, { ok: true, checked: total });
  assert.equal(await count(db, auditSeal), total);
  const [unsealed] = await db.execute<{ n: number }>(sql`select count(*)::int as n from audit_log a where not exists (select 1 from audit_seal s where s.audit_id = a.id)`);
  assert.equal(unsealed!.n, 0);
});

test("sealing refuses to run outside read committed, where it could reuse a chain_seq", async () => {
  await assert.rejects(() => inTransaction(db, (tx) => sealAuditLog(tx), { isolationLevel: "repeatable read" }), /read committed/);
});

test("an audit row altered in the database is named by chain_seq and audit id as row_altered", async () => {
  const broken = await brokenCopy(10);
  const target = broken.ids[3]!;
  await tamper(broken.db, "audit_log", `update audit_log set after = '{"n": 4, "approved": true}' where id = ${target}`);
  const result = await verify(broken.db);
  assert.deepEqual(result, { ok: false, checked: 3, firstBroken: { chainSeq: 4, auditId: target, problem: "row_altered" } });
  const cli = await runAuditVerify(broken.db);
  assert.equal(cli.exitCode, 1);
  assert.equal(cli.lines[0], `audit verify: BROKEN at chain_seq 4 (audit id ${target}): row_altered`);
});

test("changing only the actor of one row, or its time by one microsecond, is detected at that row", async () => {
  const broken = await brokenCopy(8);
  await tamper(broken.db, "audit_log", `update audit_log set actor_name = 'someone else' where id = ${broken.ids[6]}`);
  assert.deepEqual(await verify(broken.db), { ok: false, checked: 6, firstBroken: { chainSeq: 7, auditId: broken.ids[6], problem: "row_altered" } });
  await tamper(broken.db, "audit_log", `update audit_log set occurred_at = occurred_at + interval '1 microsecond' where id = ${broken.ids[2]}`);
  // Two rows altered: verification names the first in chain order.
  assert.deepEqual(await verify(broken.db), { ok: false, checked: 2, firstBroken: { chainSeq: 3, auditId: broken.ids[2], problem: "row_altered" } });
});

test("a deleted audit row is named as row_deleted", async () => {
  const broken = await brokenCopy(6);
  await tamper(broken.db, "audit_log", `delete from audit_log where id = ${broken.ids[4]}`);
  assert.deepEqual(await verify(broken.db), { ok: false, checked: 4, firstBroken: { chainSeq: 5, auditId: broken.ids[4], problem: "row_deleted" } });
  const cli = await runAuditVerify(broken.db);
  assert.equal(cli.lines[0], `audit verify: BROKEN at chain_seq 5 (audit id ${broken.ids[4]}): row_deleted`);
});

test("a seal removed from the chain is a chain_gap; a seal pointing elsewhere is link_broken", async () => {
  const gap = await brokenCopy(6);
  await tamper(gap.db, "audit_seal", "delete from audit_seal where chain_seq = 3");
  // Verification reseals the orphaned row at the end, but the hole at 3 remains.
  assert.deepEqual(await verify(gap.db), { ok: false, checked: 2, firstBroken: { chainSeq: 4, auditId: gap.ids[3], problem: "chain_gap" } });
  const link = await brokenCopy(6);
  await tamper(link.db, "audit_seal", `update audit_seal set previous_hash = '${"f".repeat(64)}' where chain_seq = 2`);
  assert.deepEqual(await verify(link.db), { ok: false, checked: 1, firstBroken: { chainSeq: 2, auditId: link.ids[1], problem: "link_broken" } });
});
