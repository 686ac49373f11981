import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { hasPermission } from "../../../../../core/governance";
import { getManualJournalOrThrow } from "../../../../../core/ledger";
import { read } from "../../../../_lib/db";
import { money } from "../../../../_lib/format";
import { loadOrNotFound } from "../../../../_lib/page-data";
import { parseId, type SearchParams } from "../../../../_lib/query";
import { requireUser } from "../../../../_lib/session";
import { Forbidden, PageHeader } from "../../../../_lib/ui";
import { journalStepAction } from "../actions";

export const metadata: Metadata = { title: "Manual journal" };

export default async function ManualJournalPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "ledger:read")) return <Forbidden what="manual journals" />;
  const journalId = parseId((await params).id);
  if (journalId === null) notFound();
  const search = await searchParams;
  const journal = await loadOrNotFound(() => read((tx) => getManualJournalOrThrow(tx, user, journalId)));
  const canPost = hasPermission(user, "ledger:post");
  return (
    <>
      <PageHeader title={journal.journalNumber} subtitle={<>{journal.description} · <Link href="/ledger/journals">all manual journals</Link></>} />
      {typeof search.done === "string" ? <p className="notice" data-testid="journal-done">{search.done}</p> : null}
      {typeof search.error === "string" ? <p className="error" role="alert" data-testid="journal-error">{search.error}</p> : null}
      <p data-testid="journal-status">Status: <strong>{journal.status}</strong> · posting date {journal.postingDate}{journal.autoReverse ? " · auto-reversing" : ""}
        {journal.approvalRequestId ? <> · <Link href={`/approvals/${journal.approvalRequestId}`}>approval request</Link></> : null}
        {journal.journalEntryId ? <> · <Link href={`/ledger/entries/${journal.journalEntryId}`}>{journal.entryNumber}</Link></> : null}</p>
      <table className="data" data-testid="journal-lines">
        <thead><tr><th>#</th><th>Account</th><th className="num">Debit</th><th className="num">Credit</th><th>Memo</th></tr></thead>
        <tbody>
          {journal.lines.map((l) => (
            <tr key={l.lineNumber}><td>{l.lineNumber}</td><td>{l.accountCode} {l.accountName}</td>
              <td className="num">{l.debitMinor > 0n ? money(l.debitMinor, 2) : ""}</td><td className="num">{l.creditMinor > 0n ? money(l.creditMinor, 2) : ""}</td><td>{l.memo ?? ""}</td></tr>
          ))}
        </tbody>
      </table>
      {canPost && journal.status === "draft" ? (
        <div className="actions">
          <form action={journalStepAction} style={{ display: "inline-block" }}>
            <input type="hidden" name="journalId" value={journal.id} /><input type="hidden" name="step" value="submit" />
            <button type="submit">Submit for approval</button>
          </form>
          <form action={journalStepAction} style={{ display: "inline-block", marginLeft: "0.5rem" }}>
            <input type="hidden" name="journalId" value={journal.id} /><input type="hidden" name="step" value="cancel" />
            <button type="submit">Cancel draft</button>
          </form>
        </div>
      ) : null}
    </>
  );
}
