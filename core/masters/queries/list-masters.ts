import { and, asc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { requirePermission, type Actor } from "../../governance/permissions";
import { assert } from "../../shared/assert";
import type { MasterDefinition } from "../definition";
import { MastersError } from "../errors";
import { FILTERS_MAX, LIST_PAGE_SIZE_DEFAULT, LIST_PAGE_SIZE_MAX, SEARCH_LENGTH_MAX } from "../limits";
import { definitionOf } from "../registry";
import { fieldError } from "../rules/issues";
import type { FieldSpec, ListMastersOptions, MasterKind, MasterPage, MasterRow } from "../types";

type FilterValue = string | number | boolean;

/** URL query strings carry every filter as text; turn it into the column's type. */
function coerceFilter(spec: FieldSpec | undefined, name: string, value: FilterValue): unknown {
  const type = name === "active" ? "boolean" : spec?.type;
  if (type === "boolean") {
    if (value === true || value === "true") return true;
    if (value === false || value === "false") return false;
    throw fieldError(MastersError.FILTER_UNKNOWN, "invalid", name, "boolean", "filter must be true or false");
  }
  const numeric = type === "integer" || (type === "reference" && spec?.referenceKind !== undefined && definitionOf(spec.referenceKind).descriptor.keyField === "id");
  if (numeric && typeof value === "string" && /^\d+$/.test(value.trim())) return Number(value.trim());
  return value;
}

function filterConditions(def: MasterDefinition, filters: Record<string, FilterValue>): SQL[] {
  const entries = Object.entries(filters).filter(([, value]) => value !== undefined);
  assert(entries.length <= FILTERS_MAX, `at most ${FILTERS_MAX} filters`);
  const specs = new Map(def.descriptor.fields.map((f) => [f.name, f]));
  return entries.map(([name, value]) => {
    const column = def.columns[name];
    const allowed = specs.has(name) || name === "active" || name === def.descriptor.keyField;
    if (!column || !allowed) {
      throw fieldError(MastersError.FILTER_UNKNOWN, "invalid", name, "known_field", `${def.descriptor.labelPlural} cannot be filtered by ${name}`);
    }
    return eq(column, coerceFilter(specs.get(name), name, value));
  });
}

function searchCondition(def: MasterDefinition, search: string | undefined): SQL | null {
  const term = search?.trim().slice(0, SEARCH_LENGTH_MAX) ?? "";
  if (term.length === 0 || def.descriptor.searchFields.length === 0) return null;
  // Escape LIKE wildcards so a search for "50%" means the text, not a pattern.
  const pattern = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const conditions = def.descriptor.searchFields.map((name) => ilike(def.columns[name]!, pattern));
  return or(...conditions) ?? null;
}

function whereOf(def: MasterDefinition, options: ListMastersOptions): SQL | undefined {
  const filters = options.filters ?? {};
  const conditions = filterConditions(def, filters);
  if (!options.includeInactive && filters.active === undefined) conditions.push(eq(def.columns.active!, true));
  const search = searchCondition(def, options.search);
  if (search) conditions.push(search);
  return conditions.length > 0 ? and(...conditions) : undefined;
}

/**
 * One page of a kind, active rows only unless includeInactive (or an `active` filter) says
 * otherwise; ordered by code/SKU/name then key so paging is stable.
 */
export async function listMasters<K extends MasterKind>(tx: Tx, actor: Actor, kind: K, options: ListMastersOptions = {}): Promise<MasterPage<K>> {
  requirePermission(actor, "masters:read");
  const def = definitionOf(kind);
  const pageSize = Math.min(Math.max(1, Math.trunc(options.pageSize ?? LIST_PAGE_SIZE_DEFAULT)), LIST_PAGE_SIZE_MAX);
  const page = Math.max(1, Math.trunc(options.page ?? 1));
  const where = whereOf(def, options);
  const order = [...def.orderBy.map((name) => asc(def.columns[name]!)), asc(def.keyColumn)];
  const rows = await tx.select().from(def.table).where(where).orderBy(...order).limit(pageSize).offset((page - 1) * pageSize);
  const [count] = await tx.select({ n: sql<number>`count(*)::int` }).from(def.table).where(where);
  return { rows: rows as MasterRow<K>[], total: count?.n ?? 0, page, pageSize };
}
