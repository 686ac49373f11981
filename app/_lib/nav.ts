import { hasPermission, type Actor, type Permission } from "../../core/governance";

export type NavItem = { href: string; label: string; permission: Permission | null; section?: string };

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
  // Sales section: quote-to-cash, each page shown to the roles whose permission it needs.
  { href: "/sales/orders", label: "Sales orders", permission: "sales:read", section: "Sales" },
  { href: "/sales/orders/new", label: "New order", permission: "sales:write", section: "Sales" },
  { href: "/sales/quotes", label: "Quotes", permission: "sales:read", section: "Sales" },
  { href: "/sales/backorders", label: "Backorders", permission: "sales:read", section: "Sales" },
  { href: "/sales/credit-holds", label: "Credit holds", permission: "sales:read", section: "Sales" },
  { href: "/sales/shipping", label: "Shipping", permission: "inventory:write", section: "Sales" },
  { href: "/sales/invoices", label: "Invoices", permission: "sales:read", section: "Sales" },
  { href: "/sales/payments", label: "Payments", permission: "sales.receivables:write", section: "Sales" },
  { href: "/sales/ar-aging", label: "AR aging", permission: "sales:read", section: "Sales" },
  { href: "/sales/returns", label: "Returns", permission: "sales:read", section: "Sales" },
  { href: "/governance/notifications", label: "Notifications", permission: null, section: "Governance" },
  { href: "/governance/delegations", label: "Delegations", permission: "approvals:decide", section: "Governance" },
  { href: "/governance/policies", label: "Approval policies", permission: "governance.policies:manage", section: "Governance" },
  { href: "/governance/audit", label: "Audit log", permission: "audit:read", section: "Governance" },
  { href: "/governance/sod", label: "SoD report", permission: "audit:read", section: "Governance" },
  { href: "/governance/cycle-times", label: "Cycle times", permission: "audit:read", section: "Governance" },
];

export function navFor(actor: Actor): NavItem[] {
  return NAV_ITEMS.filter((item) => item.permission === null || hasPermission(actor, item.permission));
}
