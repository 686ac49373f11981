import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import type { Tx } from "../../../../core/db/client";
import { hasPermission, type SessionUser } from "../../../../core/governance";
import { factsFromJson, getApprovalRequestOrThrow, type ApprovalRequestDetail, type ApprovalStepDetail } from "../../../../core/governance/approvals";
import { MasterChangePayload } from "../../../../core/governance/change-control";
import { getMasterOrThrow, isMasterKind, MASTER_KINDS, type Row } from "../../../../core/masters";
import { isDomainError } from "../../../../core/shared/errors";
import { read } from "../../../_lib/db";
import { dateTime } from "../../../_lib/format";
import { entityCurrency, factMoney, kindLabel } from "../../../_lib/governance-format";
import { CancelRequestForm, DecisionForm } from "../../../_lib/governance-forms";
import { AuditTable, ChangeTable, OverdueBadge, StatusBadge, type MasterChange } from "../../../_lib/governance-view";
import { masterHref } from "../../../_lib/links";
import { loadReferenceData, rowLabel } from "../../../_lib/masters-view";
import { loadOrNotFound } from "../../../_lib/page-data";
import { parseId, parseQuery, type SearchParams } from "../../../_lib/query";
import { loadCurrencyDigits, loadEntities } from "../../../_lib/reference-data";
import { requireUser } from "../../../_lib/session";
import { Field, Forbidden, PageHeader } from "../../../_lib/ui";

export const metadata: Metadata = { title: "Approval request" };

const READ_PERMISSIONS = ["approvals:submit", "approvals:decide", "governance.policies:manage", "audit:read"] as const;
const DetailQuery = z.object({ done: z.enum(["approved", "step", "rejected", "cancelled"]).optional().catch(undefined) });
const DONE_TEXT = {
  approved: "Approved: the request is complete and its change has been applied.",
  step: "Approved: the request moves on to its next step.",
  rejected: "Rejected: nothing of the request applies.",
  cancelled: "Cancelled: the request is withdrawn and nothing applies.",
} as const;

/** The subject row and its references, for a master-data change's before → after table. */
async function loadChange(tx: Tx, user: SessionUser, request: ApprovalRequestDetail) {
  if (request.kind !== "master_data_change") return null;
  const parsed = MasterChangePayload.safeParse(request.payload);
  if (!parsed.success || !isMasterKind(parsed.data.kind)) return null;
  const change: MasterChange = { kind: parsed.data.kind, key: String(parsed.data.key), patch: parsed.data.patch, before: parsed.data.before };
  let row: Row;
  try {
    row = (await getMasterOrThrow(tx, user, change.kind, change.key)) as Row;
  } catch (error) {
    if (isDomainError(error) && (error.kind === "not_found" || error.kind === "forbidden")) return { change, row: null, refs: null };
    throw error;
  }
  const variants = [row, { ...row, ...change.patch }, { ...row, ...(change.before ?? {}) }];
  return { change, row, refs: await loadReferenceData(tx, user, [{ kind: change.kind, rows: variants }]) };
}

async function loadDetail(tx: Tx, user: SessionUser, requestId: number) {
  const request = await getApprovalRequestOrThrow(tx, user, requestId);
  const entities = await loadEntities(tx, user);
  const digits = await loadCurrencyDigits(tx, user);
  return { request, entities, digits, change: await loadChange(tx, user, request) };
}

function fitsStep(user: SessionUser, step: ApprovalStepDetail | null): boolean {
  if (!step || user.userId === null) return false;
  return step.approverUserId === user.userId || (step.approverRole !== null && (user.roles as readonly string[]).includes(step.approverRole));
}

function StepsTable({ steps }: { steps: ApprovalStepDetail[] }) {
  const now = new Date();
  return (
    <div className="table-wrap">
      <table className="data compact" data-testid="approval-steps">
        <thead><tr><th>Step</th><th>Approver</th><th>Status</th><th>Due</th><th>Decided by</th><th>On behalf of</th><th>Decided</th><th>Comment</th></tr></thead>
        <tbody>
          {steps.map((step) => (
            <tr key={step.id}>
              <td>{step.stepNumber}{step.level > 0 ? <span className="muted"> (level {step.level})</span> : null}</td>
              <td>{step.approverRole ? `role ${step.approverRole}` : step.approverUserName ?? `user #${step.approverUserId}`}</td>
              <td><StatusBadge status={step.status} /></td>
              <td>{step.dueAt ? dateTime(step.dueAt) : "—"} <OverdueBadge overdue={step.status === "pending" && step.dueAt !== null && step.dueAt < now} /></td>
              <td>{step.decidedByName ?? "—"}</td>
              <td>{step.onBehalfOfName ?? "—"}</td>
              <td>{step.decidedAt ? dateTime(step.decidedAt) : "—"}</td>
              <td>{step.comment ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default async function ApprovalRequestPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const user = await requireUser();
  if (!READ_PERMISSIONS.some((p) => hasPermission(user, p))) return <Forbidden what="approval requests" />;
  const requestId = parseId((await params).id);
  if (requestId === null) notFound();
  const query = await parseQuery(DetailQuery, searchParams);
  const { request, entities, digits, change } = await loadOrNotFound(() => read((tx) => loadDetail(tx, user, requestId)));
  const facts = factsFromJson(request.facts);
  const currency = entityCurrency(entities, digits, request.entityId);
  const entity = entities.find((e) => e.id === request.entityId);
  const pending = request.status === "pending";
  const subjectLabel = change?.row ? rowLabel(change.change.kind, change.row) : null;
  const mayTryDecision = pending && hasPermission(user, "approvals:decide") && (request.actorMayDecide || fitsStep(user, request.currentStep));
  return (
    <>
      <PageHeader title={`Request #${request.id}: ${request.title}`} subtitle={<><StatusBadge status={request.status} /> {kindLabel(request.kind)} · <Link href="/approvals">All approvals</Link></>} />
      {query.done ? <p className="form-ok card" role="status" data-testid="done">{DONE_TEXT[query.done]}</p> : null}
      <dl className="kv-grid card" data-testid="request-facts">
        <Field label="Requested by">{request.requestedByName}</Field>
        <Field label="Submitted">{dateTime(request.createdAt)}</Field>
        <Field label="Subject">{request.subjectType} {request.subjectId}</Field>
        <Field label="Entity">{entity ? `${entity.code} (${entity.baseCurrency})` : "—"}</Field>
        <Field label="Amount"><span data-testid="fact-amount">{factMoney(facts.amountMinor, currency)}</span></Field>
        {facts.quantityValueMinor != null ? <Field label="Quantity value">{factMoney(facts.quantityValueMinor, currency)}</Field> : null}
        {facts.marginImpactBps != null ? <Field label="Margin impact">{facts.marginImpactBps} bps</Field> : null}
        {facts.customerTier ? <Field label="Customer tier">{facts.customerTier}</Field> : null}
        {facts.customerId ? <Field label="Customer"><Link href={masterHref("customer", facts.customerId)}>{subjectLabel ?? `customer ${facts.customerId}`}</Link></Field> : null}
        {facts.supplierId ? <Field label="Supplier"><Link href={masterHref("supplier", facts.supplierId)}>supplier {facts.supplierId}</Link></Field> : null}
        {facts.masterKind ? <Field label="Master data">{facts.masterKind}{facts.fields?.length ? `: ${facts.fields.join(", ")}` : ""}</Field> : null}
        <Field label="Policy">
          <span data-testid="request-policy">{request.policy
            ? <Link href={`/governance/policies/${request.policy.kind}?version=${request.policy.version}`}>{request.policy.name} v{request.policy.version}</Link>
            : "—"}{request.policy && !request.policy.active ? <span className="muted"> (retired)</span> : null}</span>
        </Field>
        <Field label="Matched rule"><span data-testid="request-rule">{request.ruleName ?? "—"}</span></Field>
        {request.decidedAt ? <Field label="Decided">{dateTime(request.decidedAt)}</Field> : null}
        {request.decisionReason ? <Field label="Reason">{request.decisionReason}</Field> : null}
        {request.appliedAt ? <Field label="Applied">{dateTime(request.appliedAt)}</Field> : null}
      </dl>
      {change ? (
        <section className="card">
          <h2>Change to {MASTER_KINDS[change.change.kind].label.toLowerCase()} {change.row ? <Link href={masterHref(change.change.kind, change.change.key)}>{subjectLabel}</Link> : change.change.key}</h2>
          {change.row && change.refs ? <ChangeTable change={change.change} row={change.row} refs={change.refs} digits={digits} /> : <p className="muted">The record is not available to you.</p>}
        </section>
      ) : null}
      <section className="card">
        <h2>Steps</h2>
        <StepsTable steps={request.steps} />
      </section>
      {mayTryDecision ? <section className="card"><h2>Your decision on step {request.currentStep?.stepNumber}</h2><DecisionForm requestId={request.id} /></section> : null}
      {pending && user.userId !== null && user.userId === request.requestedByUserId ? (
        <section className="card"><h2>Withdraw</h2><CancelRequestForm requestId={request.id} /></section>
      ) : null}
      <section className="card">
        <h2>History</h2>
        <AuditTable rows={request.history} showObject={false} testId="request-history" />
      </section>
    </>
  );
}
