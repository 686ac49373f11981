import { asc, eq } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { assert } from "../../shared/assert";
import { isRole, type Actor, type Role } from "../permissions";
import { requireSodReader } from "./access";
import { appUser, userRole } from "../schema";
import { SUPERUSER_ROLE, sodConflictsFor, type SodConflict } from "./rules";
import { rulesInForce } from "./store";

export const SOD_REPORT_USERS_MAX = 10_000;

export type SodReportRow = {
  userId: number;
  username: string;
  displayName: string;
  active: boolean;
  roles: Role[];
  /** Holds the superuser role: every conflict is reported, none is blocked. */
  superuser: boolean;
  conflicts: SodConflict[];
};

type UserRoles = { userId: number; username: string; displayName: string; active: boolean; roles: Role[] };

async function usersWithRoles(tx: Tx): Promise<UserRoles[]> {
  const rows = await tx.select({ userId: appUser.id, username: appUser.username, displayName: appUser.displayName, active: appUser.active, role: userRole.role })
    .from(userRole).innerJoin(appUser, eq(appUser.id, userRole.userId))
    .orderBy(asc(appUser.username), asc(userRole.role)).limit(SOD_REPORT_USERS_MAX);
  assert(rows.length < SOD_REPORT_USERS_MAX, `the SoD report reads at most ${SOD_REPORT_USERS_MAX - 1} role assignments`);
  const byUser = new Map<number, UserRoles>();
  for (const row of rows) {
    const user = byUser.get(row.userId) ?? { userId: row.userId, username: row.username, displayName: row.displayName, active: row.active, roles: [] };
    if (isRole(row.role)) user.roles.push(row.role);
    byUser.set(row.userId, user);
  }
  return [...byUser.values()];
}

/**
 * Every user (active or not) whose roles break a rule in force: the roles, each conflicting
 * pair with its mode, and which roles grant each side. Admins appear flagged as superusers.
 */
export async function sodConflictReport(tx: Tx, actor: Actor): Promise<SodReportRow[]> {
  requireSodReader(actor);
  const rules = await rulesInForce(tx);
  const report: SodReportRow[] = [];
  for (const user of await usersWithRoles(tx)) {
    const conflicts = sodConflictsFor(user.roles, rules);
    if (conflicts.length === 0) continue;
    report.push({ ...user, superuser: user.roles.includes(SUPERUSER_ROLE), conflicts });
  }
  return report;
}
