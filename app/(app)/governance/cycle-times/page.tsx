import type { Metadata } from "next";
import { z } from "zod";
import { hasPermission } from "../../../../core/governance";
import { APPROVAL_KINDS, approvalCycleTimes } from "../../../../core/governance/approvals";
import { exceptionCycleTimes, type CycleTimeRow } from "../../../../core/governance/exceptions";
import { read } from "../../../_lib/db";
import { hours, kindLabel } from "../../../_lib/governance-format";
import { parseQuery, queryFields, type SearchParams } from "../../../_lib/query";
import { requireUser } from "../../../_lib/session";
import { Empty, Forbidden, PageHeader } from "../../../_lib/ui";

export const metadata: Metadata = { title: "Cycle times" };

const CycleQuery = z.object({
  kind: z.enum(APPROVAL_KINDS).optional().catch(undefined),
  from: queryFields.optionalDate,
  to: queryFields.optionalDate,
});
const DAY_MS = 86_400_000;

function ExceptionTimes({ rows }: { rows: CycleTimeRow[] }) {
  if (rows.length === 0) return <Empty>No exceptions yet.</Empty>;
  return (
    <table className="data compact" data-testid="exception-times">
      <thead><tr><th>Queue</th><th>Owner role</th><th className="num">Raised</th><th className="num">Assigned</th><th className="num">Closed</th>
        <th className="num">To assign (median)</th><th className="num">To assign (p90)</th><th className="num">To close (median)</th><th className="num">To close (p90)</th></tr></thead>
      <tbody>
        {rows.map((row) => (
          <tr key={`${row.kind}-${row.ownerRole}`}>
            <td>{kindLabel(row.kind)}</td><td>{row.ownerRole}</td><td className="num">{row.count}</td><td className="num">{row.assignedCount}</td><td className="num">{row.closedCount}</td>
            <td className="num">{hours(row.assignMedianHours)}</td><td className="num">{hours(row.assignP90Hours)}</td>
            <td className="num">{hours(row.closeMedianHours)}</td><td className="num">{hours(row.closeP90Hours)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default async function CycleTimesPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "audit:read")) return <Forbidden what="the workflow cycle times" />;
  const query = await parseQuery(CycleQuery, searchParams);
  const from = query.from ? new Date(`${query.from}T00:00:00Z`) : undefined;
  const to = query.to ? new Date(Date.parse(`${query.to}T00:00:00Z`) + DAY_MS) : undefined;
  const { approvals, exceptions } = await read(async (tx) => ({
    approvals: await approvalCycleTimes(tx, user, { kind: query.kind ?? null, from: from ?? null, to: to ?? null }),
    exceptions: hasPermission(user, "exceptions:read") ? await exceptionCycleTimes(tx, user, { from, to: from && to && from >= to ? undefined : to }) : [],
  }));
  return (
    <>
      <PageHeader title="Workflow cycle times" subtitle="Hours from a step's activation (or an item's creation) to its decision: median and 90th percentile, slowest first" />
      <form className="toolbar" action="/governance/cycle-times" method="get" aria-label="Cycle time filters">
        <select name="kind" defaultValue={query.kind ?? ""} aria-label="Approval kind">
          <option value="">All approval kinds</option>
          {APPROVAL_KINDS.map((kind) => <option key={kind} value={kind}>{kindLabel(kind)}</option>)}
        </select>
        <label>Created from <input type="date" name="from" defaultValue={query.from ?? ""} /></label>
        <label>to <input type="date" name="to" defaultValue={query.to ?? ""} /></label>
        <button type="submit">Show</button>
      </form>
      <section className="card">
        <h2>Approval steps <span className="muted">(bottlenecks first)</span></h2>
        {approvals.steps.length === 0 ? <Empty>No decided approval steps yet.</Empty> : (
          <table className="data compact" data-testid="approval-step-times">
            <thead><tr><th>Kind</th><th className="num">Step</th><th>Role</th><th className="num">Decided</th><th className="num">Escalated</th><th className="num">Median</th><th className="num">p90</th></tr></thead>
            <tbody>
              {approvals.steps.map((row) => (
                <tr key={`${row.kind}-${row.stepNumber}-${row.approverRole}`}>
                  <td>{kindLabel(row.kind)}</td><td className="num">{row.stepNumber}</td><td>{row.approverRole ?? "named user"}</td>
                  <td className="num">{row.count}</td><td className={row.escalatedCount > 0 ? "num bad" : "num"}>{row.escalatedCount}</td>
                  <td className="num">{hours(row.medianHours)}</td><td className="num">{hours(row.p90Hours)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card">
        <h2>Approval requests</h2>
        {approvals.requests.length === 0 ? <Empty>No decided requests yet.</Empty> : (
          <table className="data compact" data-testid="approval-request-times">
            <thead><tr><th>Kind</th><th className="num">Decided by people</th><th className="num">Auto-approved</th><th className="num">Median</th><th className="num">p90</th></tr></thead>
            <tbody>
              {approvals.requests.map((row) => (
                <tr key={row.kind}>
                  <td>{kindLabel(row.kind)}</td><td className="num">{row.count}</td><td className="num">{row.autoApprovedCount}</td>
                  <td className="num">{hours(row.medianHours)}</td><td className="num">{hours(row.p90Hours)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card">
        <h2>Exceptions</h2>
        <ExceptionTimes rows={exceptions} />
      </section>
    </>
  );
}
