import { hasPermission, type Actor, type Permission } from "../../core/governance";

export type NavItem = { href: string; label: string; permission: Permission | null };

/** The navigation; each entry shows only to users whose roles grant its permission. */
export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/", label: "Home", permission: null },
  { href: "/items", label: "Items", permission: "masters:read" },
  { href: "/customers", label: "Customers", permission: "masters:read" },
  { href: "/suppliers", label: "Suppliers", permission: "masters:read" },
  { href: "/warehouses", label: "Warehouses", permission: "masters:read" },
  { href: "/stock", label: "Stock on hand", permission: "inventory:read" },
  { href: "/ledger/trial-balance", label: "Trial balance", permission: "ledger:read" },
  { href: "/ledger/entries", label: "Journal", permission: "ledger:read" },
  { href: "/masters", label: "Masters admin", permission: "masters:read" },
  { href: "/approvals", label: "Approvals", permission: "approvals:submit" },
  { href: "/exceptions", label: "Exceptions", permission: "exceptions:read" },
  // Governance section: the nav links under /governance/ are grouped under one heading.
  { href: "/governance/notifications", label: "Notifications", permission: null },
  { href: "/governance/delegations", label: "Delegations", permission: "approvals:decide" },
  { href: "/governance/policies", label: "Approval policies", permission: "governance.policies:manage" },
  { href: "/governance/audit", label: "Audit log", permission: "audit:read" },
  { href: "/governance/sod", label: "SoD report", permission: "audit:read" },
  { href: "/governance/cycle-times", label: "Cycle times", permission: "audit:read" },
];

export function navFor(actor: Actor): NavItem[] {
  return NAV_ITEMS.filter((item) => item.permission === null || hasPermission(actor, item.permission));
}
