// Steps of a request's life shared by submit, decide, cancel and escalate: notifying the
// approver of a step, activating a step, and the one guarded transition that applies an
// approved request exactly once.
import { and, asc, eq, isNull } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { assert } from "../../shared/assert";
import { DomainError } from "../../shared/errors";
import { notify } from "../notifications/notify";
import { isRole, type Actor } from "../permissions";
import { approvalRequest, approvalStep } from "../schema";
import { GovernanceApprovalError } from "./errors";
import { requireApprovalHandler } from "./registry";
import type { ApprovalKind, ApprovalRequestRow, ApprovalStepRow } from "./types";

export const HOUR_MS = 3_600_000;
export const STEPS_PER_REQUEST_MAX = 200;

export function approvalLink(requestId: number): string {
  return `/approvals/${requestId}`;
}

export function dueAtFrom(activatedAt: Date, timeLimitHours: number): Date {
  assert(Number.isInteger(timeLimitHours) && timeLimitHours > 0, "a time limit is a positive number of hours");
  return new Date(activatedAt.getTime() + timeLimitHours * HOUR_MS);
}

export async function stepsOfRequest(tx: Tx, requestId: number): Promise<ApprovalStepRow[]> {
  const steps = await tx.select().from(approvalStep).where(eq(approvalStep.requestId, requestId))
    .orderBy(asc(approvalStep.stepNumber), asc(approvalStep.level)).limit(STEPS_PER_REQUEST_MAX);
  assert(steps.length < STEPS_PER_REQUEST_MAX, `request ${requestId} has too many steps`);
  return steps;
}

/** Locks the request row: every decision on one request is serialized behind this lock. */
export async function lockPendingRequest(tx: Tx, requestId: number): Promise<ApprovalRequestRow> {
  const [request] = await tx.select().from(approvalRequest).where(eq(approvalRequest.id, requestId)).for("update").limit(1);
  if (!request) throw new DomainError(GovernanceApprovalError.REQUEST_NOT_FOUND, "not_found", `Approval request ${requestId} does not exist`, { requestId });
  if (request.status !== "pending") {
    throw new DomainError(GovernanceApprovalError.REQUEST_NOT_PENDING, "conflict",
      `Approval request ${requestId} is already ${request.status}`, { requestId, status: request.status });
  }
  return request;
}

/** The step now waiting for a decision: the lowest-numbered pending one. */
export function currentStepOf(steps: readonly ApprovalStepRow[]): ApprovalStepRow | null {
  const pending = steps.filter((s) => s.status === "pending");
  pending.sort((a, b) => a.stepNumber - b.stepNumber || b.level - a.level);
  return pending[0] ?? null;
}

export async function notifyStepApprover(tx: Tx, request: ApprovalRequestRow, step: ApprovalStepRow, headline = "Approval needed"): Promise<void> {
  const role = step.approverRole !== null && isRole(step.approverRole) ? step.approverRole : null;
  assert(role !== null || step.approverUserId !== null, `step ${step.id} names no approver`);
  const due = step.dueAt ? ` by ${step.dueAt.toISOString()}` : "";
  await notify(tx, {
    userId: step.approverUserId,
    roles: step.approverUserId === null && role ? [role] : [],
    kind: "approval.step_pending",
    title: `${headline}: ${request.title}`,
    body: `Step ${step.stepNumber} of ${request.kind.replaceAll("_", " ")} request #${request.id} waits for your decision${due}.`,
    link: approvalLink(request.id),
  });
}

export async function notifyRequester(tx: Tx, request: ApprovalRequestRow, kind: string, title: string, body: string): Promise<void> {
  // Requests raised by the system itself have nobody to tell.
  if (request.requestedByUserId === null) return;
  await notify(tx, { userId: request.requestedByUserId, kind, title, body, link: approvalLink(request.id) });
}

/**
 * Moves a request from pending to approved and runs its kind's handler, once. The status
 * update only matches a pending row and the caller holds the row lock, so a repeated or
 * concurrent decision can never reach the handler a second time.
 */
export async function approveAndApply(tx: Tx, actor: Actor, requestId: number, reason: string | null, now: Date): Promise<ApprovalRequestRow> {
  const [approved] = await tx.update(approvalRequest)
    .set({ status: "approved", decidedAt: now, decisionReason: reason })
    .where(and(eq(approvalRequest.id, requestId), eq(approvalRequest.status, "pending"))).returning();
  assert(approved !== undefined, `request ${requestId} was not pending when approved`);
  return applyApproved(tx, actor, approved, now);
}

/** Runs onApproved for an approved, not yet applied request and stamps appliedAt. */
export async function applyApproved(tx: Tx, actor: Actor, request: ApprovalRequestRow, now: Date): Promise<ApprovalRequestRow> {
  assert(request.status === "approved", `request ${request.id} is not approved`);
  assert(request.appliedAt === null, `request ${request.id} was already applied`);
  const handler = requireApprovalHandler(request.kind as ApprovalKind);
  await handler.onApproved(tx, actor, request);
  const [applied] = await tx.update(approvalRequest).set({ appliedAt: now })
    .where(and(eq(approvalRequest.id, request.id), isNull(approvalRequest.appliedAt))).returning();
  assert(applied !== undefined, `request ${request.id} was applied twice`);
  return applied;
}
