import { hasPermission, type Actor, type Permission } from "../../core/governance";

export type NavItem = { href: string; label: string; permission: Permission | null; section?: string };

/** The navigation; each entry shows only to users whose roles grant its permission. */
export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/", label: "Home", permission: null },
  { href: "/dashboard", label: "Executive dashboard", permission: "analytics:read" },
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
  { href: "/sales/risk", label: "Late-fulfilment risk", permission: "sales:read", section: "Sales" },
  { href: "/purchasing/planning", label: "Planner workbench", permission: "purchasing:read", section: "Purchasing" },
  // Finance section: statements per entity and consolidated, intercompany reconciliation.
  { href: "/reports", label: "Financial reports", permission: "ledger:read", section: "Finance" },
  { href: "/reports/consolidated", label: "Consolidated statements", permission: "ledger:read", section: "Finance" },
  { href: "/reports/intercompany", label: "Intercompany", permission: "ledger:read", section: "Finance" },
  { href: "/close", label: "Period close", permission: "ledger:read", section: "Finance" },
  { href: "/ledger/journals", label: "Manual journals", permission: "ledger:read", section: "Finance" },
  { href: "/finance/collections-risk", label: "Collections risk", permission: "ledger:read", section: "Finance" },
  // Purchasing section: procure-to-pay and inventory control, each page shown to the roles whose permission it needs.
  { href: "/purchasing/orders", label: "Purchase orders", permission: "purchasing:read", section: "Purchasing" },
  { href: "/purchasing/orders/new", label: "New purchase order", permission: "purchasing:write", section: "Purchasing" },
  { href: "/purchasing/receiving", label: "Receiving", permission: "inventory:write", section: "Purchasing" },
  { href: "/purchasing/invoices", label: "Supplier invoices", permission: "purchasing:read", section: "Purchasing" },
  { href: "/purchasing/invoices?status=match_exception", label: "Match exceptions", permission: "payables:write", section: "Purchasing" },
  { href: "/purchasing/payment-runs", label: "Payment runs", permission: "payables:write", section: "Purchasing" },
  { href: "/purchasing/ap-aging", label: "AP aging", permission: "purchasing:read", section: "Purchasing" },
  { href: "/inventory/transfers", label: "Transfers", permission: "inventory:read", section: "Purchasing" },
  { href: "/inventory/counts", label: "Cycle counts", permission: "inventory:read", section: "Purchasing" },
  { href: "/governance/notifications", label: "Notifications", permission: null, section: "Governance" },
  { href: "/governance/delegations", label: "Delegations", permission: "approvals:decide", section: "Governance" },
  { href: "/governance/policies", label: "Approval policies", permission: "governance.policies:manage", section: "Governance" },
  { href: "/governance/audit", label: "Audit log", permission: "audit:read", section: "Governance" },
  { href: "/governance/sod", label: "SoD report", permission: "audit:read", section: "Governance" },
  { href: "/governance/cycle-times", label: "Cycle times", permission: "audit:read", section: "Governance" },
  { href: "/anomalies", label: "Anomaly review", permission: "anomalies:review", section: "Governance" },
  { href: "/masters/merges", label: "Duplicate merges", permission: "masters:read", section: "Governance" },
];

export function navFor(actor: Actor): NavItem[] {
  return NAV_ITEMS.filter((item) => item.permission === null || hasPermission(actor, item.permission));
}
