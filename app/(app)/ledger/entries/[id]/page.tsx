import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { hasPermission } from "../../../../../core/governance";
import { getJournalEntryOrThrow } from "../../../../../core/ledger";
import { read } from "../../../../_lib/db";
import { dateTime, digitsOf, money } from "../../../../_lib/format";
import { sourceHref, sourceLabel } from "../../../../_lib/links";
import { loadOrNotFound } from "../../../../_lib/page-data";
import { parseId } from "../../../../_lib/query";
import { loadCurrencyDigits } from "../../../../_lib/reference-data";
import { requireUser } from "../../../../_lib/session";
import { Field, Forbidden, PageHeader } from "../../../../_lib/ui";

export const metadata: Metadata = { title: "Journal entry" };

export default async function JournalEntryPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  if (!hasPermission(user, "ledger:read")) return <Forbidden what="journal entries" />;
  const entryId = parseId((await params).id);
  if (entryId === null) notFound();
  const { entry, digits } = await loadOrNotFound(() => read(async (tx) => ({
    entry: await getJournalEntryOrThrow(tx, user, entryId),
    digits: await loadCurrencyDigits(tx, user),
  })));
  const d = digitsOf(digits, entry.baseCurrency);
  const source = sourceHref(entry.sourceType, entry.sourceId);
  const totalDebit = entry.lines.reduce((sum, line) => sum + line.debitMinor, 0n);
  const totalCredit = entry.lines.reduce((sum, line) => sum + line.creditMinor, 0n);
  return (
    <>
      <PageHeader title={`Journal entry ${entry.entryNumber}`} subtitle={entry.description} actions={<Link href="/ledger/entries">Journal</Link>} />
      <dl className="kv-grid card">
        <Field label="Entity">{entry.entityCode}</Field>
        <Field label="Posting date">{entry.postingDate}</Field>
        <Field label="Event">{entry.eventType}</Field>
        <Field label="Currency">{entry.baseCurrency}</Field>
        <Field label="Source">
          {source ? <Link href={source} data-testid="source-link">{sourceLabel(entry.sourceType)} {entry.sourceId}</Link> : `${sourceLabel(entry.sourceType)}${entry.sourceId ? ` ${entry.sourceId}` : ""}`}
        </Field>
        {entry.reversesEntryId ? <Field label="Reverses"><Link href={`/ledger/entries/${entry.reversesEntryId}`}>entry {entry.reversesEntryId}</Link></Field> : null}
        {entry.reversedBy ? <Field label="Reversed by"><Link href={`/ledger/entries/${entry.reversedBy.id}`}>{entry.reversedBy.entryNumber}</Link></Field> : null}
        <Field label="Posted at">{dateTime(entry.createdAt)}</Field>
      </dl>
      <div className="table-wrap">
        <table className="data" data-testid="entry-lines">
          <thead>
            <tr><th>#</th><th>Account</th><th>Name</th><th>Memo</th><th className="num">Debit</th><th className="num">Credit</th><th className="num">Document amount</th></tr>
          </thead>
          <tbody>
            {entry.lines.map((line) => (
              <tr key={line.id}>
                <td>{line.lineNumber}</td>
                <td><Link href={`/ledger/accounts/${line.accountId}`}>{line.accountCode}</Link></td>
                <td>{line.accountName}</td>
                <td>{line.memo ?? ""}</td>
                <td className="num">{line.debitMinor > 0n ? money(line.debitMinor, d) : ""}</td>
                <td className="num">{line.creditMinor > 0n ? money(line.creditMinor, d) : ""}</td>
                <td className="num">
                  {money(line.documentDebitMinor - line.documentCreditMinor, digitsOf(digits, line.documentCurrency))} <span className="muted">{line.documentCurrency}</span>
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th colSpan={4}>Total</th>
              <th className="num" data-testid="entry-total-debit">{money(totalDebit, d)}</th>
              <th className="num" data-testid="entry-total-credit">{money(totalCredit, d)}</th>
              <th />
            </tr>
          </tfoot>
        </table>
      </div>
    </>
  );
}
