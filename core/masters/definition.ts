import { getTableColumns } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Tx } from "../db/client";
import type { Actor, Permission } from "../governance/permissions";
import { assert } from "../shared/assert";
import type { FieldIssue } from "../shared/errors";
import type { FieldDef } from "./fields";
import type { MasterKind, MasterKindDescriptor, Row } from "./types";

/** A reference field and the kind it points at; sameEntity when both rows must belong to one legal entity. */
export type ReferenceSpec = { field: string; kind: MasterKind; sameEntity?: boolean };

/** A unique index, and the field an error names when it is violated (the one that tells rows apart). */
export type UniqueKeySpec = { fields: readonly string[]; field: string };

/** How a row finds its legal entity: it is one, it has entity_id, through its parent, or not at all. */
export type EntityScope = "self" | "column" | "parent" | "none";

/**
 * What kind-specific hooks get. createChild runs the generic create for another kind (passed in
 * rather than imported, so kind definitions do not import the commands that import them).
 */
export type WriteContext = {
  tx: Tx;
  actor: Actor;
  input: Row;
  before: Row | null;
  /** The row's legal entity (null for shared kinds), for audit rows of follow-up writes. */
  entityId: number | null;
  createChild: (kind: MasterKind, input: Row) => Promise<Row>;
};

/** Everything the generic commands need to handle one kind; descriptor is the public part. */
export type MasterDefinition = {
  descriptor: MasterKindDescriptor;
  table: PgTable;
  columns: Record<string, PgColumn>;
  keyColumn: PgColumn;
  orderBy: readonly string[];
  hasUpdatedAt: boolean;
  entity: EntityScope;
  references: readonly ReferenceSpec[];
  uniqueKeys: readonly UniqueKeySpec[];
  /** Column defaults repeated here when a unique key includes the column, so the duplicate check sees them. */
  createDefaults: Row;
  /** Pure cross-field rules on the complete row (after merging a patch). */
  rowIssues?: (row: Row) => FieldIssue[];
  /** Rules that need the database; they throw a DomainError naming the field. */
  checkRow?: (row: Row, context: WriteContext) => Promise<void>;
  beforeDeactivate?: (tx: Tx, row: Row) => Promise<void>;
  /** Extra columns written with `active` (items keep `status` in step). */
  activeExtra?: (active: boolean) => Row;
  /** Follow-up writes in the same savepoint (conversions created with an item, one default ship-to). */
  afterWrite?: (row: Row, context: WriteContext) => Promise<void>;
};

export type MasterConfig = {
  kind: MasterKind;
  label: string;
  labelPlural: string;
  permission: Permission;
  keyField?: "id" | "code";
  table: PgTable;
  fields: readonly FieldDef[];
  /** Create-only input that is not a column (an item's initial conversions). */
  extraCreateShape?: z.ZodRawShape;
  listColumns: readonly string[];
  searchFields: readonly string[];
  orderBy: readonly string[];
  parent?: { kind: MasterKind; field: string };
  entity: EntityScope;
  references?: readonly ReferenceSpec[];
  uniqueKeys: readonly UniqueKeySpec[];
  createDefaults?: Row;
} & Pick<MasterDefinition, "rowIssues" | "checkRow" | "beforeDeactivate" | "activeExtra" | "afterWrite">;

const blankTo = (replacement: null | undefined) => (value: unknown) =>
  (typeof value === "string" && value.trim() === "" ? replacement : value);

function createEntry(def: FieldDef): z.ZodType {
  if (def.presence === "required") return def.schema;
  if (def.presence === "defaulted") return z.preprocess(blankTo(undefined), def.schema.optional());
  return z.preprocess(blankTo(null), def.schema.nullable().optional());
}

function updateEntry(def: FieldDef): z.ZodType {
  // A required field cannot be blanked by an edit: "" stays "" and fails its rule.
  if (def.presence === "required") return def.schema.optional();
  return createEntry(def);
}

export function buildSchemas(fields: readonly FieldDef[], extra: z.ZodRawShape = {}): { createSchema: z.ZodType; updateSchema: z.ZodType } {
  const createShape: Record<string, z.ZodType> = {};
  const updateShape: Record<string, z.ZodType> = {};
  for (const def of fields) {
    createShape[def.spec.name] = createEntry(def);
    if (def.spec.editable) updateShape[def.spec.name] = updateEntry(def);
  }
  return { createSchema: z.object({ ...createShape, ...extra }), updateSchema: z.object(updateShape) };
}

function checkConfig(config: MasterConfig, columns: Record<string, PgColumn>): void {
  for (const def of config.fields) assert(def.spec.name in columns, `${config.kind}.${def.spec.name} is not a column`);
  for (const name of [...config.listColumns, ...config.searchFields, ...config.orderBy]) {
    assert(name in columns, `${config.kind}: ${name} is not a column`);
  }
  assert("active" in columns, `${config.kind} has no active column`);
  assert(config.orderBy.length > 0, `${config.kind} needs an order`);
}

export function defineMaster(config: MasterConfig): MasterDefinition {
  const columns = getTableColumns(config.table) as Record<string, PgColumn>;
  checkConfig(config, columns);
  const keyField = config.keyField ?? "id";
  const keyColumn = columns[keyField];
  assert(keyColumn !== undefined, `${config.kind} has no key column ${keyField}`);
  const { createSchema, updateSchema } = buildSchemas(config.fields, config.extraCreateShape);
  const descriptor: MasterKindDescriptor = {
    kind: config.kind, label: config.label, labelPlural: config.labelPlural, permission: config.permission, keyField,
    createSchema, updateSchema, fields: config.fields.map((f) => f.spec), listColumns: config.listColumns,
    searchFields: config.searchFields, parent: config.parent, entityScoped: config.entity !== "none",
  };
  return {
    descriptor, table: config.table, columns, keyColumn, orderBy: config.orderBy, hasUpdatedAt: "updatedAt" in columns,
    entity: config.entity, references: config.references ?? [], uniqueKeys: config.uniqueKeys, createDefaults: config.createDefaults ?? {},
    rowIssues: config.rowIssues, checkRow: config.checkRow, beforeDeactivate: config.beforeDeactivate,
    activeExtra: config.activeExtra, afterWrite: config.afterWrite,
  };
}
