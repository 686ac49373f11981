import { and, eq, ne, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { parseInput } from "../../../shared/errors";
import { customer, supplier } from "../../schema";
import { compareRecords, ruleScore } from "../records";
import { digitsOf, normalizeText, phoneKey, PHONE_DIGITS_COMPARED, tokensOf } from "../similarity";
import type { MergeFieldReason } from "../types";

export const SIMILAR_CANDIDATES_MAX = 300;
export const SIMILAR_RESULTS_MAX = 10;
/** Above this rule score a new record "resembles" an existing one and the form warns. */
export const SIMILAR_SCORE_MIN = 0.8;

export const FindSimilarMastersInput = z.object({
  masterKind: z.enum(["customer", "supplier"]),
  entityId: z.number().int().positive(),
  name: z.string().trim().min(1).max(300),
  address: z.string().max(300).nullish(),
  city: z.string().max(120).nullish(),
  phone: z.string().max(60).nullish(),
  email: z.string().max(200).nullish(),
  taxId: z.string().max(60).nullish(),
  /** When editing, the record itself is not its own duplicate. */
  excludeId: z.number().int().positive().optional(),
  limit: z.number().int().positive().max(SIMILAR_RESULTS_MAX).default(5),
});
export type FindSimilarMastersInput = z.input<typeof FindSimilarMastersInput>;

export type SimilarMaster = { id: number; code: string; name: string; score: number; reasons: MergeFieldReason[] };

/** Prefixes and suffixes of the name's words: a typo late or early in a word still finds it. */
function namePatterns(name: string): string[] {
  const words = tokensOf(normalizeText(name, { dropLegal: true })).filter((w) => w.length >= 4);
  const parts = new Set<string>();
  for (const word of words) {
    parts.add(word.slice(0, 4));
    parts.add(word.slice(-4));
  }
  return [...parts].slice(0, 12).map((part) => `%${part}%`);
}

/**
 * Existing customers or suppliers that look like the one being entered, best first. Candidates
 * come from an indexed-size shortlist (name fragments, phone digits, email, tax id), never all rows.
 */
export async function findSimilarMasters(tx: Tx, actor: Actor, raw: FindSimilarMastersInput): Promise<SimilarMaster[]> {
  requirePermission(actor, "masters:read");
  const input = parseInput(FindSimilarMastersInput, raw);
  const table = input.masterKind === "customer" ? customer : supplier;
  const matches: SQL[] = namePatterns(input.name).map((pattern) => sql`lower(${table.name}) like ${pattern}`);
  const phone = phoneKey(input.phone);
  if (phone) matches.push(sql`right(regexp_replace(coalesce(${table.phone}, ''), '\\D', '', 'g'), ${PHONE_DIGITS_COMPARED}) = ${phone}`);
  if (input.email) matches.push(sql`lower(${table.email}) = ${input.email.trim().toLowerCase()}`);
  if (input.taxId && digitsOf(input.taxId).length > 0) matches.push(sql`${table.taxId} = ${input.taxId.trim()}`);
  if (matches.length === 0) return [];
  const where = [eq(table.entityId, input.entityId), eq(table.active, true), sql`(${sql.join(matches, sql` or `)})`];
  if (input.excludeId) where.push(ne(table.id, input.excludeId));
  const candidates = await tx.select().from(table).where(and(...where)).limit(SIMILAR_CANDIDATES_MAX);
  const entered = { name: input.name, address: input.address, city: input.city, phone: input.phone, email: input.email, taxId: input.taxId };
  return candidates.map((row) => {
    const reasons = compareRecords(entered, { name: row.name, address: row.addressLine1, city: row.city, phone: row.phone, email: row.email, taxId: row.taxId });
    return { id: row.id, code: row.code, name: row.name, score: ruleScore(reasons), reasons };
  }).filter((c) => c.score >= SIMILAR_SCORE_MIN).sort((a, b) => b.score - a.score || a.id - b.id).slice(0, input.limit);
}
