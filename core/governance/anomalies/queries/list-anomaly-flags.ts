import { and, desc, eq, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { DomainError, parseInput } from "../../../shared/errors";
import { requirePermission, type Actor } from "../../permissions";
import { AnomalyError } from "../errors";
import { anomalyFlag } from "../schema";
import {
  ANOMALY_SEVERITIES, ANOMALY_STATUSES, ANOMALY_SUBJECT_TYPES, FLAG_LIST_MAX, toAnomalyFlag, type AnomalyFlag,
} from "../types";

export const ListAnomalyFlagsInput = z.object({
  entityId: z.number().int().positive(),
  statuses: z.array(z.enum(ANOMALY_STATUSES)).min(1).optional(),
  severities: z.array(z.enum(ANOMALY_SEVERITIES)).min(1).optional(),
  subjectTypes: z.array(z.enum(ANOMALY_SUBJECT_TYPES)).min(1).optional(),
  fromDate: z.iso.date().optional(),
  toDate: z.iso.date().optional(),
  limit: z.number().int().positive().max(FLAG_LIST_MAX).default(100),
});
export type ListAnomalyFlagsInput = z.input<typeof ListAnomalyFlagsInput>;

function filters(input: z.output<typeof ListAnomalyFlagsInput>): SQL[] {
  const where: SQL[] = [eq(anomalyFlag.entityId, input.entityId)];
  if (input.statuses) where.push(inArray(anomalyFlag.status, input.statuses));
  if (input.severities) where.push(inArray(anomalyFlag.severity, input.severities));
  if (input.subjectTypes) where.push(inArray(anomalyFlag.subjectType, input.subjectTypes));
  if (input.fromDate) where.push(gte(anomalyFlag.occurredOn, input.fromDate));
  if (input.toDate) where.push(lte(anomalyFlag.occurredOn, input.toDate));
  return where;
}

/** The review queue: highest severity, then highest score first. Decided flags are the training labels. */
export async function listAnomalyFlags(tx: Tx, actor: Actor, raw: ListAnomalyFlagsInput): Promise<AnomalyFlag[]> {
  requirePermission(actor, "anomalies:review");
  const input = parseInput(ListAnomalyFlagsInput, raw);
  const severityRank = sql`case ${anomalyFlag.severity} when 'high' then 0 when 'medium' then 1 else 2 end`;
  const rows = await tx.select().from(anomalyFlag).where(and(...filters(input)))
    .orderBy(severityRank, desc(anomalyFlag.score), anomalyFlag.id).limit(input.limit);
  return rows.map(toAnomalyFlag);
}

export async function getAnomalyFlagOrThrow(tx: Tx, actor: Actor, flagId: number): Promise<AnomalyFlag> {
  requirePermission(actor, "anomalies:review");
  const [row] = await tx.select().from(anomalyFlag).where(eq(anomalyFlag.id, flagId));
  if (!row) throw new DomainError(AnomalyError.NOT_FOUND, "not_found", `Anomaly flag ${flagId} does not exist`, { flagId });
  return toAnomalyFlag(row);
}

/**
 * Open high-severity flags whose business date falls in [fromDate, toDate]: the period-close
 * checklist refuses to close while this is above zero. No actor: the close command checked its own.
 */
export async function countOpenBlockingAnomalies(tx: Tx, entityId: number, fromDate: string, toDate: string): Promise<number> {
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(anomalyFlag).where(and(
    eq(anomalyFlag.entityId, entityId), eq(anomalyFlag.status, "open"), eq(anomalyFlag.severity, "high"),
    gte(anomalyFlag.occurredOn, fromDate), lte(anomalyFlag.occurredOn, toDate),
  ));
  return row?.n ?? 0;
}
