import type { Metadata } from "next";
import Link from "next/link";
import { hasPermission } from "../../../../core/governance";
import { listMasterMerges, MERGE_STATUSES, type MergeStatus } from "../../../../core/masters/merge";
import { read } from "../../../_lib/db";
import { Empty, Forbidden, PageHeader } from "../../../_lib/ui";
import { requireUser } from "../../../_lib/session";

export const metadata: Metadata = { title: "Duplicate merges" };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function MergesPage({ searchParams }: { searchParams: Search }) {
  const user = await requireUser();
  if (!hasPermission(user, "masters:read")) return <Forbidden what="duplicate merges" />;
  const raw = (await searchParams).status;
  const wanted = Array.isArray(raw) ? raw[0] : raw;
  const status: MergeStatus = (MERGE_STATUSES as readonly string[]).includes(wanted ?? "") ? wanted as MergeStatus : "pending";
  const merges = await read((tx) => listMasterMerges(tx, user, { statuses: [status], limit: 200 }));
  return (
    <>
      <PageHeader title="Duplicate merges" subtitle="Likely duplicates found by the scan, waiting for the owner of the customer, supplier or item domain." />
      <nav className="card">{MERGE_STATUSES.map((s) => <Link key={s} href={`/masters/merges?status=${s}`} aria-current={s === status ? "page" : undefined}>{s}</Link>)}</nav>
      {merges.length === 0 ? <Empty>No {status} merges.</Empty> : (
        <table className="data" data-testid="merges">
          <thead><tr><th>Merge</th><th>Kind</th><th>Keep</th><th>Merge away</th><th>Score</th><th>Status</th></tr></thead>
          <tbody>{merges.map((m) => (
            <tr key={m.id}>
              <td><Link href={`/masters/merges/${m.id}`}>#{m.id}</Link></td><td>{m.masterKind}</td>
              <td>{m.survivorId}</td><td>{m.mergedId}</td><td>{m.score === null ? "—" : m.score.toFixed(3)}</td><td>{m.status}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
    </>
  );
}
