import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { parseInput } from "../../../shared/errors";
import { requirePermission, type Actor } from "../../permissions";
import { APPROVAL_KINDS } from "../types";

export const CYCLE_TIME_GROUPS_MAX = 500;

export const ApprovalCycleTimesSchema = z.object({
  kind: z.enum(APPROVAL_KINDS).nullable().optional(),
  /** Requests created in [from, to). */
  from: z.coerce.date().nullable().optional(),
  to: z.coerce.date().nullable().optional(),
});
export type ApprovalCycleTimesInput = z.input<typeof ApprovalCycleTimesSchema>;

/** One step position of one kind, decided by one role: hours from activation to decision. */
export type StepCycleTime = {
  kind: string; stepNumber: number; approverRole: string | null;
  count: number; escalatedCount: number; medianHours: number | null; p90Hours: number | null;
};
/** Whole requests of one kind: hours from submission to decision (auto-approvals counted apart). */
export type RequestCycleTime = { kind: string; count: number; autoApprovedCount: number; medianHours: number | null; p90Hours: number | null };
export type ApprovalCycleTimes = { steps: StepCycleTime[]; requests: RequestCycleTime[] };

function requestFilter(input: z.output<typeof ApprovalCycleTimesSchema>): SQL {
  const parts: SQL[] = [sql`true`];
  if (input.kind) parts.push(sql`r.kind = ${input.kind}`);
  if (input.from) parts.push(sql`r.created_at >= ${input.from.toISOString()}::timestamptz`);
  if (input.to) parts.push(sql`r.created_at < ${input.to.toISOString()}::timestamptz`);
  return sql.join(parts, sql` and `);
}

const hoursOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/**
 * Workflow cycle times per kind, step and approver role (median and p90 hours from a step's
 * activation to its decision; escalated steps are counted but have no decision time), and per
 * kind for whole requests. Slowest p90 first, so the bottlenecks lead.
 */
export async function approvalCycleTimes(tx: Tx, actor: Actor, raw: ApprovalCycleTimesInput = {}): Promise<ApprovalCycleTimes> {
  requirePermission(actor, "audit:read");
  const input = parseInput(ApprovalCycleTimesSchema, raw);
  const filter = requestFilter(input);
  const stepHours = sql`extract(epoch from (s.decided_at - s.activated_at)) / 3600.0`;
  const steps = await tx.execute<Record<string, unknown>>(sql`
    select r.kind, s.step_number, s.approver_role,
           count(*) filter (where s.decided_at is not null)::int as decided,
           count(*) filter (where s.status = 'escalated')::int as escalated,
           percentile_cont(0.5) within group (order by ${stepHours}) filter (where s.decided_at is not null) as median_hours,
           percentile_cont(0.9) within group (order by ${stepHours}) filter (where s.decided_at is not null) as p90_hours
      from approval_step s join approval_request r on r.id = s.request_id
     where s.activated_at is not null and s.status in ('approved', 'rejected', 'escalated') and ${filter}
     group by r.kind, s.step_number, s.approver_role
     order by p90_hours desc nulls last, median_hours desc nulls last, escalated desc, r.kind, s.step_number
     limit ${CYCLE_TIME_GROUPS_MAX}`);
  const requestHours = sql`extract(epoch from (r.decided_at - r.created_at)) / 3600.0`;
  const requests = await tx.execute<Record<string, unknown>>(sql`
    select r.kind, count(*) filter (where not r.auto_approved)::int as decided, count(*) filter (where r.auto_approved)::int as auto_approved,
           percentile_cont(0.5) within group (order by ${requestHours}) filter (where not r.auto_approved) as median_hours,
           percentile_cont(0.9) within group (order by ${requestHours}) filter (where not r.auto_approved) as p90_hours
      from approval_request r
     where r.decided_at is not null and r.status in ('approved', 'rejected') and ${filter}
     group by r.kind
     order by p90_hours desc nulls last, median_hours desc nulls last, r.kind
     limit ${CYCLE_TIME_GROUPS_MAX}`);
  return {
    steps: steps.map((row) => ({
      kind: String(row.kind), stepNumber: Number(row.step_number), approverRole: row.approver_role === null ? null : String(row.approver_role),
      count: Number(row.decided), escalatedCount: Number(row.escalated), medianHours: hoursOrNull(row.median_hours), p90Hours: hoursOrNull(row.p90_hours),
    })),
    requests: requests.map((row) => ({
      kind: String(row.kind), count: Number(row.decided), autoApprovedCount: Number(row.auto_approved),
      medianHours: hoursOrNull(row.median_hours), p90Hours: hoursOrNull(row.p90_hours),
    })),
  };
}
