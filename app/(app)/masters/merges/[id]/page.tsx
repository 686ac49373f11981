import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { hasPermission } from "../../../../../core/governance";
import { getApprovalRequestOrThrow } from "../../../../../core/governance/approvals";
import { getMasterMergeOrThrow, mergeReferenceCounts, MERGE_KIND_SPEC } from "../../../../../core/masters/merge";
import { isDomainError } from "../../../../../core/shared/errors";
import { read } from "../../../../_lib/db";
import { Forbidden, PageHeader } from "../../../../_lib/ui";
import { requireUser } from "../../../../_lib/session";
import { decideMergeAction, reverseMergeAction } from "../actions";

export const metadata: Metadata = { title: "Merge" };

type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function MergePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Search }) {
  const user = await requireUser();
  if (!hasPermission(user, "masters:read")) return <Forbidden what="duplicate merges" />;
  const mergeId = Number((await params).id);
  if (!Number.isInteger(mergeId) || mergeId <= 0) notFound();
  const query = await searchParams;
  let detail;
  try {
    detail = await read(async (tx) => {
      const found = await getMasterMergeOrThrow(tx, user, mergeId);
      const request = found.merge.approvalRequestId ? await getApprovalRequestOrThrow(tx, user, found.merge.approvalRequestId).catch(() => null) : null;
      return { ...found, request, moved: await mergeReferenceCounts(tx, user, mergeId) };
    });
  } catch (error) {
    if (isDomainError(error) && error.kind === "not_found") notFound();
    throw error;
  }
  const { merge, survivor, merged, comparison, reversal, request, moved } = detail;
  const canOwn = hasPermission(user, MERGE_KIND_SPEC[merge.masterKind].permission);
  return (
    <>
      <PageHeader title={`Merge #${merge.id}: ${merge.masterKind} ${merged.code} into ${survivor.code}`}
        subtitle={<>Status <strong data-testid="merge-status">{merge.status}</strong>{merge.score !== null ? ` · duplicate score ${merge.score.toFixed(3)}` : ""} · <Link href="/masters/merges">All merges</Link></>} />
      {one(query.done) ? <p className="form-ok card" role="status" data-testid="done">Merge {one(query.done)}.</p> : null}
      {one(query.error) ? <p className="form-error card" role="alert">{one(query.error)}</p> : null}
      <table className="data" data-testid="side-by-side">
        <thead><tr><th>Field</th><th>Keep: {survivor.code}</th><th>Merge away: {merged.code}</th><th>Similarity</th></tr></thead>
        <tbody>{comparison.map((c) => (
          <tr key={c.field}><td>{c.field}</td><td>{c.survivor ?? "—"}</td><td>{c.merged ?? "—"}</td><td>{Math.round(c.similarity * 100)}%</td></tr>
        ))}</tbody>
      </table>
      {merge.status === "pending" && request ? (
        <section className="card">
          <h2>Decision</h2>
          <p>Routed to: {request.currentStep?.approverRole ?? "—"}{request.actorMayDecide ? "" : " (not you)"}</p>
          {request.actorMayDecide ? <form action={decideMergeAction}>
            <input type="hidden" name="mergeId" value={merge.id} /><input type="hidden" name="requestId" value={request.id} />
            <input name="comment" aria-label="Comment" placeholder="Comment (optional)" />
            <button type="submit" name="decision" value="approve">Approve merge</button>
            <button type="submit" name="decision" value="reject">Reject</button>
          </form> : null}
        </section>
      ) : null}
      {Object.keys(moved).length > 0 ? (
        <section className="card">
          <h2>Re-pointed to {survivor.code}</h2>
          <ul data-testid="moved">{Object.entries(moved).map(([ref, n]) => <li key={ref}>{ref}: {n}</li>)}</ul>
        </section>
      ) : null}
      {merge.status === "applied" && canOwn ? (
        <section className="card">
          <h2>Undo</h2>
          <form action={reverseMergeAction}>
            <input type="hidden" name="mergeId" value={merge.id} />
            <input name="reason" aria-label="Reason for reversal" required minLength={3} />
            <button type="submit">Reverse merge</button>
          </form>
        </section>
      ) : null}
      {reversal ? <p className="card">Reversed: {reversal.reason}</p> : null}
    </>
  );
}
