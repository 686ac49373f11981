import type { Metadata } from "next";
import { z } from "zod";
import { hasPermission } from "../../../../core/governance";
import { searchAuditLog, type AuditLogRow } from "../../../../core/governance/audit-queries";
import { read } from "../../../_lib/db";
import { dateTime } from "../../../_lib/format";
import { plainValue } from "../../../_lib/governance-format";
import { VerifyChainForm } from "../../../_lib/governance-forms";
import { parseQuery, queryFields, type SearchParams } from "../../../_lib/query";
import { requireUser } from "../../../_lib/session";
import { Empty, Forbidden, PageHeader, Pager } from "../../../_lib/ui";

export const metadata: Metadata = { title: "Audit log" };

const AuditQuery = z.object({
  q: queryFields.optionalText,
  kind: queryFields.optionalText,
  object: queryFields.optionalText,
  actor: queryFields.optionalText,
  action: queryFields.optionalText,
  from: queryFields.optionalDate,
  to: queryFields.optionalDate,
  page: queryFields.pageNumber,
});
const PAGE_SIZE = 50;
const DAY_MS = 86_400_000;
const ACTIONS = ["create", "update", "state_change", "deactivate", "reactivate", "sign_in", "sign_out", "post", "reverse"];

function changeText(row: AuditLogRow): string {
  const before = row.before !== null && typeof row.before === "object" ? (row.before as Record<string, unknown>) : null;
  const after = row.after !== null && typeof row.after === "object" ? (row.after as Record<string, unknown>) : null;
  const names = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])]
    .filter((name) => before === null || plainValue(before[name]) !== plainValue(after?.[name]));
  return names.map((name) => (before ? `${name}: ${plainValue(before[name])} → ${plainValue(after?.[name])}` : `${name}: ${plainValue(after?.[name])}`)).join("\n");
}

function AuditLogTable({ rows }: { rows: AuditLogRow[] }) {
  return (
    <div className="table-wrap">
      <table className="data changes audit-changes" data-testid="audit-log">
        <thead><tr><th className="num">#</th><th>When</th><th>Who</th><th>Action</th><th>Object</th><th>Request</th><th>Sealed</th><th>Before → after</th></tr></thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td className="num">{row.id}</td>
              <td className="when">{dateTime(row.occurredAt)}</td>
              <td>{row.actorName}</td>
              <td>{row.action}</td>
              <td>{row.objectKind} {row.objectId}</td>
              <td className="muted">{row.requestId ?? ""}</td>
              <td>{row.sealed ? <span className="badge status-approved" title={`chain sequence ${row.chainSeq}`}>sealed #{row.chainSeq}</span> : <span className="badge inactive">not yet</span>}</td>
              <td><pre>{changeText(row)}</pre></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default async function AuditLogPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "audit:read")) return <Forbidden what="the audit log" />;
  const query = await parseQuery(AuditQuery, searchParams);
  const log = await read((tx) => searchAuditLog(tx, user, {
    search: query.q, objectKind: query.kind, objectId: query.object, actorName: query.actor, action: query.action,
    from: query.from ? new Date(`${query.from}T00:00:00Z`) : undefined,
    // The "to" date is inclusive: everything before the next day's midnight (UTC).
    to: query.to ? new Date(Date.parse(`${query.to}T00:00:00Z`) + DAY_MS) : undefined,
    page: query.page, pageSize: PAGE_SIZE,
  }));
  const { page: _page, ...filters } = query;
  return (
    <>
      <PageHeader title="Audit log" subtitle="Every create, update, state change, decision and sign-in, newest first; rows are sealed into a hash chain" actions={<VerifyChainForm />} />
      <form className="toolbar" action="/governance/audit" method="get" role="search" aria-label="Audit filters">
        <input type="search" name="q" defaultValue={query.q ?? ""} placeholder="Anything: values, names, ids" aria-label="Search" />
        <input name="kind" defaultValue={query.kind ?? ""} placeholder="Object kind (customer, approval_request…)" aria-label="Object kind" />
        <input name="object" defaultValue={query.object ?? ""} placeholder="Object id" aria-label="Object id" size={8} />
        <input name="actor" defaultValue={query.actor ?? ""} placeholder="Actor" aria-label="Actor" size={10} />
        <input name="action" defaultValue={query.action ?? ""} placeholder="Action" aria-label="Action" list="audit-actions" size={12} />
        <datalist id="audit-actions">{ACTIONS.map((a) => <option key={a} value={a} />)}</datalist>
        <label>From <input type="date" name="from" defaultValue={query.from ?? ""} /></label>
        <label>To <input type="date" name="to" defaultValue={query.to ?? ""} /></label>
        <button type="submit">Search</button>
      </form>
      {log.rows.length === 0 ? <Empty>No audit entries match.</Empty> : <AuditLogTable rows={log.rows} />}
      <Pager path="/governance/audit" params={filters} page={log.page} pageSize={log.pageSize} total={log.total} />
    </>
  );
}
