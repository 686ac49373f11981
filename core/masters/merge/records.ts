// Reading and locking the two master records of a merge, and comparing them field by field.
import { eq, inArray } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { DomainError } from "../../shared/errors";
import { customer, item, supplier } from "../schema";
import { MergeError } from "./errors";
import type { MasterFields, MergeKind } from "./kinds";
import { compareText, normalizeText, phoneKey } from "./similarity";
import type { MergeFieldReason } from "./types";

export type MasterRecord = MasterFields & {
  id: number; code: string; entityId: number | null; currency: string | null; active: boolean;
};

type CustomerLike = typeof customer.$inferSelect | typeof supplier.$inferSelect;

function fromParty(row: CustomerLike): MasterRecord {
  return { id: row.id, code: row.code, entityId: row.entityId, currency: row.currency, active: row.active, name: row.name,
    address: row.addressLine1, city: row.city, phone: row.phone, email: row.email, taxId: row.taxId };
}

function fromItem(row: typeof item.$inferSelect): MasterRecord {
  return { id: row.id, code: row.sku, entityId: null, currency: null, active: row.active, name: row.description };
}

/** Both records, locked in id order so two merges of the same pair cannot interleave. */
export async function lockRecordsOrThrow(tx: Tx, kind: MergeKind, ids: readonly number[], options: { lock?: boolean } = {}): Promise<Map<number, MasterRecord>> {
  const sorted = [...ids].sort((a, b) => a - b);
  const lock = options.lock ?? true;
  const found = new Map<number, MasterRecord>();
  if (kind === "item") {
    const query = tx.select().from(item).where(inArray(item.id, sorted)).orderBy(item.id);
    for (const row of await (lock ? query.for("update") : query)) found.set(row.id, fromItem(row));
  } else {
    const table = kind === "customer" ? customer : supplier;
    const query = tx.select().from(table).where(inArray(table.id, sorted)).orderBy(table.id);
    for (const row of await (lock ? query.for("update") : query)) found.set(row.id, fromParty(row));
  }
  for (const id of ids) {
    if (!found.has(id)) throw new DomainError(MergeError.RECORD_NOT_FOUND, "not_found", `No ${kind} with id ${id}`, { kind, id });
  }
  return found;
}

export async function setRecordActive(tx: Tx, kind: MergeKind, id: number, active: boolean): Promise<void> {
  const table = kind === "item" ? item : kind === "customer" ? customer : supplier;
  const updated = await tx.update(table).set({ active, updatedAt: new Date() }).where(eq(table.id, id)).returning({ id: table.id });
  if (updated.length !== 1) throw new DomainError(MergeError.RECORD_NOT_FOUND, "not_found", `No ${kind} with id ${id}`, { kind, id });
}

const COMPARED: (keyof MasterFields)[] = ["name", "address", "city", "phone", "email", "taxId"];

/** Field-by-field similarity for the side-by-side view and the warning. */
export function compareRecords(a: MasterFields, b: MasterFields): MergeFieldReason[] {
  return COMPARED.flatMap((field) => {
    const left = a[field] ?? null;
    const right = b[field] ?? null;
    if (!left && !right) return [];
    let similarity: number;
    if (field === "phone") similarity = phoneKey(left) !== "" && phoneKey(left) === phoneKey(right) ? 1 : 0;
    else if (field === "email" || field === "taxId") similarity = left && right && normalizeText(left).replace(/ /g, "") === normalizeText(right).replace(/ /g, "") ? 1 : 0;
    else similarity = compareText(normalizeText(left, { dropLegal: field === "name" }), normalizeText(right, { dropLegal: field === "name" })).similarity;
    return [{ field, survivor: left, merged: right, similarity: Math.round(similarity * 1000) / 1000 }];
  });
}

/**
 * A transparent rule score for warnings (no model in core): name similarity carries the pair,
 * an identical tax id, email or phone lifts it, a clearly different tax id sinks it.
 */
export function ruleScore(reasons: readonly MergeFieldReason[]): number {
  const by = Object.fromEntries(reasons.map((r) => [r.field, r]));
  const name = by.name?.similarity ?? 0;
  const others = ["address", "city"].map((f) => by[f]).filter((r): r is MergeFieldReason => !!r && !!r.survivor && !!r.merged);
  const context = others.length === 0 ? name : others.reduce((s, r) => s + r.similarity, 0) / others.length;
  let score = 0.7 * name + 0.3 * context;
  const exact = ["taxId", "email", "phone"].filter((f) => by[f]?.similarity === 1).length;
  if (exact > 0) score = Math.max(score, 0.6 + 0.15 * exact + 0.25 * name);
  const taxDiffers = by.taxId && by.taxId.survivor && by.taxId.merged && by.taxId.similarity === 0;
  if (taxDiffers) score *= 0.5;
  return Math.min(1, Math.round(score * 1000) / 1000);
}
