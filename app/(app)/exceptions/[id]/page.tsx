import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import type { Tx } from "../../../../core/db/client";
import { hasPermission, type SessionUser } from "../../../../core/governance";
import { searchAuditLog } from "../../../../core/governance/audit-queries";
import { getExceptionOrThrow } from "../../../../core/governance/exceptions";
import { isDomainError } from "../../../../core/shared/errors";
import { read } from "../../../_lib/db";
import { dateTime } from "../../../_lib/format";
import { kindLabel } from "../../../_lib/governance-format";
import { AssignExceptionForm, CloseExceptionForm } from "../../../_lib/governance-forms";
import { assigneeChoices, userNames } from "../../../_lib/governance-users";
import { AuditTable, documentHref, OverdueBadge, SeverityBadge, StatusBadge } from "../../../_lib/governance-view";
import { loadOrNotFound } from "../../../_lib/page-data";
import { parseId, parseQuery, type SearchParams } from "../../../_lib/query";
import { requireUser } from "../../../_lib/session";
import { Empty, Field, Forbidden, PageHeader } from "../../../_lib/ui";

export const metadata: Metadata = { title: "Exception" };

const HISTORY_ROWS = 50;

async function loadDetail(tx: Tx, user: SessionUser, exceptionId: number) {
  const item = await getExceptionOrThrow(tx, user, exceptionId);
  const history = hasPermission(user, "audit:read")
    ? (await searchAuditLog(tx, user, { objectKind: "exception_item", objectId: exceptionId, pageSize: HISTORY_ROWS })).rows
    : null;
  return { item, history, assignees: await assigneeChoices(tx, user, [item.ownerRole]), names: await userNames(tx, user) };
}

const DetailQuery = z.object({ done: z.enum(["resolved", "dismissed"]).optional().catch(undefined) });

export default async function ExceptionPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "exceptions:read")) return <Forbidden what="the exception queues" />;
  const exceptionId = parseId((await params).id);
  if (exceptionId === null) notFound();
  const query = await parseQuery(DetailQuery, searchParams);
  let detail;
  try {
    detail = await loadOrNotFound(() => read((tx) => loadDetail(tx, user, exceptionId)));
  } catch (error) {
    if (isDomainError(error) && error.kind === "forbidden") return <Forbidden what="this exception: it is addressed to other roles" />;
    throw error;
  }
  const { item, history, assignees, names } = detail;
  const active = item.state === "open" || item.state === "assigned";
  const canManage = hasPermission(user, "exceptions:manage");
  return (
    <>
      <PageHeader title={`Exception #${item.id}: ${item.title}`}
        subtitle={<><StatusBadge status={item.state} /> <SeverityBadge severity={item.severity} /> {kindLabel(item.kind)} · <Link href={`/exceptions?kind=${item.kind}`}>Queue</Link></>} />
      {query.done ? <p className="form-ok card" role="status" data-testid="done">Exception #{item.id} {query.done}.</p> : null}
      <section className="card">
        <h2>Explanation</h2>
        <p data-testid="exception-explanation">{item.explanation}</p>
      </section>
      <dl className="kv-grid card" data-testid="exception-fields">
        <Field label="Owner role">{item.ownerRole}</Field>
        <Field label="Also addressed to">{item.audienceRoles.filter((r) => r !== item.ownerRole).join(", ") || "—"}</Field>
        <Field label="Raised">{dateTime(item.createdAt)}</Field>
        <Field label="Due">{item.dueAt ? dateTime(item.dueAt) : "—"} <OverdueBadge overdue={item.overdue} /></Field>
        <Field label="Assigned to"><span data-testid="exception-assignee">{item.assignedUserName ?? "—"}</span></Field>
        <Field label="Assigned">{item.assignedAt ? dateTime(item.assignedAt) : "—"}</Field>
        <Field label="Closed">{item.closedAt ? dateTime(item.closedAt) : "—"}</Field>
        <Field label="Closed by">{item.closedByUserId ? names.get(item.closedByUserId) ?? `user #${item.closedByUserId}` : "—"}</Field>
        <Field label="Reason"><span data-testid="exception-reason">{item.resolutionReason ?? "—"}</span></Field>
      </dl>
      <section className="card">
        <h2>Linked documents <span className="muted">({item.links.length})</span></h2>
        {item.links.length === 0 ? <Empty>No linked documents.</Empty> : (
          <table className="data compact" data-testid="exception-links">
            <thead><tr><th>Type</th><th>Document</th><th>Reference</th></tr></thead>
            <tbody>
              {item.links.map((link) => {
                const href = documentHref(link.type, link.id);
                return (
                  <tr key={`${link.type}-${link.id}`}>
                    <td>{kindLabel(link.type)}</td>
                    <td>{href ? <Link href={href}>{link.label}</Link> : link.label}</td>
                    <td className="muted">{link.id}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      {active && canManage ? (
        <section className="card">
          <h2>Work it</h2>
          <AssignExceptionForm exceptionId={item.id} users={assignees} />
          <CloseExceptionForm exceptionId={item.id} />
        </section>
      ) : null}
      {history ? <section className="card"><h2>History</h2><AuditTable rows={history} showObject={false} testId="exception-history" /></section> : null}
    </>
  );
}
