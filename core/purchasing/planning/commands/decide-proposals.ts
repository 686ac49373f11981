import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { recordAudit } from "../../../governance/audit";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { legalEntity } from "../../../masters/schema";
import { assert } from "../../../shared/assert";
import { DomainError, parseInput } from "../../../shared/errors";
import { formatQty, parseQty, QTY_PATTERN } from "../../../shared/quantity";
import { replenishmentProposal } from "../../schema";
import { PlanningError } from "../errors";
import { todayIn } from "../sql";

export const PROPOSALS_PER_DECISION_MAX = 500;

const Id = z.number().int().positive();
export const ProposalIds = z.array(Id).min(1).max(PROPOSALS_PER_DECISION_MAX).transform((ids) => [...new Set(ids)].sort((a, b) => a - b));

export type ProposalRow = typeof replenishmentProposal.$inferSelect;

/** The proposals locked FOR UPDATE in id order, all of one entity. */
export async function lockProposals(tx: Tx, ids: number[]): Promise<ProposalRow[]> {
  const rows = await tx.select().from(replenishmentProposal).where(inArray(replenishmentProposal.id, ids))
    .orderBy(asc(replenishmentProposal.id)).for("update");
  const missing = ids.filter((id) => !rows.some((r) => r.id === id));
  if (missing.length > 0) {
    throw new DomainError(PlanningError.PROPOSAL_NOT_FOUND, "not_found", `proposalIds: proposal ${missing.join(", ")} does not exist`, { proposalIds: missing });
  }
  if (new Set(rows.map((r) => r.entityId)).size > 1) {
    throw new DomainError(PlanningError.PROPOSALS_MIXED_ENTITIES, "invalid", "proposalIds: decide the proposals of one entity at a time");
  }
  return rows;
}

/** Only undecided proposals can be decided: accepting twice would order twice. */
export function requireOpen(rows: ProposalRow[]): void {
  const decided = rows.filter((r) => r.status !== "proposed");
  if (decided.length === 0) return;
  throw new DomainError(PlanningError.PROPOSAL_NOT_OPEN, "conflict",
    `Proposal ${decided.map((r) => `${r.id} is ${r.status}`).join(", ")}; only proposed ones can be decided`,
    { proposals: decided.map((r) => ({ id: r.id, status: r.status })) });
}

export async function entityTodayOf(tx: Tx, entityId: number): Promise<string> {
  const [entity] = await tx.select({ timeZone: legalEntity.timeZone }).from(legalEntity).where(eq(legalEntity.id, entityId)).limit(1);
  assert(entity !== undefined, `entity ${entityId} of a proposal exists`);
  return todayIn(entity.timeZone);
}

export const RejectProposalsInput = z.object({
  proposalIds: ProposalIds,
  note: z.string().trim().min(1).max(1_000),
});

/** Rejects undecided proposals with the planner's reason; nothing is ordered. */
export async function rejectProposals(tx: Tx, actor: Actor, raw: z.input<typeof RejectProposalsInput>): Promise<ProposalRow[]> {
  requirePermission(actor, "planning:write");
  const input = parseInput(RejectProposalsInput, raw);
  const rows = await lockProposals(tx, input.proposalIds);
  requireOpen(rows);
  const updated = await tx.update(replenishmentProposal)
    .set({ status: "rejected", decidedByUserId: actor.userId, decidedAt: new Date(), decisionNote: input.note })
    .where(and(inArray(replenishmentProposal.id, input.proposalIds), eq(replenishmentProposal.status, "proposed"))).returning();
  assert(updated.length === rows.length, "every locked proposal was rejected");
  await recordAudit(tx, actor, { action: "state_change", objectKind: "replenishment_proposal", objectId: input.proposalIds.join(","),
    entityId: rows[0]!.entityId, before: { status: "proposed" }, after: { status: "rejected", note: input.note } });
  return updated.sort((a, b) => a.id - b.id);
}

export const ProposalEdit = z.object({
  baseQty: z.string().trim().regex(QTY_PATTERN, "a decimal quantity with up to 4 decimals")
    .refine((text) => parseQty(text) > 0n, "must be greater than zero").transform((text) => formatQty(parseQty(text))).optional(),
  supplierId: Id.optional(),
});

/** Proposal edits keyed by proposal id; an edit for a proposal not being accepted is refused. */
export function checkEdits(ids: number[], edits: Record<string, z.output<typeof ProposalEdit>>, rows: ProposalRow[]): void {
  for (const [key, edit] of Object.entries(edits)) {
    const id = Number(key);
    const row = rows.find((r) => r.id === id);
    if (!ids.includes(id) || !row) {
      throw new DomainError(PlanningError.EDIT_INVALID, "invalid", `edits.${key}: proposal ${key} is not among the proposals accepted`);
    }
    if (edit.supplierId !== undefined && row.kind !== "buy") {
      throw new DomainError(PlanningError.EDIT_INVALID, "invalid", `edits.${key}.supplierId: a transfer proposal has no supplier`);
    }
  }
}

/** Writes the decision onto accepted proposals, with any edited quantity or supplier. */
export async function markAccepted(tx: Tx, actor: Actor, rows: ProposalRow[], documents: Map<number, { purchaseOrderId?: number; transferOrderId?: number }>,
  edits: Record<string, z.output<typeof ProposalEdit>>): Promise<ProposalRow[]> {
  const values = sql.join(rows.map((row) => {
    const edit = edits[String(row.id)] ?? {};
    const document = documents.get(row.id);
    assert(document !== undefined, `accepted proposal ${row.id} produced a document`);
    const note = edit.baseQty !== undefined || edit.supplierId !== undefined
      ? `edited: ${[edit.baseQty !== undefined ? `qty ${row.baseQty} -> ${edit.baseQty}` : null,
        edit.supplierId !== undefined ? `supplier ${row.supplierId} -> ${edit.supplierId}` : null].filter(Boolean).join(", ")}` : null;
    return sql`(${row.id}::int8, ${edit.baseQty ?? row.baseQty}::numeric, ${edit.supplierId ?? row.supplierId}::int8,
      ${document.purchaseOrderId ?? null}::int8, ${document.transferOrderId ?? null}::int8, ${note}::text)`;
  }), sql`, `);
  const updated = await tx.execute<{ id: string }>(sql`update replenishment_proposal p
       set status = 'accepted', decided_by_user_id = ${actor.userId}, decided_at = now(), base_qty = v.qty, supplier_id = v.supplier_id,
           purchase_order_id = v.po_id, transfer_order_id = v.to_id, decision_note = v.note
      from (values ${values}) as v(id, qty, supplier_id, po_id, to_id, note)
     where p.id = v.id and p.status = 'proposed' returning p.id`);
  assert(updated.length === rows.length, "every locked proposal was accepted");
  return tx.select().from(replenishmentProposal).where(inArray(replenishmentProposal.id, rows.map((r) => r.id))).orderBy(asc(replenishmentProposal.id));
}
