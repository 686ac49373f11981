import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import type { Tx } from "../../../core/db/client";
import { hasPermission, type SessionUser } from "../../../core/governance";
import { APPROVAL_KINDS, listApprovalRequests, listMyApprovals, type ApprovalRequestSummary } from "../../../core/governance/approvals";
import { read } from "../../_lib/db";
import { dateTime } from "../../_lib/format";
import { entityCurrency, kindLabel, requestAmount } from "../../_lib/governance-format";
import { OverdueBadge, StatusBadge, Tabs } from "../../_lib/governance-view";
import { parseQuery, queryFields, type SearchParams } from "../../_lib/query";
import { loadCurrencyDigits, loadEntities, type EntitySummary } from "../../_lib/reference-data";
import { requireUser } from "../../_lib/session";
import { Empty, Forbidden, PageHeader, Pager, SearchForm } from "../../_lib/ui";
import type { CurrencyDigits } from "../../_lib/format";

export const metadata: Metadata = { title: "Approvals" };

const STATUSES = ["pending", "approved", "rejected", "cancelled"] as const;
const ApprovalsQuery = z.object({
  tab: z.enum(["inbox", "requested", "all"]).optional().catch(undefined),
  kind: z.enum(APPROVAL_KINDS).optional().catch(undefined),
  status: z.enum(STATUSES).optional().catch(undefined),
  q: queryFields.optionalText,
  page: queryFields.pageNumber,
});
const PAGE_SIZE = 50;
/** "Requested by me" reads the newest requests matching the user's name, then keeps their own. */
const REQUESTED_SCAN_MAX = 200;
const INBOX_MAX = 200;

const READ_PERMISSIONS = ["approvals:submit", "approvals:decide", "governance.policies:manage", "audit:read"] as const;

type Money = { entities: EntitySummary[]; digits: CurrencyDigits };

async function loadTab(tx: Tx, user: SessionUser, query: z.output<typeof ApprovalsQuery>, tab: "inbox" | "requested" | "all") {
  const money: Money = { entities: await loadEntities(tx, user), digits: await loadCurrencyDigits(tx, user) };
  if (tab === "inbox") return { tab, money, inbox: await listMyApprovals(tx, user, { limit: INBOX_MAX }) } as const;
  if (tab === "requested") {
    const page = await listApprovalRequests(tx, user, { search: user.username, status: query.status ?? null, kind: query.kind ?? null, pageSize: REQUESTED_SCAN_MAX });
    return { tab, money, requested: page.rows.filter((row) => row.requestedByUserId === user.userId) } as const;
  }
  const page = await listApprovalRequests(tx, user, { kind: query.kind ?? null, status: query.status ?? null, search: query.q ?? null, page: query.page, pageSize: PAGE_SIZE });
  return { tab, money, all: page } as const;
}

function StepCell({ step }: { step: ApprovalRequestSummary["currentStep"] }) {
  if (!step) return <span className="muted">—</span>;
  const overdue = step.dueAt !== null && step.dueAt < new Date();
  return (
    <>
      Step {step.stepNumber}{step.level > 0 ? ` (escalated ×${step.level})` : ""}: {step.approverRole ?? `user #${step.approverUserId}`}
      {step.dueAt ? <div className="muted">due {dateTime(step.dueAt)} <OverdueBadge overdue={overdue} /></div> : null}
    </>
  );
}

function RequestTable({ rows, money, testId }: { rows: ApprovalRequestSummary[]; money: Money; testId: string }) {
  if (rows.length === 0) return <Empty>No requests match.</Empty>;
  return (
    <div className="table-wrap">
      <table className="data" data-testid={testId}>
        <thead><tr><th>Request</th><th>Kind</th><th>Requested by</th><th className="num">Amount</th><th>Status</th><th>Current step</th><th>Submitted</th></tr></thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td><Link href={`/approvals/${row.id}`}>#{row.id} {row.title}</Link></td>
              <td>{kindLabel(row.kind)}</td>
              <td>{row.requestedByName}</td>
              <td className="num">{requestAmount(row.facts, entityCurrency(money.entities, money.digits, row.entityId))}</td>
              <td><StatusBadge status={row.status} />{row.autoApproved ? <span className="muted"> auto</span> : null}</td>
              <td><StepCell step={row.currentStep} /></td>
              <td>{dateTime(row.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Inbox({ inbox, money }: { inbox: Awaited<ReturnType<typeof listMyApprovals>>; money: Money }) {
  if (inbox.length === 0) return <Empty>Nothing waits for your decision.</Empty>;
  const now = new Date();
  return (
    <div className="table-wrap">
      <table className="data" data-testid="approvals-inbox">
        <thead><tr><th>Request</th><th>Kind</th><th>Requested by</th><th className="num">Amount</th><th>Step</th><th>Due</th></tr></thead>
        <tbody>
          {inbox.map(({ request, step, viaDelegation }) => (
            <tr key={step.id}>
              <td><Link href={`/approvals/${request.id}`}>#{request.id} {request.title}</Link></td>
              <td>{kindLabel(request.kind)}</td>
              <td>{request.requestedByName}</td>
              <td className="num">{requestAmount(request.facts, entityCurrency(money.entities, money.digits, request.entityId))}</td>
              <td>Step {step.stepNumber}: {step.approverRole ?? `user #${step.approverUserId}`}{viaDelegation ? <span className="badge">by delegation</span> : null}</td>
              <td>{step.dueAt ? dateTime(step.dueAt) : "—"} <OverdueBadge overdue={step.dueAt !== null && step.dueAt < now} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default async function ApprovalsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  if (!READ_PERMISSIONS.some((p) => hasPermission(user, p))) return <Forbidden what="approvals" />;
  const query = await parseQuery(ApprovalsQuery, searchParams);
  const decides = hasPermission(user, "approvals:decide");
  const tab = query.tab === "inbox" && !decides ? "requested" : query.tab ?? (decides ? "inbox" : "requested");
  const data = await read((tx) => loadTab(tx, user, query, tab));
  const filters = { kind: query.kind, status: query.status, q: query.q };
  return (
    <>
      <PageHeader title="Approvals" subtitle="Requests routed by the approval policies: decide yours, follow your own, search them all" />
      <Tabs path="/approvals" current={tab} tabs={[
        ...(decides ? [{ id: "inbox", label: "My approvals" }] : []), { id: "requested", label: "Requested by me" }, { id: "all", label: "All" },
      ]} />
      {data.tab === "inbox" ? <Inbox inbox={data.inbox} money={data.money} /> : null}
      {data.tab === "requested" ? (
        <>
          <p className="muted">Your latest requests (up to {REQUESTED_SCAN_MAX}).</p>
          <RequestTable rows={data.requested} money={data.money} testId="approvals-requested" />
        </>
      ) : null}
      {data.tab === "all" ? (
        <>
          <SearchForm action="/approvals" q={query.q} placeholder="Title, subject or requester">
            <input type="hidden" name="tab" value="all" />
            <select name="kind" defaultValue={query.kind ?? ""} aria-label="Kind">
              <option value="">All kinds</option>
              {APPROVAL_KINDS.map((kind) => <option key={kind} value={kind}>{kindLabel(kind)}</option>)}
            </select>
            <select name="status" defaultValue={query.status ?? ""} aria-label="Status">
              <option value="">Any status</option>
              {STATUSES.map((status) => <option key={status} value={status}>{status}</option>)}
            </select>
          </SearchForm>
          <RequestTable rows={data.all.rows} money={data.money} testId="approvals-all" />
          <Pager path="/approvals" params={{ tab: "all", ...filters }} page={data.all.page} pageSize={data.all.pageSize} total={data.all.total} />
        </>
      ) : null}
    </>
  );
}
