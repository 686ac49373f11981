// The fixture of the record-to-report permission matrix: the close fixture (accounts, rules,
// policies) plus one real user per role, a draft manual journal and the March period.
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../../core/db/client";
import { inTransaction } from "../../../core/db/transaction";
import { createUser, ROLES, SYSTEM_ACTOR, type Actor, type Role } from "../../../core/governance";
import { fiscalPeriod } from "../../../core/ledger/schema";
import { createMaster } from "../../../core/masters";
import { createCloseFixture, type CloseFixture } from "../ledger/close-fixture";

export type ClosePermissionFixture = CloseFixture & { actors: Record<Role, Actor>; marchId: number; aprilId: number; customerId: number };

export async function buildClosePermissionFixture(db: Db): Promise<ClosePermissionFixture> {
  const base = await createCloseFixture(db, "PX");
  const actors = await inTransaction(db, async (tx) => {
    const entries = [];
    for (const role of ROLES) {
      const created = await createUser(tx, SYSTEM_ACTOR, { username: `px.role.${role}`, displayName: role, password: "close-test-password", roles: [role] });
      entries.push([role, { userId: created.id, username: created.username, roles: created.roles }] as const);
    }
    return Object.fromEntries(entries) as unknown as Record<Role, Actor>;
  });
  const customerId = await inTransaction(db, async (tx) => {
    await tx.execute(sql`insert into payment_term (code, name, due_days) values ('NET30', 'Net 30 days', 30) on conflict do nothing`);
    const row = await createMaster(tx, SYSTEM_ACTOR, "customer", { entityId: base.entityId, code: "PX-CUST", name: "Rebate customer", currency: "USD", paymentTermCode: "NET30" });
    return row.id;
  });
  const periods = await db.select().from(fiscalPeriod).where(and(eq(fiscalPeriod.entityId, base.entityId)));
  const byCode = new Map(periods.map((p) => [p.code, p.id]));
  return { ...base, actors, customerId, marchId: byCode.get("2026-03")!, aprilId: byCode.get("2026-04")! };
}
