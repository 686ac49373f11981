import { and, eq, inArray, or } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { submitApproval } from "../../../governance/approvals";
import { recordAudit } from "../../../governance/audit";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { assert } from "../../../shared/assert";
import { DomainError, parseInput } from "../../../shared/errors";
import { MergeError } from "../errors";
import { MERGE_KIND_SPEC, MERGE_KINDS } from "../kinds";
import { compareRecords, lockRecordsOrThrow, type MasterRecord } from "../records";
import { masterMerge } from "../schema";
import { toMasterMerge, type MasterMerge } from "../types";

export const RequestMasterMergeInput = z.object({
  masterKind: z.enum(MERGE_KINDS),
  survivorId: z.number().int().positive(),
  mergedId: z.number().int().positive(),
  /** The classifier's duplicate probability when a scan proposed the pair. */
  score: z.number().min(0).max(1).optional(),
  idempotencyKey: z.string().trim().min(1).max(200).optional(),
}).refine((input) => input.survivorId !== input.mergedId, { message: "a record cannot be merged into itself", path: ["mergedId"] });
export type RequestMasterMergeInput = z.input<typeof RequestMasterMergeInput>;

export type RequestedMerge = { merge: MasterMerge; approvalRequestId: number; autoApproved: boolean };

function assertCompatible(kind: string, survivor: MasterRecord, merged: MasterRecord): void {
  const problems: string[] = [];
  if (survivor.entityId !== merged.entityId) problems.push("they belong to different legal entities");
  if (survivor.currency !== merged.currency) problems.push(`they trade in different currencies (${survivor.currency}, ${merged.currency})`);
  if (!survivor.active) problems.push("the surviving record is inactive");
  if (problems.length > 0) {
    throw new DomainError(MergeError.INCOMPATIBLE, "unprocessable", `These ${kind} records cannot be merged: ${problems.join("; ")}`,
      { survivorId: survivor.id, mergedId: merged.id, problems });
  }
}

/** Either record already in a pending or applied merge (as either side) blocks a new one. */
async function assertNoOpenMerge(tx: Tx, kind: string, ids: number[]): Promise<void> {
  const [open] = await tx.select({ id: masterMerge.id }).from(masterMerge).where(and(
    eq(masterMerge.masterKind, kind), inArray(masterMerge.status, ["pending", "applied"]),
    or(inArray(masterMerge.mergedId, ids), inArray(masterMerge.survivorId, ids)),
  )).limit(1);
  if (open) {
    throw new DomainError(MergeError.ALREADY_OPEN, "conflict", `One of these records is already part of merge ${open.id}`, { mergeId: open.id });
  }
}

/**
 * Proposes folding a duplicate into its survivor and routes it to the owner of the master's
 * domain (policy master_merge). Nothing moves until the request is approved.
 */
export async function requestMasterMerge(tx: Tx, actor: Actor, raw: RequestMasterMergeInput): Promise<RequestedMerge> {
  const input = parseInput(RequestMasterMergeInput, raw);
  const spec = MERGE_KIND_SPEC[input.masterKind];
  requirePermission(actor, spec.permission);
  if (input.idempotencyKey) {
    const [replay] = await tx.select().from(masterMerge).where(eq(masterMerge.idempotencyKey, input.idempotencyKey)).limit(1);
    if (replay) return { merge: toMasterMerge(replay), approvalRequestId: replay.approvalRequestId!, autoApproved: false };
  }
  const records = await lockRecordsOrThrow(tx, input.masterKind, [input.survivorId, input.mergedId]);
  const survivor = records.get(input.survivorId)!;
  const merged = records.get(input.mergedId)!;
  assertCompatible(input.masterKind, survivor, merged);
  await assertNoOpenMerge(tx, input.masterKind, [input.survivorId, input.mergedId]);
  const [row] = await tx.insert(masterMerge).values({
    entityId: survivor.entityId, masterKind: input.masterKind, survivorId: survivor.id, mergedId: merged.id,
    score: input.score ?? null, reasons: compareRecords(survivor, merged), requestedByUserId: actor.userId,
    idempotencyKey: input.idempotencyKey ?? null,
  }).returning();
  assert(row !== undefined, "the merge request is inserted");
  const submitted = await submitApproval(tx, actor, {
    kind: "master_merge", entityId: survivor.entityId, subjectType: "master_merge", subjectId: row.id,
    title: `Merge ${input.masterKind} ${merged.code} "${merged.name}" into ${survivor.code} "${survivor.name}"`,
    facts: { masterKind: input.masterKind, entityId: survivor.entityId }, payload: { mergeId: row.id },
  });
  await tx.update(masterMerge).set({ approvalRequestId: submitted.request.id }).where(eq(masterMerge.id, row.id));
  await recordAudit(tx, actor, { action: "create", objectKind: "master_merge", objectId: row.id, entityId: survivor.entityId,
    after: { masterKind: input.masterKind, survivorId: survivor.id, mergedId: merged.id, approvalRequestId: submitted.request.id } });
  const [current] = await tx.select().from(masterMerge).where(eq(masterMerge.id, row.id));
  return { merge: toMasterMerge(current!), approvalRequestId: submitted.request.id, autoApproved: submitted.autoApproved };
}
