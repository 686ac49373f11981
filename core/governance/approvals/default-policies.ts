// The policies a new Keel installation starts with: one per approval kind, tuned for a
// wholesale distributor. Amounts are base-currency minor units (500000 = 5,000.00).
// Admins replace them with new versions in the policy editor; installDefaultPolicies never
// overwrites a kind that already has a policy.
import type { ApprovalKind, PolicyRule, PolicyStep } from "./types";

export type DefaultPolicy = { name: string; rules: PolicyRule[] };

const step = (approverRole: NonNullable<PolicyStep["approverRole"]>, timeLimitHours: number, extra: Partial<PolicyStep> = {}): PolicyStep =>
  ({ approverRole, timeLimitHours, escalateToRole: "admin", ...extra });

/** Master-data kinds by the role that owns them (issue 4: sales, purchasing, supply chain, finance). */
const SALES_MASTERS = ["customer", "customerGroup", "customerShipTo", "priceList", "priceListLine", "customerPrice"];
const PURCHASING_MASTERS = ["supplier"];
const SUPPLY_CHAIN_MASTERS = ["item", "itemCategory", "itemUomConversion", "unitOfMeasure"];
const WAREHOUSE_MASTERS = ["warehouse", "location"];
const FINANCE_MASTERS = ["account", "paymentTerm", "taxCode", "currency", "exchangeRate", "legalEntity"];
const SUPPLIER_BANK_FIELDS = ["bankName", "bankAccountNumber", "bankRoutingCode"];

export const DEFAULT_POLICIES: Record<ApprovalKind, DefaultPolicy> = {
  pricing_override: { name: "Price overrides", rules: [
    { name: "Small concession for a key account",
      when: [{ fact: "marginImpactBps", op: "lt", value: 200 }, { fact: "customerTier", op: "in", value: ["platinum", "gold"] }],
      outcome: { type: "auto_approve", reason: "margin impact under 2% for a platinum or gold customer" } },
    { name: "Sales review, controller above 5,000", when: [],
      outcome: { type: "chain", steps: [step("sales", 24, { escalateToRole: "controller" }), step("controller", 48, { thresholdMinor: "500000" })] } },
  ] },
  credit_release: { name: "Credit hold releases", rules: [
    { name: "Small release for a key account",
      when: [{ fact: "amountMinor", op: "lt", value: "100000" }, { fact: "customerTier", op: "in", value: ["platinum", "gold"] }],
      outcome: { type: "auto_approve", reason: "release under 1,000 for a platinum or gold customer" } },
    { name: "Controller, admin above 50,000", when: [],
      outcome: { type: "chain", steps: [step("controller", 8), step("admin", 24, { thresholdMinor: "5000000" })] } },
  ] },
  purchase_order: { name: "Purchase orders", rules: [
    { name: "Routine purchase", when: [{ fact: "amountMinor", op: "lt", value: "250000" }],
      outcome: { type: "auto_approve", reason: "purchase order under 2,500" } },
    { name: "Buyer then controller, executive above 100,000", when: [],
      outcome: { type: "chain", steps: [
        step("buyer", 24, { escalateToRole: "controller" }), step("controller", 48), step("executive", 72, { thresholdMinor: "10000000" }),
      ] } },
  ] },
  inventory_adjustment: { name: "Inventory adjustments", rules: [
    // amountMinor is the absolute value of the adjustment at cost.
    { name: "Small variance", when: [{ fact: "amountMinor", op: "lt", value: "50000" }],
      outcome: { type: "auto_approve", reason: "adjustment value under 500" } },
    { name: "Controller", when: [], outcome: { type: "chain", steps: [step("controller", 24)] } },
  ] },
  return_authorization: { name: "Return authorizations", rules: [
    { name: "Small return", when: [{ fact: "amountMinor", op: "lt", value: "20000" }],
      outcome: { type: "auto_approve", reason: "return under 200" } },
    { name: "Sales, controller above 5,000", when: [],
      outcome: { type: "chain", steps: [step("sales", 24, { escalateToRole: "controller" }), step("controller", 48, { thresholdMinor: "500000" })] } },
  ] },
  intercompany_transfer: { name: "Intercompany transfers", rules: [
    { name: "Controller", when: [], outcome: { type: "chain", steps: [step("controller", 48)] } },
  ] },
  journal_exception: { name: "Journal exceptions", rules: [
    { name: "Controller", when: [], outcome: { type: "chain", steps: [step("controller", 24)] } },
  ] },
  master_data_change: { name: "Master-data changes", rules: [
    { name: "Customer credit limit or terms",
      when: [{ fact: "masterKind", op: "eq", value: "customer" }, { fact: "fields", op: "contains", value: ["creditLimitMinor", "paymentTermCode"] }],
      outcome: { type: "chain", steps: [step("sales", 24, { escalateToRole: "controller" }), step("controller", 48)] } },
    { name: "Supplier bank details or terms",
      when: [{ fact: "masterKind", op: "eq", value: "supplier" }, { fact: "fields", op: "contains", value: [...SUPPLIER_BANK_FIELDS, "paymentTermCode"] }],
      outcome: { type: "chain", steps: [step("buyer", 24, { escalateToRole: "controller" }), step("controller", 48)] } },
    { name: "Customers and prices: sales", when: [{ fact: "masterKind", op: "in", value: SALES_MASTERS }],
      outcome: { type: "chain", steps: [step("sales", 24, { escalateToRole: "controller" })] } },
    { name: "Suppliers: purchasing", when: [{ fact: "masterKind", op: "in", value: PURCHASING_MASTERS }],
      outcome: { type: "chain", steps: [step("buyer", 24, { escalateToRole: "controller" })] } },
    { name: "Items and locations: supply chain", when: [{ fact: "masterKind", op: "in", value: SUPPLY_CHAIN_MASTERS }],
      outcome: { type: "chain", steps: [step("planner", 24, { escalateToRole: "controller" })] } },
    { name: "Warehouses and locations: warehouse", when: [{ fact: "masterKind", op: "in", value: WAREHOUSE_MASTERS }],
      outcome: { type: "chain", steps: [step("warehouse", 24, { escalateToRole: "controller" })] } },
    { name: "Finance masters and account mapping: finance", when: [{ fact: "masterKind", op: "in", value: FINANCE_MASTERS }],
      outcome: { type: "chain", steps: [step("controller", 24)] } },
    { name: "Anything else: controller", when: [], outcome: { type: "chain", steps: [step("controller", 24)] } },
  ] },
  manual_journal: { name: "Manual journals", rules: [
    // amountMinor is the debit total of the journal, base currency.
    { name: "Small manual journal", when: [{ fact: "amountMinor", op: "lt", value: "1000000" }],
      outcome: { type: "auto_approve", reason: "manual journal under 10,000" } },
    { name: "Controller, admin above 250,000", when: [],
      outcome: { type: "chain", steps: [step("controller", 24), step("admin", 48, { thresholdMinor: "25000000" })] } },
  ] },
  period_reopen: { name: "Reopening a closed period", rules: [
    { name: "Controller then admin", when: [], outcome: { type: "chain", steps: [step("controller", 24), step("admin", 24)] } },
  ] },
  payment_run: { name: "Supplier payment runs", rules: [
    { name: "Controller, admin above 100,000", when: [],
      outcome: { type: "chain", steps: [step("controller", 24), step("admin", 24, { thresholdMinor: "10000000" })] } },
  ] },
  // The owner of the master's domain approves merging a duplicate into its survivor.
  master_merge: { name: "Duplicate master-data merges", rules: [
    { name: "Customers: sales", when: [{ fact: "masterKind", op: "eq", value: "customer" }],
      outcome: { type: "chain", steps: [step("sales", 48, { escalateToRole: "controller" })] } },
    { name: "Suppliers: purchasing", when: [{ fact: "masterKind", op: "eq", value: "supplier" }],
      outcome: { type: "chain", steps: [step("buyer", 48, { escalateToRole: "controller" })] } },
    { name: "Items: supply chain", when: [{ fact: "masterKind", op: "eq", value: "item" }],
      outcome: { type: "chain", steps: [step("planner", 48, { escalateToRole: "controller" })] } },
    { name: "Anything else: controller", when: [], outcome: { type: "chain", steps: [step("controller", 48)] } },
  ] },
  role_assignment_review: { name: "Compensating review of conflicting roles", rules: [
    { name: "Admin review", when: [], outcome: { type: "chain", steps: [step("admin", 72)] } },
  ] },
};
