import { ROLE_PERMISSIONS, type Permission, type Role } from "../permissions";

/** The role that holds every permission: never blocked by a rule, but every conflict it brings is reported. */
export const SUPERUSER_ROLE: Role = "admin";

export const SOD_MODES = ["block", "review"] as const;
export type SodMode = (typeof SOD_MODES)[number];

/** Two permissions one user must not hold together: block refuses the assignment, review allows it and raises a compensating review. */
export type SodRuleDefinition = {
  permissionA: Permission;
  permissionB: Permission;
  mode: SodMode;
  description: string;
};

/**
 * The conflict matrix Keel installs. There is no separate credit-release permission yet
 * (credit releases are decided through approvals:decide, which every role holds), so the
 * customer analogue of "creates suppliers × approves their payments" cannot be expressed.
 */
export const DEFAULT_SOD_RULES: readonly SodRuleDefinition[] = [
  { permissionA: "masters.suppliers:write", permissionB: "payments:approve", mode: "block",
    description: "creating suppliers and approving supplier payments" },
  { permissionA: "inventory:write", permissionB: "inventory.adjustments:approve", mode: "block",
    description: "posting adjustments and approving them" },
  { permissionA: "ledger:post", permissionB: "ledger.periods:manage", mode: "review",
    description: "posting journal entries and closing or reopening the periods they post into" },
  { permissionA: "masters.finance:write", permissionB: "payments:approve", mode: "review",
    description: "maintaining finance master data (accounts, terms) and approving payments" },
];

export type SodConflict = {
  permissionA: Permission;
  permissionB: Permission;
  mode: SodMode;
  description: string;
  /** The roles of the user that grant each side. */
  rolesGrantingA: Role[];
  rolesGrantingB: Role[];
  /** True when the user holds the superuser role: reported, never blocked. */
  superuser: boolean;
  /** True when the conflict exists without the superuser role too (the ordinary roles conflict). */
  outsideSuperuser: boolean;
};

function granting(roles: readonly Role[], permission: Permission): Role[] {
  return roles.filter((role) => ROLE_PERMISSIONS[role].includes(permission));
}

/** Every rule the roles together break. Pure: the caller passes the rules in force. */
export function sodConflictsFor(roles: readonly Role[], rules: readonly SodRuleDefinition[]): SodConflict[] {
  const held = [...new Set(roles)];
  const superuser = held.includes(SUPERUSER_ROLE);
  const ordinary = held.filter((role) => role !== SUPERUSER_ROLE);
  const conflicts: SodConflict[] = [];
  for (const rule of rules) {
    const rolesGrantingA = granting(held, rule.permissionA);
    const rolesGrantingB = granting(held, rule.permissionB);
    if (rolesGrantingA.length === 0 || rolesGrantingB.length === 0) continue;
    const outsideSuperuser = granting(ordinary, rule.permissionA).length > 0 && granting(ordinary, rule.permissionB).length > 0;
    conflicts.push({ ...rule, rolesGrantingA, rolesGrantingB, superuser, outsideSuperuser });
  }
  return conflicts;
}

/** The same key for A×B and B×A: a pair is unordered. */
export function conflictKey(conflict: Pick<SodConflict, "permissionA" | "permissionB">): string {
  const { permissionA: a, permissionB: b } = conflict;
  return a < b ? `${a}×${b}` : `${b}×${a}`;
}

/** Conflicts of the roles after a change that the roles before it did not have. */
export function newConflicts(rolesBefore: readonly Role[], rolesAfter: readonly Role[], rules: readonly SodRuleDefinition[]): SodConflict[] {
  const existing = new Set(sodConflictsFor(rolesBefore, rules).map(conflictKey));
  return sodConflictsFor(rolesAfter, rules).filter((conflict) => !existing.has(conflictKey(conflict)));
}

/** A block conflict refuses the change unless the user is a superuser. */
export function isBlocking(conflict: SodConflict): boolean {
  return conflict.mode === "block" && !conflict.superuser;
}

export function describeConflict(conflict: SodConflict): string {
  const a = `${conflict.permissionA} (granted by ${conflict.rolesGrantingA.join(", ")})`;
  const b = `${conflict.permissionB} (granted by ${conflict.rolesGrantingB.join(", ")})`;
  return `${a} × ${b}: ${conflict.description} [${conflict.mode}${conflict.superuser ? ", superuser" : ""}]`;
}
