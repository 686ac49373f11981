import type { MasterKind } from "../../masters/types";
import type { Actor, Role } from "../permissions";

/** Account-determination rules live in the ledger but are governed like master data. */
export const ACCOUNT_RULE_KIND = "accountRule";
export type GovernedKind = MasterKind | typeof ACCOUNT_RULE_KIND;

/**
 * The role that owns each master-data domain: sales owns customers and prices, purchasing
 * (buyer) owns suppliers, supply chain owns items (planner) and warehouses and locations
 * (warehouse, the role that holds masters.warehouses:write), finance
 * (controller) owns the chart of accounts, entities, currencies, tax, terms and posting rules.
 */
export const OWNING_ROLE: Readonly<Record<GovernedKind, Role>> = {
  customer: "sales", customerShipTo: "sales", customerGroup: "sales", customerPrice: "sales", priceList: "sales", priceListLine: "sales",
  supplier: "buyer",
  item: "planner", itemCategory: "planner", itemUomConversion: "planner", unitOfMeasure: "planner", warehouse: "warehouse", location: "warehouse",
  account: "controller", legalEntity: "controller", currency: "controller", exchangeRate: "controller", taxCode: "controller",
  paymentTerm: "controller", accountRule: "controller",
};

/**
 * Fields whose change always needs approval, whoever makes it: credit exposure, prices,
 * payment terms and where supplier payments go. Every account-rule change is governed too.
 */
export const GOVERNED_FIELDS: Readonly<Partial<Record<MasterKind, readonly string[]>>> = {
  customer: ["creditLimitMinor", "paymentTermCode"],
  supplier: ["paymentTermCode", "bankName", "bankAccountNumber", "bankRoutingCode"],
  priceListLine: ["unitPriceMinor"],
  customerPrice: ["unitPriceMinor"],
};

/** The system (demo loader, jobs, migrations) acts without a user and is never routed to approval. */
export function isSystemActor(actor: Actor): boolean {
  return actor.userId === null;
}

export function ownsKind(actor: Actor, kind: GovernedKind): boolean {
  return actor.roles.includes(OWNING_ROLE[kind]);
}

/** The governed fields among those changed (all of them for an account rule). */
export function governedFieldsAmong(kind: GovernedKind, fields: readonly string[]): string[] {
  if (kind === ACCOUNT_RULE_KIND) return [...fields];
  const governed = GOVERNED_FIELDS[kind] ?? [];
  return fields.filter((name) => governed.includes(name));
}

export type ChangeRoute =
  | { route: "direct" }
  | { route: "approval"; reasons: string[]; governedFields: string[]; ownerRole: Role };

/**
 * Where a change goes. The system applies directly; a user applies directly only when they hold
 * the owning role and touch no governed field. Everyone else (admins included: an admin owns no
 * domain) gets a change request. Pure, so updateMaster and changeMaster decide identically.
 */
export function routeChange(actor: Actor, kind: GovernedKind, changedFields: readonly string[]): ChangeRoute {
  if (isSystemActor(actor)) return { route: "direct" };
  const ownerRole = OWNING_ROLE[kind];
  const governedFields = kind === ACCOUNT_RULE_KIND ? [...changedFields] : governedFieldsAmong(kind, changedFields);
  const reasons: string[] = [];
  if (!ownsKind(actor, kind)) reasons.push(`${kind} is owned by the ${ownerRole} role`);
  if (kind === ACCOUNT_RULE_KIND) reasons.push("every account-rule change is governed");
  else if (governedFields.length > 0) reasons.push(`governed field${governedFields.length > 1 ? "s" : ""} ${governedFields.join(", ")}`);
  if (reasons.length === 0) return { route: "direct" };
  return { route: "approval", reasons, governedFields, ownerRole };
}
