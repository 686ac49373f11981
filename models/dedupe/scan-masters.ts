// The duplicate scan over master data: customers or suppliers of one entity are read, blocked and
// scored through the classifier; likely duplicates become merge requests routed to the owner of
// the domain (requestMasterMerge as the system), the older record surviving.
import { and, asc, eq } from "drizzle-orm";
import type { Db, Tx } from "../../core/db/client";
import { inTransaction } from "../../core/db/transaction";
import { SYSTEM_ACTOR } from "../../core/governance/permissions";
import { isDomainError } from "../../core/shared/errors";
import { MergeError, requestMasterMerge } from "../../core/masters/merge";
import { customer, supplier } from "../../core/masters/schema";
import type { DedupeInput, FieldRole } from "./fields";
import { DUPLICATE_THRESHOLD, scanDuplicates } from "./model";

export const MASTERS_PER_SCAN_MAX = 200_000;
export const MERGE_REQUESTS_PER_SCAN_MAX = 200;
const FIELD_NAMES = ["name", "address", "city", "phone", "email", "taxId"];
const ROLES: FieldRole[] = ["text", "text", "text", "phone", "email", "identifier"];

export type MasterPair = { survivorId: number; mergedId: number; score: number };

export async function loadMasterRecords(tx: Tx, kind: "customer" | "supplier", entityId: number): Promise<DedupeInput> {
  const table = kind === "customer" ? customer : supplier;
  const rows = await tx.select({ id: table.id, name: table.name, address: table.addressLine1, city: table.city, phone: table.phone, email: table.email, taxId: table.taxId })
    .from(table).where(and(eq(table.entityId, entityId), eq(table.active, true))).orderBy(asc(table.id)).limit(MASTERS_PER_SCAN_MAX);
  return {
    ids: rows.map((r) => String(r.id)), fieldNames: FIELD_NAMES, roles: ROLES,
    values: rows.map((r) => [r.name, r.address ?? "", r.city ?? "", r.phone ?? "", r.email ?? "", r.taxId ?? ""]),
  };
}

/** Likely duplicate pairs (score at or above the threshold), best first; the lower id survives. */
export async function findDuplicateMasters(input: DedupeInput, threshold = DUPLICATE_THRESHOLD): Promise<MasterPair[]> {
  if (input.ids.length < 2) return [];
  const { scored } = await scanDuplicates(input);
  const pairs: MasterPair[] = [];
  for (let p = 0; p < scored.count; p += 1) {
    if (scored.scores[p]! < threshold) continue;
    const a = Number(input.ids[scored.left[p]!]);
    const b = Number(input.ids[scored.right[p]!]);
    pairs.push({ survivorId: Math.min(a, b), mergedId: Math.max(a, b), score: Math.round(scored.scores[p]! * 10_000) / 10_000 });
  }
  return pairs.sort((x, y) => y.score - x.score || x.mergedId - y.mergedId);
}

/** The scan job: proposes a merge request per likely pair; pairs already in an open merge are skipped. */
export async function proposeMasterMerges(db: Db, kind: "customer" | "supplier", entityId: number): Promise<{ candidates: number; requested: number }> {
  const input = await inTransaction(db, (tx) => loadMasterRecords(tx, kind, entityId));
  const pairs = (await findDuplicateMasters(input)).slice(0, MERGE_REQUESTS_PER_SCAN_MAX);
  let requested = 0;
  for (const pair of pairs) {
    try {
      await inTransaction(db, (tx) => requestMasterMerge(tx, SYSTEM_ACTOR, { masterKind: kind, ...pair,
        idempotencyKey: `dedupe-scan:${kind}:${pair.survivorId}:${pair.mergedId}` }));
      requested += 1;
    } catch (error) {
      // A record already in an open merge, or a pair across currencies, is left for a person to look at.
      if (isDomainError(error) && (error.code === MergeError.ALREADY_OPEN || error.code === MergeError.INCOMPATIBLE)) continue;
      throw error;
    }
  }
  return { candidates: pairs.length, requested };
}
