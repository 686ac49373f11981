import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { hasPermission } from "../../../../core/governance";
import { listJournalEntries } from "../../../../core/ledger";
import { read } from "../../../_lib/db";
import { digitsOf, money } from "../../../_lib/format";
import { sourceHref, sourceLabel } from "../../../_lib/links";
import { parseQuery, queryFields, type SearchParams } from "../../../_lib/query";
import { loadCurrencyDigits, loadEntities } from "../../../_lib/reference-data";
import { requireUser } from "../../../_lib/session";
import { Empty, Forbidden, PageHeader, Pager, SearchForm } from "../../../_lib/ui";

export const metadata: Metadata = { title: "Journal" };

const JournalQuery = z.object({
  q: queryFields.optionalText, entity: queryFields.optionalId, from: queryFields.optionalDate, to: queryFields.optionalDate, page: queryFields.pageNumber,
});
const PAGE_SIZE = 50;

export default async function JournalPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "ledger:read")) return <Forbidden what="the journal" />;
  const query = await parseQuery(JournalQuery, searchParams);
  const { entries, entities, digits } = await read(async (tx) => ({
    entries: await listJournalEntries(tx, user, { search: query.q, entityId: query.entity, from: query.from, to: query.to, page: query.page, pageSize: PAGE_SIZE }),
    entities: await loadEntities(tx, user),
    digits: await loadCurrencyDigits(tx, user),
  }));
  return (
    <>
      <PageHeader title="Journal" subtitle="Posted journal entries, newest first" />
      <SearchForm action="/ledger/entries" q={query.q} placeholder="Entry number, description or event">
        <select name="entity" defaultValue={query.entity ? String(query.entity) : ""} aria-label="Entity">
          <option value="">All entities</option>
          {entities.map((e) => <option key={e.id} value={e.id}>{e.code}</option>)}
        </select>
        <label>From <input type="date" name="from" defaultValue={query.from ?? ""} /></label>
        <label>To <input type="date" name="to" defaultValue={query.to ?? ""} /></label>
      </SearchForm>
      {entries.rows.length === 0 ? <Empty>No journal entries match.</Empty> : (
        <div className="table-wrap">
          <table className="data" data-testid="journal-list">
            <thead>
              <tr><th>Entry</th><th>Date</th><th>Entity</th><th>Event</th><th>Description</th><th>Source</th><th className="num">Amount</th></tr>
            </thead>
            <tbody>
              {entries.rows.map((entry) => {
                const source = sourceHref(entry.sourceType, entry.sourceId);
                return (
                  <tr key={entry.id}>
                    <td><Link href={`/ledger/entries/${entry.id}`}>{entry.entryNumber}</Link></td>
                    <td>{entry.postingDate}</td>
                    <td>{entry.entityCode}</td>
                    <td>{entry.eventType}</td>
                    <td>{entry.description}</td>
                    <td>{source ? <Link href={source}>{sourceLabel(entry.sourceType)}</Link> : sourceLabel(entry.sourceType)}</td>
                    <td className="num">{money(entry.totalMinor, digitsOf(digits, entry.baseCurrency))} <span className="muted">{entry.baseCurrency}</span></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <Pager path="/ledger/entries" params={{ q: query.q, entity: query.entity, from: query.from, to: query.to }} page={entries.page} pageSize={entries.pageSize} total={entries.total} />
    </>
  );
}
