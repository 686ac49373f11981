import type { z } from "zod";
import type { auditLog } from "../governance/schema";
import type { Permission } from "../governance/permissions";
import type * as schema from "./schema";

/** Every master-data table, by the kind name the public API uses. */
export type MasterTables = {
  legalEntity: typeof schema.legalEntity;
  currency: typeof schema.currency;
  exchangeRate: typeof schema.exchangeRate;
  account: typeof schema.account;
  warehouse: typeof schema.warehouse;
  location: typeof schema.location;
  unitOfMeasure: typeof schema.unitOfMeasure;
  itemCategory: typeof schema.itemCategory;
  item: typeof schema.item;
  itemUomConversion: typeof schema.itemUomConversion;
  paymentTerm: typeof schema.paymentTerm;
  taxCode: typeof schema.taxCode;
  priceList: typeof schema.priceList;
  priceListLine: typeof schema.priceListLine;
  customerGroup: typeof schema.customerGroup;
  customer: typeof schema.customer;
  customerShipTo: typeof schema.customerShipTo;
  customerPrice: typeof schema.customerPrice;
  supplier: typeof schema.supplier;
};

export type MasterKind = keyof MasterTables;

/** A stored row of one kind, as drizzle reads it (money as bigint, quantities as strings). */
export type MasterRow<K extends MasterKind = MasterKind> = MasterTables[K]["$inferSelect"];

/** A row of any kind, for code that handles kinds generically. */
export type Row = Record<string, unknown>;

export type MasterKey = string | number;

export type AuditRow = typeof auditLog.$inferSelect;

export type FieldType = "text" | "integer" | "decimal" | "money" | "boolean" | "date" | "select" | "reference";

/** What a generated form needs to render and validate one field. */
export type FieldSpec = {
  name: string;
  label: string;
  type: FieldType;
  /** The allowed values of a select. */
  options?: readonly string[];
  /** The kind a reference points at; its value is that kind's key (id, or code for currency/unit/payment term). */
  referenceKind?: MasterKind;
  /**
   * For money fields (bigint minor units): where the currency comes from. A field name of this
   * kind holding the currency code, "entity" for the entity's base currency, or "parent" for the
   * `currency` field of the parent row (price list lines, customer prices).
   */
  currencyFrom?: string;
  /** Must be given on create (not null). */
  required: boolean;
  /** May be changed by updateMaster. */
  editable: boolean;
};

export type MasterKindDescriptor<K extends MasterKind = MasterKind> = {
  kind: K;
  label: string;
  labelPlural: string;
  /** The permission every write of this kind needs; reads need "masters:read". */
  permission: Permission;
  keyField: "id" | "code";
  /** Per-field rules; cross-field and database rules run inside createMaster/updateMaster. */
  createSchema: z.ZodType;
  /** Partial; only editable fields; the key is never editable. */
  updateSchema: z.ZodType;
  fields: readonly FieldSpec[];
  listColumns: readonly string[];
  /** Text columns searched with ILIKE by listMasters. */
  searchFields: readonly string[];
  /** For child kinds: the owning kind and the field that points at it. */
  parent?: { kind: MasterKind; field: string };
  /** True when rows belong to a legal entity (directly, or through their parent). */
  entityScoped: boolean;
};

export type ListMastersOptions = {
  search?: string;
  page?: number;
  pageSize?: number;
  filters?: Record<string, string | number | boolean>;
  includeInactive?: boolean;
};

export type MasterPage<K extends MasterKind = MasterKind> = {
  rows: MasterRow<K>[];
  total: number;
  page: number;
  pageSize: number;
};

type Widen<T> = T extends bigint ? bigint | string | number : T;
type Insertable<K extends MasterKind> = Omit<MasterTables[K]["$inferInsert"], "id" | "createdAt" | "updatedAt" | "active">;

/**
 * Typed create input of one kind: the table's insertable columns (money also as integer string
 * or safe integer), plus an item's optional initial conversions. createMaster still validates it.
 */
export type MasterInput<K extends MasterKind> = { [F in keyof Insertable<K>]: Widen<Insertable<K>[F]> }
  & (K extends "item" ? { conversions?: { uom: string; baseQtyPerUnit: string }[] } : unknown);
