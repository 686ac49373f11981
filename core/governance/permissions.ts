import { DomainError, SharedError } from "../shared/errors";

export const ROLES = ["admin", "executive", "controller", "planner", "sales", "buyer", "warehouse"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  "masters:read",
  "masters.items:write",
  "masters.customers:write",
  "masters.suppliers:write",
  "masters.warehouses:write",
  "masters.prices:write",
  "masters.finance:write",
  "ledger:read",
  "ledger:post",
  "ledger.periods:manage",
  "inventory:read",
  "inventory:write",
  "users:manage",
  "audit:read",
  "approvals:submit",
  "approvals:decide",
  "governance.policies:manage",
  "governance.sod:manage",
  "exceptions:read",
  "exceptions:manage",
  "payments:approve",
  "inventory.adjustments:approve",
  "sales:read",
  "sales:write",
  "sales.credit:release",
  "sales.receivables:write",
  "purchasing:read",
  "purchasing:write",
  "payables:write",
  "planning:write",
  "anomalies:review",
  "analytics:read",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ALL: readonly Permission[] = PERMISSIONS;

/** What each role may do; checked in core commands, not only in the UI. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: ALL,
  executive: ["masters:read", "ledger:read", "inventory:read", "audit:read", "approvals:submit", "approvals:decide", "exceptions:read", "sales:read", "purchasing:read", "analytics:read"],
  controller: [
    "masters:read", "masters.finance:write", "ledger:read", "ledger:post", "ledger.periods:manage",
    "inventory:read", "audit:read", "approvals:submit", "approvals:decide", "exceptions:read", "exceptions:manage",
    "payments:approve", "inventory.adjustments:approve", "sales:read", "sales.credit:release", "sales.receivables:write",
    "purchasing:read", "payables:write", "anomalies:review", "analytics:read",
  ],
  planner: ["masters:read", "masters.items:write", "inventory:read", "approvals:submit", "approvals:decide", "exceptions:read", "exceptions:manage",
    "sales:read", "purchasing:read", "planning:write", "analytics:read"],
  sales: ["masters:read", "masters.customers:write", "masters.prices:write", "inventory:read", "approvals:submit", "approvals:decide", "exceptions:read", "exceptions:manage",
    "sales:read", "sales:write", "purchasing:read"],
  buyer: ["masters:read", "masters.suppliers:write", "inventory:read", "inventory:write", "approvals:submit", "approvals:decide", "exceptions:read", "exceptions:manage",
    "sales:read", "purchasing:read", "purchasing:write", "payables:write"],
  warehouse: ["masters:read", "masters.warehouses:write", "inventory:read", "inventory:write", "approvals:submit", "approvals:decide", "exceptions:read", "exceptions:manage",
    "sales:read", "purchasing:read"],
};

/** Who is acting: a signed-in user, or the system itself (demo load, jobs, migrations). */
export type Actor = {
  userId: number | null;
  username: string;
  roles: readonly Role[];
};

export const SYSTEM_ACTOR: Actor = { userId: null, username: "system", roles: ["admin"] };

export function permissionsOf(actor: Actor): Set<Permission> {
  const granted = new Set<Permission>();
  for (const role of actor.roles) for (const permission of ROLE_PERMISSIONS[role]) granted.add(permission);
  return granted;
}

export function hasPermission(actor: Actor, permission: Permission): boolean {
  return permissionsOf(actor).has(permission);
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (hasPermission(actor, permission)) return;
  throw new DomainError(
    SharedError.FORBIDDEN,
    "forbidden",
    `${actor.username} lacks the permission ${permission}`,
    { permission, username: actor.username },
  );
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
