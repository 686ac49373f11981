import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { hasPermission } from "../../../../../core/governance";
import { accountLedger } from "../../../../../core/ledger";
import { read } from "../../../../_lib/db";
import { digitsOf, money } from "../../../../_lib/format";
import { sourceHref, sourceLabel } from "../../../../_lib/links";
import { loadOrNotFound } from "../../../../_lib/page-data";
import { parseId, parseQuery, queryFields, type SearchParams } from "../../../../_lib/query";
import { loadCurrencyDigits, loadEntities } from "../../../../_lib/reference-data";
import { requireUser } from "../../../../_lib/session";
import { Empty, Forbidden, PageHeader, Pager } from "../../../../_lib/ui";

export const metadata: Metadata = { title: "Account ledger" };

const LedgerQuery = z.object({ from: queryFields.optionalDate, to: queryFields.optionalDate, page: queryFields.pageNumber });
const PAGE_SIZE = 50;

export default async function AccountLedgerPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "ledger:read")) return <Forbidden what="account ledgers" />;
  const accountId = parseId((await params).id);
  if (accountId === null) notFound();
  const query = await parseQuery(LedgerQuery, searchParams);
  const { ledger, entities, digits } = await loadOrNotFound(() => read(async (tx) => ({
    ledger: await accountLedger(tx, user, { accountId, from: query.from, to: query.to, page: query.page, pageSize: PAGE_SIZE }),
    entities: await loadEntities(tx, user),
    digits: await loadCurrencyDigits(tx, user),
  })));
  const entity = entities.find((e) => e.id === ledger.account.entityId);
  const currency = entity?.baseCurrency ?? "";
  const d = digitsOf(digits, currency);
  const path = `/ledger/accounts/${accountId}`;
  return (
    <>
      <PageHeader
        title={`${ledger.account.code} ${ledger.account.name}`}
        subtitle={<>{entity?.code} · {ledger.account.type}{ledger.account.isControl ? ` · control account (${ledger.account.controlKind})` : ""} · {currency}</>}
        actions={<Link href="/ledger/trial-balance">Trial balance</Link>}
      />
      <form className="toolbar" method="get" action={path}>
        <label>From <input type="date" name="from" defaultValue={query.from ?? ""} /></label>
        <label>To <input type="date" name="to" defaultValue={query.to ?? ""} /></label>
        <button type="submit">Show</button>
      </form>
      <p className="muted">Opening balance{query.from ? ` before ${query.from}` : ""}: <span className="num" data-testid="opening-balance">{money(ledger.openingBalanceMinor, d)}</span></p>
      {ledger.rows.length === 0 ? <Empty>No postings in this range.</Empty> : (
        <div className="table-wrap">
          <table className="data" data-testid="account-ledger">
            <thead>
              <tr><th>Date</th><th>Entry</th><th>Description</th><th>Source</th><th className="num">Debit</th><th className="num">Credit</th><th className="num">Balance</th></tr>
            </thead>
            <tbody>
              {ledger.rows.map((row) => {
                const source = sourceHref(row.sourceType, row.sourceId);
                return (
                  <tr key={row.lineId}>
                    <td>{row.postingDate}</td>
                    <td><Link href={`/ledger/entries/${row.entryId}`}>{row.entryNumber}</Link></td>
                    <td>{row.description}{row.memo ? <span className="muted"> · {row.memo}</span> : null}</td>
                    <td>{source ? <Link href={source}>{sourceLabel(row.sourceType)}</Link> : sourceLabel(row.sourceType)}</td>
                    <td className="num">{row.debitMinor > 0n ? money(row.debitMinor, d) : ""}</td>
                    <td className="num">{row.creditMinor > 0n ? money(row.creditMinor, d) : ""}</td>
                    <td className="num">{money(row.runningBalanceMinor, d)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <Pager path={path} params={{ from: query.from, to: query.to }} page={ledger.page} pageSize={ledger.pageSize} total={ledger.total} />
    </>
  );
}
