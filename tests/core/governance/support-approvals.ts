// Helpers for the approval engine tests: real users made with createUser, a handler that
// writes counters into app_setting (so a test can count how often a payload applied), and
// snapshots of the governance tables to show that a refused command changed nothing.
import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "../../../core/db/client";
import { inTransaction } from "../../../core/db/transaction";
import { SYSTEM_ACTOR, createUser, type Actor, type Role } from "../../../core/governance";
import { appSetting } from "../../../core/db/schema";
import { registerApprovalHandler, type ApprovalKind, type ApprovalRequestRow } from "../../../core/governance/approvals";

export const TEST_PASSWORD = "approvals-test-password";

export async function makeUser(db: Db, username: string, roles: Role[]): Promise<Actor> {
  const created = await inTransaction(db, (tx) => createUser(tx, SYSTEM_ACTOR, {
    username, displayName: `${username[0]!.toUpperCase()}${username.slice(1)}`, password: TEST_PASSWORD, roles,
  }));
  return { userId: created.id, username: created.username, roles: created.roles };
}

async function bump(tx: Tx, key: string): Promise<void> {
  await tx.execute(sql`insert into app_setting (key, value) values (${key}, '1')
    on conflict (key) do update set value = (app_setting.value::int + 1)::text`);
}

/** The test "document": app_setting doc:<subjectId> holds its value; the payload's newValue replaces it on approval. */
export function registerCountingHandler(kind: ApprovalKind): void {
  registerApprovalHandler(kind, {
    async onApproved(tx: Tx, _actor: Actor, request: ApprovalRequestRow) {
      const payload = request.payload as { newValue?: string } | null;
      await bump(tx, `applied:${request.id}`);
      if (payload?.newValue !== undefined) {
        await tx.insert(appSetting).values({ key: `doc:${request.subjectId}`, value: payload.newValue })
          .onConflictDoUpdate({ target: appSetting.key, set: { value: payload.newValue } });
      }
    },
    async onRejected(tx: Tx, _actor: Actor, request: ApprovalRequestRow) {
      await bump(tx, `rejected:${request.id}`);
    },
    async onCancelled(tx: Tx, _actor: Actor, request: ApprovalRequestRow) {
      await bump(tx, `cancelled:${request.id}`);
    },
  });
}

export async function setting(db: Db, key: string): Promise<string | null> {
  const [row] = await db.select().from(appSetting).where(eq(appSetting.key, key));
  return row?.value ?? null;
}

/** How many times the counting handler applied a request (0 when never). */
export async function appliedCount(db: Db, requestId: number): Promise<number> {
  return Number((await setting(db, `applied:${requestId}`)) ?? 0);
}

export async function setDocument(db: Db, subjectId: string, value: string): Promise<void> {
  await db.insert(appSetting).values({ key: `doc:${subjectId}`, value }).onConflictDoUpdate({ target: appSetting.key, set: { value } });
}

/** Row counts and states of everything the engine writes, to show a refused command changed nothing. */
export async function governanceSnapshot(db: Db): Promise<Record<string, string>> {
  const [row] = await db.execute<Record<string, string>>(sql`select
    (select count(*) from approval_request)::text as requests,
    (select string_agg(id || ':' || status || ':' || coalesce(applied_at::text, '-'), ',' order by id) from approval_request) as request_states,
    (select count(*) from approval_step)::text as steps,
    (select string_agg(id || ':' || status || ':' || coalesce(decided_by_user_id::text, '-'), ',' order by id) from approval_step) as step_states,
    (select count(*) from notification)::text as notifications,
    (select count(*) from audit_log)::text as audits,
    (select count(*) from approval_policy)::text as policies,
    (select count(*) from approval_delegation)::text as delegations,
    (select string_agg(key || '=' || value, ',' order by key) from app_setting) as settings`);
  return { ...row };
}

export function hoursFrom(base: Date, hours: number): Date {
  return new Date(base.getTime() + hours * 3_600_000);
}
