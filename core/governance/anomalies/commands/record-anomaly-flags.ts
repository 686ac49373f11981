import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { assert } from "../../../shared/assert";
import { DomainError, parseInput } from "../../../shared/errors";
import { recordAudit } from "../../audit";
import type { Actor } from "../../permissions";
import { AnomalyError } from "../errors";
import { anomalyFlag } from "../schema";
import { ANOMALY_SEVERITIES, ANOMALY_SUBJECT_TYPES, AnomalyReasonsSchema, FLAGS_PER_CALL_MAX } from "../types";

const FlagInput = z.object({
  subjectType: z.enum(ANOMALY_SUBJECT_TYPES),
  subjectId: z.string().min(1).max(200),
  occurredOn: z.iso.date(),
  score: z.number().min(0).max(1),
  severity: z.enum(ANOMALY_SEVERITIES),
  reasons: AnomalyReasonsSchema,
});

export const RecordAnomalyFlagsInput = z.object({
  entityId: z.number().int().positive(),
  modelVersion: z.string().min(1).max(120),
  flags: z.array(FlagInput).max(FLAGS_PER_CALL_MAX),
});
export type RecordAnomalyFlagsInput = z.input<typeof RecordAnomalyFlagsInput>;

export type RecordedAnomalyFlags = { inserted: number; refreshed: number; keptDecided: number };

/**
 * Writes a scoring run's flags. Only the system (a job) records flags: a person confirms or
 * dismisses them. An open flag for the same subject is refreshed with the new score; a decided
 * one is left as it is, so a re-scan never reopens what a controller already labelled.
 */
export async function recordAnomalyFlags(tx: Tx, actor: Actor, raw: RecordAnomalyFlagsInput): Promise<RecordedAnomalyFlags> {
  if (actor.userId !== null) {
    throw new DomainError("AUTH_FORBIDDEN", "forbidden", "Anomaly flags are recorded by the scoring job, not by users",
      { username: actor.username, reason: AnomalyError.SYSTEM_ONLY });
  }
  const input = parseInput(RecordAnomalyFlagsInput, raw);
  if (input.flags.length === 0) return { inserted: 0, refreshed: 0, keptDecided: 0 };
  const values = input.flags.map((flag) => ({ entityId: input.entityId, modelVersion: input.modelVersion, ...flag }));
  const written = await tx.insert(anomalyFlag).values(values).onConflictDoUpdate({
    target: [anomalyFlag.entityId, anomalyFlag.subjectType, anomalyFlag.subjectId],
    set: {
      score: sql`excluded.score`, severity: sql`excluded.severity`, reasons: sql`excluded.reasons`,
      modelVersion: sql`excluded.model_version`, occurredOn: sql`excluded.occurred_on`, updatedAt: sql`now()`,
    },
    setWhere: sql`${anomalyFlag.status} = 'open'`,
  }).returning({ id: anomalyFlag.id, inserted: sql<boolean>`(xmax = 0)` });
  const inserted = written.filter((row) => row.inserted).length;
  const result = { inserted, refreshed: written.length - inserted, keptDecided: input.flags.length - written.length };
  assert(result.keptDecided >= 0, "no more rows written than flags given");
  await recordAudit(tx, actor, {
    action: "create", objectKind: "anomaly_scan", objectId: input.modelVersion, entityId: input.entityId,
    after: { ...result, high: input.flags.filter((f) => f.severity === "high").length },
  });
  return result;
}
