// Proves the minute job seals new audit rows into the hash chain, and that
// `npm run keel -- audit verify` passes on an intact log and names the first broken row
// (exit code 1) after a row is altered directly in the database.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { sql } from "drizzle-orm";
import { inTransaction } from "../../core/db/transaction";
import { SYSTEM_ACTOR, createUser } from "../../core/governance";
import { sealAuditLogJob } from "../../jobs/definitions";
import { createConsoleLogger } from "../../jobs/log";
import { useTestDatabase } from "../support/database";

const { db, url } = await useTestDatabase();

function keel(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/keel.ts", ...args], {
    cwd: process.cwd(), env: { ...process.env, DATABASE_URL: url }, encoding: "utf8", timeout: 120_000,
  });
}

test("the seal job chains every audit row written so far", async () => {
  for (const username of ["ann", "bob", "cyd"]) {
    await inTransaction(db, (tx) => createUser(tx, SYSTEM_ACTOR, { username, displayName: username, password: "long enough pw", roles: ["planner"] }));
  }
  const result = await sealAuditLogJob.run({ db, log: createConsoleLogger({ prefix: "[seal-test]" }) }, {}) as { sealed: number };
  assert.ok(result.sealed >= 3);
  const [row] = await db.execute<{ unsealed: number }>(sql`select count(*)::int as unsealed from audit_log a where not exists (select 1 from audit_seal s where s.audit_id = a.id)`);
  assert.equal(row?.unsealed, 0);
});

test("audit verify passes on an intact log and names the first altered row", async () => {
  const intact = keel("audit", "verify");
  assert.equal(intact.status, 0, intact.stderr);
  assert.match(intact.stdout, /audit verify: OK, \d+ rows/);

  const [target] = await db.execute<{ id: string; chain_seq: string }>(sql`select a.id::text, s.chain_seq::text from audit_log a join audit_seal s on s.audit_id = a.id order by s.chain_seq limit 1 offset 1`);
  await db.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
  await db.execute(sql`update audit_log set actor_name = 'mallory' where id = ${Number(target!.id)}`);
  await db.execute(sql`alter table audit_log enable trigger audit_log_append_only`);

  const broken = keel("audit", "verify");
  assert.equal(broken.status, 1);
  assert.match(broken.stdout, new RegExp(`BROKEN at chain_seq ${target!.chain_seq} \\(audit id ${target!.id}\\): row_altered`));
});
