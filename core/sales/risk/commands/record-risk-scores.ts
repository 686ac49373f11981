import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { recordAudit } from "../../../governance/audit";
import type { Actor } from "../../../governance/permissions";
import { assert } from "../../../shared/assert";
import { DomainError, parseInput } from "../../../shared/errors";
import { salesRiskRun } from "../schema";
import { REASONS_PER_SCORE_MAX, RiskErrorCode, RiskEvaluationSchema, RiskReasonSchema, SCORES_PER_RUN_MAX, type RiskKind } from "../types";

const Probability = z.number().min(0).max(1);
const Reasons = z.array(RiskReasonSchema).max(REASONS_PER_SCORE_MAX);
const Id = z.number().int().positive();

const RunFields = {
  modelName: z.string().min(1).max(120),
  modelVersion: z.number().int().positive(),
  evaluation: RiskEvaluationSchema,
  asOf: z.iso.date(),
  scoredAt: z.date().optional(),
};

export const RecordRiskScoresInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("late_fulfilment"), ...RunFields,
    scores: z.array(z.object({ orderLineId: Id, probability: Probability, reasons: Reasons })).max(SCORES_PER_RUN_MAX) }),
  z.object({ kind: z.literal("collections"), ...RunFields,
    scores: z.array(z.object({ customerId: Id, invoiceId: Id, probability: Probability, reasons: Reasons })).max(SCORES_PER_RUN_MAX) }),
]);
export type RecordRiskScoresInput = z.input<typeof RecordRiskScoresInput>;
type Parsed = z.output<typeof RecordRiskScoresInput>;

export type RecordedRiskRun = { runId: number; kind: RiskKind; scored: number; replaced: number };

function refuseUsers(actor: Actor): void {
  if (actor.userId === null) return;
  throw new DomainError("AUTH_FORBIDDEN", "forbidden", "Risk scores are recorded by the scoring job, not by users",
    { username: actor.username, reason: RiskErrorCode.SYSTEM_ONLY });
}

function refuseDuplicates(input: Parsed): void {
  const keys = input.kind === "late_fulfilment" ? input.scores.map((s) => s.orderLineId) : input.scores.map((s) => s.customerId);
  if (new Set(keys).size === keys.length) return;
  throw new DomainError(RiskErrorCode.DUPLICATE_SUBJECT, "invalid", "A scoring run scores each order line or customer once", { kind: input.kind });
}

/**
 * Inserts the run's scores, taking entity, order and customer from the line or invoice itself, so a
 * score can only name a subject that exists and hangs together (an invoice of that customer).
 */
async function insertScores(tx: Tx, input: Parsed, runId: number, scoredAt: Date): Promise<number> {
  const payload = JSON.stringify(input.scores);
  const rows = input.kind === "late_fulfilment"
    ? await tx.execute<{ n: number }>(sql`
        with written as (
          insert into sales_risk_score (run_id, kind, entity_id, customer_id, order_id, order_line_id, invoice_id, probability, reasons, model_version, scored_at)
          select ${runId}, 'late_fulfilment', l.entity_id, o.customer_id, o.id, l.id, null, s."probability", s."reasons", ${input.modelVersion}, ${scoredAt.toISOString()}::timestamptz
            from jsonb_to_recordset(${payload}::jsonb) as s("orderLineId" bigint, "probability" float8, "reasons" jsonb)
            join sales_order_line l on l.id = s."orderLineId" join sales_order o on o.id = l.order_id
          returning 1)
        select count(*)::int as n from written`)
    : await tx.execute<{ n: number }>(sql`
        with written as (
          insert into sales_risk_score (run_id, kind, entity_id, customer_id, order_id, order_line_id, invoice_id, probability, reasons, model_version, scored_at)
          select ${runId}, 'collections', i.entity_id, i.customer_id, i.order_id, null, i.id, s."probability", s."reasons", ${input.modelVersion}, ${scoredAt.toISOString()}::timestamptz
            from jsonb_to_recordset(${payload}::jsonb) as s("customerId" bigint, "invoiceId" bigint, "probability" float8, "reasons" jsonb)
            join sales_invoice i on i.id = s."invoiceId" and i.customer_id = s."customerId"
          returning 1)
        select count(*)::int as n from written`);
  return Number(rows[0]?.n ?? 0);
}

/**
 * Records a scoring run: the previous scores of the same kind are replaced by these in the caller's
 * transaction, so readers see either the old run or the new one, never a mix. Only the system (the
 * predictive-alerts job) records scores; people read them.
 */
export async function recordRiskScores(tx: Tx, actor: Actor, raw: RecordRiskScoresInput): Promise<RecordedRiskRun> {
  refuseUsers(actor);
  const input = parseInput(RecordRiskScoresInput, raw);
  refuseDuplicates(input);
  // One writer per kind at a time: two overlapping runs would otherwise both delete, then both insert.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`sales_risk|${input.kind}`}, 0))`);
  const scoredAt = input.scoredAt ?? new Date();
  const removed = await tx.execute<{ n: number }>(sql`with gone as (delete from sales_risk_score where kind = ${input.kind} returning 1) select count(*)::int as n from gone`);
  const [run] = await tx.insert(salesRiskRun).values({
    kind: input.kind, modelName: input.modelName, modelVersion: input.modelVersion, evaluation: input.evaluation,
    asOf: input.asOf, scoredAt, scoreCount: input.scores.length,
  }).returning({ id: salesRiskRun.id });
  assert(run, "risk run insert returned no row");
  const scored = await insertScores(tx, input, run.id, scoredAt);
  if (scored !== input.scores.length) {
    throw new DomainError(RiskErrorCode.SUBJECT_NOT_FOUND, "unprocessable",
      `${input.scores.length - scored} of the scored ${input.kind === "late_fulfilment" ? "order lines" : "customer invoices"} do not exist`,
      { kind: input.kind, expected: input.scores.length, written: scored });
  }
  const replaced = Number(removed[0]?.n ?? 0);
  await recordAudit(tx, actor, { action: "create", objectKind: "sales_risk_run", objectId: run.id,
    after: { kind: input.kind, model: input.modelName, version: input.modelVersion, scored, replaced } });
  return { runId: run.id, kind: input.kind, scored, replaced };
}
