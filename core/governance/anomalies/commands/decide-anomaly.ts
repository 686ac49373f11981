import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { assert } from "../../../shared/assert";
import { DomainError, parseInput } from "../../../shared/errors";
import { recordAudit } from "../../audit";
import { requirePermission, type Actor } from "../../permissions";
import { AnomalyError } from "../errors";
import { anomalyFlag } from "../schema";
import { DECISION_REASON_LENGTH_MAX, DECISION_REASON_LENGTH_MIN, toAnomalyFlag, type AnomalyFlag } from "../types";

export const DismissAnomalyInput = z.object({
  flagId: z.number().int().positive(),
  reason: z.string().trim().min(DECISION_REASON_LENGTH_MIN).max(DECISION_REASON_LENGTH_MAX),
});
export type DismissAnomalyInput = z.input<typeof DismissAnomalyInput>;

export const ConfirmAnomalyInput = z.object({
  flagId: z.number().int().positive(),
  /** Optional: what the controller found; a confirmation stands without one. */
  reason: z.string().trim().min(DECISION_REASON_LENGTH_MIN).max(DECISION_REASON_LENGTH_MAX).optional(),
});
export type ConfirmAnomalyInput = z.input<typeof ConfirmAnomalyInput>;

const CONFIRMED_WITHOUT_NOTE = "Confirmed as an anomaly";

async function lockOpenFlagOrThrow(tx: Tx, flagId: number): Promise<AnomalyFlag> {
  const [row] = await tx.select().from(anomalyFlag).where(eq(anomalyFlag.id, flagId)).for("update");
  if (!row) throw new DomainError(AnomalyError.NOT_FOUND, "not_found", `Anomaly flag ${flagId} does not exist`, { flagId });
  if (row.status !== "open") {
    throw new DomainError(AnomalyError.ALREADY_DECIDED, "conflict", `Anomaly flag ${flagId} was already ${row.status}`,
      { flagId, status: row.status });
  }
  return toAnomalyFlag(row);
}

async function decide(tx: Tx, actor: Actor, flagId: number, status: "confirmed" | "dismissed", reason: string): Promise<AnomalyFlag> {
  requirePermission(actor, "anomalies:review");
  const before = await lockOpenFlagOrThrow(tx, flagId);
  const [row] = await tx.update(anomalyFlag)
    .set({ status, decidedByUserId: actor.userId, decidedAt: sql`now()`, decisionReason: reason, updatedAt: sql`now()` })
    .where(and(eq(anomalyFlag.id, before.id), eq(anomalyFlag.status, "open"))).returning();
  assert(row !== undefined, "the locked open flag is updated");
  const after = toAnomalyFlag(row);
  assert(after.status === status, "the flag carries the decision");
  await recordAudit(tx, actor, {
    action: "state_change", objectKind: "anomaly_flag", objectId: after.id, entityId: after.entityId,
    before: { status: before.status }, after: { status: after.status, decisionReason: after.decisionReason },
  });
  return after;
}

/** The flag is a real problem; the decision stays as a positive label for the next training. */
export async function confirmAnomaly(tx: Tx, actor: Actor, raw: ConfirmAnomalyInput): Promise<AnomalyFlag> {
  const input = parseInput(ConfirmAnomalyInput, raw);
  return decide(tx, actor, input.flagId, "confirmed", input.reason ?? CONFIRMED_WITHOUT_NOTE);
}

/** The flag is a false alarm; the reason says why and the flag stays as a negative label. */
export async function dismissAnomaly(tx: Tx, actor: Actor, raw: DismissAnomalyInput): Promise<AnomalyFlag> {
  const input = parseInput(DismissAnomalyInput, raw);
  return decide(tx, actor, input.flagId, "dismissed", input.reason);
}
