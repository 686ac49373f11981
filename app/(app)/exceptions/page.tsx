import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import type { Tx } from "../../../core/db/client";
import { hasPermission, ROLES, type Role, type SessionUser } from "../../../core/governance";
import {
  EXCEPTION_SEVERITIES, EXCEPTION_STATES, exceptionKinds, exceptionQueueSummary, listExceptions, type ExceptionListRow, type QueueSummary,
} from "../../../core/governance/exceptions";
import { read } from "../../_lib/db";
import { dateTime } from "../../_lib/format";
import { kindLabel } from "../../_lib/governance-format";
import { BulkAssignForm } from "../../_lib/governance-forms";
import { assigneeChoices } from "../../_lib/governance-users";
import { OverdueBadge, SeverityBadge, StatusBadge } from "../../_lib/governance-view";
import { hrefWith, parseQuery, queryFields, type SearchParams } from "../../_lib/query";
import { requireUser } from "../../_lib/session";
import { Empty, Forbidden, PageHeader, Pager } from "../../_lib/ui";

export const metadata: Metadata = { title: "Exceptions" };

const STATE_FILTERS = ["active", ...EXCEPTION_STATES, "all"] as const;
const ExceptionsQuery = z.object({
  kind: z.string().max(64).refine((k) => exceptionKinds().includes(k)).optional().catch(undefined),
  state: z.enum(STATE_FILTERS).catch("active"),
  severity: z.enum(EXCEPTION_SEVERITIES).optional().catch(undefined),
  owner: z.enum(ROLES).optional().catch(undefined),
  /** "me", or a user id. */
  assigned: z.union([z.literal("me"), z.string().regex(/^\d{1,15}$/)]).optional().catch(undefined),
  overdue: z.enum(["1"]).optional().catch(undefined),
  q: queryFields.optionalText,
  page: queryFields.pageNumber,
});
type ExceptionsQuery = z.output<typeof ExceptionsQuery>;
const PAGE_SIZE = 50;

function assignedUserId(user: SessionUser, assigned: string | undefined): number | undefined {
  if (assigned === undefined) return undefined;
  if (assigned === "me") return user.userId ?? undefined;
  return Number(assigned);
}

async function loadQueue(tx: Tx, user: SessionUser, query: ExceptionsQuery) {
  const page = await listExceptions(tx, user, {
    kind: query.kind, state: query.state === "all" ? undefined : query.state, severity: query.severity, ownerRole: query.owner,
    assignedUserId: assignedUserId(user, query.assigned), overdue: query.overdue === "1" ? true : undefined, search: query.q, page: query.page, pageSize: PAGE_SIZE,
  });
  const ownerRoles = query.owner ? [query.owner] : [...new Set(page.rows.filter((r) => r.state === "open" || r.state === "assigned").map((r) => r.ownerRole))];
  return { page, summary: await exceptionQueueSummary(tx, user), assignees: await assigneeChoices(tx, user, ownerRoles as Role[]) };
}

function SummaryTable({ summary }: { summary: QueueSummary }) {
  if (summary.rows.length === 0) return <Empty>No open exceptions in your queues.</Empty>;
  return (
    <table className="data compact" data-testid="queue-summary">
      <thead><tr><th>Queue</th><th>Severity</th><th className="num">Open</th><th className="num">Unassigned</th><th className="num">Overdue</th></tr></thead>
      <tbody>
        {summary.rows.map((row) => (
          <tr key={`${row.kind}-${row.severity}`}>
            <td><Link href={hrefWith("/exceptions", { kind: row.kind })}>{kindLabel(row.kind)}</Link></td>
            <td><Link href={hrefWith("/exceptions", { kind: row.kind, severity: row.severity })}><SeverityBadge severity={row.severity} /></Link></td>
            <td className="num">{row.open}</td>
            <td className="num">{row.unassigned}</td>
            <td className={row.overdue > 0 ? "num bad" : "num"}>{row.overdue}</td>
          </tr>
        ))}
      </tbody>
      <tfoot><tr><th colSpan={2}>All queues</th><th className="num">{summary.totals.open}</th><th className="num">{summary.totals.unassigned}</th><th className="num">{summary.totals.overdue}</th></tr></tfoot>
    </table>
  );
}

function Filters({ query }: { query: ExceptionsQuery }) {
  return (
    <form className="toolbar" action="/exceptions" method="get" role="search" aria-label="Filters">
      <input type="search" name="q" defaultValue={query.q ?? ""} placeholder="Title, explanation or document" aria-label="Search" />
      <select name="kind" defaultValue={query.kind ?? ""} aria-label="Queue">
        <option value="">All queues</option>
        {exceptionKinds().map((kind) => <option key={kind} value={kind}>{kindLabel(kind)}</option>)}
      </select>
      <select name="state" defaultValue={query.state} aria-label="State">
        {STATE_FILTERS.map((state) => <option key={state} value={state}>{state === "active" ? "active (open or assigned)" : state}</option>)}
      </select>
      <select name="severity" defaultValue={query.severity ?? ""} aria-label="Severity">
        <option value="">Any severity</option>
        {EXCEPTION_SEVERITIES.map((s) => <option key={s} value={s}>{s}</option>)}
      </select>
      <select name="owner" defaultValue={query.owner ?? ""} aria-label="Owner role">
        <option value="">Any owner role</option>
        {ROLES.map((role) => <option key={role} value={role}>{role}</option>)}
      </select>
      <label><input type="checkbox" name="assigned" value="me" defaultChecked={query.assigned === "me"} /> Assigned to me</label>
      <label><input type="checkbox" name="overdue" value="1" defaultChecked={query.overdue === "1"} /> Overdue</label>
      <button type="submit">Filter</button>
    </form>
  );
}

function QueueTable({ rows, selectable }: { rows: ExceptionListRow[]; selectable: boolean }) {
  return (
    <div className="table-wrap">
      <table className="data" data-testid="exception-list">
        <thead><tr>{selectable ? <th><span className="sr-only">Select</span></th> : null}<th>Exception</th><th>Queue</th><th>Severity</th><th>Owner</th><th>State</th><th>Assigned to</th><th>Due</th></tr></thead>
        <tbody>
          {rows.map((row) => {
            const active = row.state === "open" || row.state === "assigned";
            return (
              <tr key={row.id} data-exception-id={row.id}>
                {selectable ? <td>{active ? <input type="checkbox" name="ids" value={row.id} form="bulk-assign" aria-label={`Select #${row.id}`} /> : null}</td> : null}
                <td><Link href={`/exceptions/${row.id}`}>#{row.id} {row.title}</Link></td>
                <td>{kindLabel(row.kind)}</td>
                <td><SeverityBadge severity={row.severity} /></td>
                <td>{row.ownerRole}{row.audienceRoles.length > 0 ? <span className="muted"> +{row.audienceRoles.filter((r) => r !== row.ownerRole).join(", ")}</span> : null}</td>
                <td><StatusBadge status={row.state} /></td>
                <td>{row.assignedUserName ?? <span className="muted">—</span>}</td>
                <td>{row.dueAt ? dateTime(row.dueAt) : "—"} <OverdueBadge overdue={row.overdue} /></td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export default async function ExceptionsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "exceptions:read")) return <Forbidden what="the exception queues" />;
  const query = await parseQuery(ExceptionsQuery, searchParams);
  const { page, summary, assignees } = await read((tx) => loadQueue(tx, user, query));
  const canManage = hasPermission(user, "exceptions:manage");
  const selectable = canManage && page.rows.some((row) => row.state === "open" || row.state === "assigned");
  return (
    <>
      <PageHeader title="Exceptions" subtitle="The queues addressed to your roles: filter, take or assign, and close each with a reason" />
      <section className="card">
        <h2>Open by queue and severity</h2>
        <SummaryTable summary={summary} />
      </section>
      <Filters query={query} />
      {selectable ? <BulkAssignForm users={assignees} /> : null}
      {page.rows.length === 0 ? <Empty>No exceptions match.</Empty> : <QueueTable rows={page.rows} selectable={selectable} />}
      <Pager path="/exceptions" params={{ kind: query.kind, state: query.state, severity: query.severity, owner: query.owner, assigned: query.assigned, overdue: query.overdue, q: query.q }}
        page={page.page} pageSize={page.pageSize} total={page.total} />
    </>
  );
}
