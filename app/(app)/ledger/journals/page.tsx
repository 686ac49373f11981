import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { hasPermission } from "../../../../core/governance";
import { listManualJournals } from "../../../../core/ledger";
import { listMasters } from "../../../../core/masters";
import { read } from "../../../_lib/db";
import { money } from "../../../_lib/format";
import { parseQuery, queryFields, type SearchParams } from "../../../_lib/query";
import { loadEntities } from "../../../_lib/reference-data";
import { requireUser } from "../../../_lib/session";
import { Empty, Forbidden, PageHeader } from "../../../_lib/ui";
import { createJournalAction } from "./actions";

export const metadata: Metadata = { title: "Manual journals" };

const JournalsQuery = z.object({ entity: queryFields.optionalId });
const LINE_ROWS = [0, 1, 2, 3, 4, 5];

export default async function ManualJournalsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "ledger:read")) return <Forbidden what="manual journals" />;
  const query = await parseQuery(JournalsQuery, searchParams);
  const search = await searchParams;
  const { entities, journals, accounts, entityId } = await read(async (tx) => {
    const entities = await loadEntities(tx, user);
    const entityId = query.entity ?? entities[0]?.id ?? null;
    if (entityId === null) return { entities, journals: [], accounts: [], entityId };
    const accountPage = await listMasters(tx, user, "account", { filters: { entityId }, pageSize: 200 });
    return { entities, entityId, journals: await listManualJournals(tx, user, { entityId }),
      accounts: (accountPage.rows as { id: number; code: string; name: string; isControl: boolean }[]).filter((a) => !a.isControl) };
  });
  return (
    <>
      <PageHeader title="Manual journals" subtitle="Drafts, approval above the policy threshold, posting through the ledger" />
      {typeof search.error === "string" ? <p className="error" role="alert" data-testid="journal-error">{search.error}</p> : null}
      <form method="get" action="/ledger/journals" className="search">
        <select name="entity" defaultValue={entityId === null ? "" : String(entityId)} aria-label="Entity">
          {entities.map((e) => <option key={e.id} value={e.id}>{e.code} {e.name}</option>)}
        </select>
        <button type="submit">Show</button>
      </form>
      {journals.length === 0 ? <Empty>No manual journals yet.</Empty> : (
        <table className="data" data-testid="manual-journals">
          <thead><tr><th>Journal</th><th>Date</th><th>Description</th><th>Status</th><th className="num">Amount</th><th>Entry</th></tr></thead>
          <tbody>
            {journals.map((j) => (
              <tr key={j.id}>
                <td><Link href={`/ledger/journals/${j.id}`}>{j.journalNumber}</Link></td><td>{j.postingDate}</td><td>{j.description}</td><td>{j.status}</td>
                <td className="num">{money(j.totalMinor, 2)}</td>
                <td>{j.journalEntryId ? <Link href={`/ledger/entries/${j.journalEntryId}`}>{j.entryNumber}</Link> : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {hasPermission(user, "ledger:post") && entityId !== null ? (
        <>
          <h2>New manual journal</h2>
          <form action={createJournalAction} data-testid="new-journal">
            <input type="hidden" name="entityId" value={entityId} />
            <label>Posting date <input type="date" name="postingDate" required /></label>
            <label>Description <input name="description" required minLength={3} /></label>
            <label><input type="checkbox" name="autoReverse" /> Reverse on the first day of the next period</label>
            <label><input type="checkbox" name="submit" defaultChecked /> Submit for approval now</label>
            <table className="data">
              <thead><tr><th>Account</th><th>Debit</th><th>Credit</th><th>Memo</th></tr></thead>
              <tbody>
                {LINE_ROWS.map((index) => (
                  <tr key={index}>
                    <td><select name={`account-${index}`} aria-label={`Account ${index + 1}`} defaultValue="">
                      <option value="">—</option>
                      {accounts.map((a) => <option key={a.id} value={a.id}>{a.code} {a.name}</option>)}
                    </select></td>
                    <td><input name={`debit-${index}`} inputMode="decimal" aria-label={`Debit ${index + 1}`} /></td>
                    <td><input name={`credit-${index}`} inputMode="decimal" aria-label={`Credit ${index + 1}`} /></td>
                    <td><input name={`memo-${index}`} aria-label={`Memo ${index + 1}`} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
            <button type="submit">Save journal</button>
          </form>
        </>
      ) : null}
    </>
  );
}
