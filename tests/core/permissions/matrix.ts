// The permission matrix: one row per core command or query, with valid input and the rule that
// says who may run it. runMatrix turns each row into one subtest per role, each in its own
// transaction that is always rolled back: a role the rule allows must succeed; every other role
// must get a typed DomainError (AUTH_FORBIDDEN, 403, unless the row names another refusal) and
// leave every public table exactly as it was (row count and content hash of each table).
import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "drizzle-orm";
import type { Db, Tx } from "../../../core/db/client";
import { ROLES, ROLE_PERMISSIONS, type Actor, type Permission, type Role } from "../../../core/governance/permissions";
import { isDomainError, SharedError } from "../../../core/shared/errors";
import { withRollback } from "../../support/database";

/** A refusal other than the plain AUTH_FORBIDDEN 403: a role-based rule, or change control. */
export type Refusal = { code: string; status: number };

export type PermissionCase<F, P = unknown> = {
  /** Shown in test names, e.g. "createMaster(item)". */
  name: string;
  /** The plain rule: holders of this permission succeed, everyone else gets AUTH_FORBIDDEN 403. */
  permission?: Permission;
  /** The roles that succeed, when the rule is more than one permission (owner roles, requester…). */
  allowed?: readonly Role[];
  /** Roles refused with another typed error; every role not allowed and not listed gets AUTH_FORBIDDEN 403. */
  refusedWith?: Partial<Record<Role, Refusal>>;
  /** Runs first, inside the same rolled-back transaction (a request to decide, a rule to switch off). */
  prepare?: (tx: Tx, fixture: F) => Promise<P>;
  run: (tx: Tx, actor: Actor, fixture: F, prepared: P) => Promise<unknown>;
  /** Optional assertions on a successful result (e.g. applied for an owner, pending for others). */
  check?: (result: any, role: Role, fixture: F, prepared: P) => void;
};

export type Expectation = { kind: "ok" } | ({ kind: "refused" } & Refusal);

export const FORBIDDEN: Refusal = { code: SharedError.FORBIDDEN, status: 403 };

export function rolesHolding(permission: Permission): Role[] {
  return ROLES.filter((role) => ROLE_PERMISSIONS[role].includes(permission));
}

export function expectationFor<F, P>(row: PermissionCase<F, P>, role: Role): Expectation {
  assert.ok((row.permission === undefined) !== (row.allowed === undefined), `${row.name}: give exactly one of permission and allowed`);
  const special = row.refusedWith?.[role];
  if (special) return { kind: "refused", ...special };
  const allowed = row.allowed ?? rolesHolding(row.permission!);
  return allowed.includes(role) ? { kind: "ok" } : { kind: "refused", ...FORBIDDEN };
}

export function label(expectation: Expectation): string {
  if (expectation.kind === "ok") return "ok";
  return expectation.code === FORBIDDEN.code ? String(expectation.status) : `${expectation.status} ${expectation.code}`;
}

/** One statement that counts and hashes every base table of the public schema, built once per database. */
async function snapshotStatement(db: Db | Tx): Promise<string> {
  const tables = await db.execute<{ name: string }>(sql`select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`);
  assert.ok(tables.length > 10, `expected the migrated schema, found ${tables.length} tables`);
  return tables.map(({ name }) => {
    const quoted = `"${name.replaceAll('"', '""')}"`;
    return `select '${name}' as name, count(*)::int as n, md5(coalesce(string_agg(r::text, '|' order by r::text), '')) as hash from ${quoted} r`;
  }).join("\nunion all ");
}

let statement: string | null = null;

/** Row count and content hash of every public table, as this transaction sees them. */
export async function tableSnapshot(tx: Tx): Promise<Record<string, string>> {
  statement ??= await snapshotStatement(tx);
  const rows = await tx.execute<{ name: string; n: number; hash: string }>(sql.raw(statement));
  return Object.fromEntries(rows.map((row) => [row.name, `${row.n} rows ${row.hash}`]));
}

function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys({ ...before, ...after }).filter((name) => before[name] !== after[name])
    .map((name) => `${name}: ${before[name] ?? "-"} → ${after[name] ?? "-"}`);
}

async function expectRefusal(tx: Tx, call: () => Promise<unknown>, refusal: Refusal): Promise<void> {
  const before = await tableSnapshot(tx);
  let caught: unknown = null;
  try {
    await call();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught !== null, `expected ${refusal.code} ${refusal.status}, but the call succeeded`);
  assert.ok(isDomainError(caught), `expected a DomainError ${refusal.code}, got ${String(caught)}`);
  assert.equal(caught.code, refusal.code, caught.message);
  assert.equal(caught.httpStatus, refusal.status, caught.message);
  assert.deepEqual(changedTables(before, await tableSnapshot(tx)), [], "a refused call must change nothing");
}

async function expectSuccess(call: () => Promise<unknown>): Promise<unknown> {
  try {
    return await call();
  } catch (error) {
    const detail = isDomainError(error) ? `${error.code} (${error.httpStatus}): ${error.userMessage}` : String(error);
    assert.fail(`expected success, got ${detail}`);
  }
}

/** Runs one row as one role in a rolled-back transaction and asserts the expected outcome. */
export async function checkRole<F>(db: Db, row: PermissionCase<F, any>, role: Role, fixture: F, actor: Actor): Promise<void> {
  const expectation = expectationFor(row, role);
  await withRollback(db, async (tx) => {
    const prepared = row.prepare ? await row.prepare(tx, fixture) : undefined;
    const call = () => row.run(tx, actor, fixture, prepared);
    if (expectation.kind === "refused") return expectRefusal(tx, call, expectation);
    // Not row.check?.(await …): an optional call skips evaluating its arguments when check is absent.
    const result = await expectSuccess(call);
    row.check?.(result, role, fixture, prepared);
  });
}

/** Registers one test per row, with one subtest per role named "<row> as <role> → <expectation>". */
export function runMatrix<F>(db: Db, fixture: () => F, actorOf: (role: Role) => Actor, rows: readonly PermissionCase<F, any>[]): void {
  const names = new Set<string>();
  for (const row of rows) {
    assert.ok(!names.has(row.name), `duplicate matrix row ${row.name}`);
    names.add(row.name);
    test(row.name, async (t) => {
      for (const role of ROLES) {
        await t.test(`${row.name} as ${role} → ${label(expectationFor(row, role))}`, () => checkRole(db, row, role, fixture(), actorOf(role)));
      }
    });
  }
}
