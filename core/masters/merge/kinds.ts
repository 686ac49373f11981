import { customer, item, supplier } from "../schema";
import type { Permission } from "../../governance/permissions";

export const MERGE_KINDS = ["customer", "supplier", "item"] as const;
export type MergeKind = (typeof MERGE_KINDS)[number];

export const MERGE_STATUSES = ["pending", "applied", "rejected", "cancelled", "reversed"] as const;
export type MergeStatus = (typeof MERGE_STATUSES)[number];

export const MERGE_LIST_MAX = 500;
export const MERGE_REASON_LENGTH_MIN = 3;
export const MERGE_REASON_LENGTH_MAX = 1_000;
/** Rows re-pointed one by one when a table's unique key refuses the bulk update. */
export const MERGE_ROW_BY_ROW_MAX = 5_000;

/** Table and write permission per kind: the kind's owner requests and reverses merges. */
export const MERGE_KIND_SPEC = {
  customer: { table: customer, tableName: "customer", permission: "masters.customers:write" as Permission, entityScoped: true },
  supplier: { table: supplier, tableName: "supplier", permission: "masters.suppliers:write" as Permission, entityScoped: true },
  item: { table: item, tableName: "item", permission: "masters.items:write" as Permission, entityScoped: false },
} as const;

/** The comparable fields of a master record, as the duplicate classifier and the warning read them. */
export type MasterFields = {
  name: string;
  address?: string | null;
  city?: string | null;
  phone?: string | null;
  email?: string | null;
  taxId?: string | null;
};
