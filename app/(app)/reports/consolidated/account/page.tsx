import type { Metadata } from "next";
import Link from "next/link";
import { hasPermission } from "../../../../../core/governance";
import { consolidate } from "../../../../../core/ledger";
import { read } from "../../../../_lib/db";
import { digitsOf, money } from "../../../../_lib/format";
import { hrefWith, parseQuery, type SearchParams } from "../../../../_lib/query";
import { loadCurrencyDigits } from "../../../../_lib/reference-data";
import { ReportQuery, resolvePeriods } from "../../../../_lib/reports-data";
import { periodLabel } from "../../../../_lib/reports-ui";
import { requireUser } from "../../../../_lib/session";
import { Empty, Forbidden, PageHeader } from "../../../../_lib/ui";

export const metadata: Metadata = { title: "Consolidated figure" };

export default async function ConsolidatedAccountPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "ledger:read")) return <Forbidden what="consolidated statements" />;
  const query = await parseQuery(ReportQuery, searchParams);
  const currency = query.currency ?? "USD";
  const { c, digits } = await read(async (tx) => {
    const { period } = await resolvePeriods(tx, user, { ...query, entity: undefined, compare: "none" });
    return { c: await consolidate(tx, user, { reportingCurrency: currency, from: period.from, to: period.to }), digits: await loadCurrencyDigits(tx, user) };
  });
  const row = c.accounts.find((a) => a.accountCode === query.code);
  const back = hrefWith("/reports/consolidated", { currency, from: c.period.from, to: c.period.to, view: query.view });
  if (!row) return <><PageHeader title="Consolidated figure" /><Empty>No consolidated account {query.code}. <Link href={back}>Back</Link></Empty></>;
  const d = digitsOf(digits, c.reportingCurrency);
  const income = row.accountType === "revenue" || row.accountType === "expense";
  const eliminations = c.eliminations.flatMap((e) => e.lines.filter((l) => l.accountCode === row.accountCode).map((l) => ({ ...l, title: e.title })));
  return (
    <>
      <PageHeader title={`${row.accountCode} ${row.accountName}`}
        subtitle={<>Consolidated in {c.reportingCurrency} · {periodLabel(c.period)} · debit positive · <Link href={back}>Back to the statements</Link></>} />
      <div className="table-wrap">
        <table className="data" data-testid="consolidated-entities">
          <thead><tr><th>Entity</th><th className="num">Local {income ? "period" : "closing"}</th><th>Currency</th><th>Basis</th><th className="num">Rate</th>
            {income ? <th className="num">Earlier earnings</th> : null}<th className="num">{income ? "Period" : "Closing"} ({c.reportingCurrency})</th><th>Entries</th></tr></thead>
          <tbody>
            {row.entities.map((f) => (
              <tr key={`${f.entityId}:${f.accountId ?? "computed"}`} data-entity={f.entityCode}>
                <td>{f.entityCode}</td>
                <td className="num">{money(income ? f.localMovementMinor : f.localClosingMinor, digitsOf(digits, f.currency))}</td>
                <td>{f.currency}</td><td>{f.basis}</td>
                <td className="num">{f.ratePpm === null ? "" : money(f.ratePpm, 6)}</td>
                {income ? <td className="num">{money(f.openingMinor, d)}</td> : null}
                <td className="num" data-testid="translated">{money(income ? f.movementMinor : f.closingMinor, d)}</td>
                <td>{f.accountId === null ? "computed" : <Link href={hrefWith(`/ledger/accounts/${f.accountId}`, income ? { from: c.period.from, to: c.period.to } : { to: c.period.to })}>Account ledger</Link>}</td>
              </tr>
            ))}
            {eliminations.map((l, i) => (
              <tr key={`elim-${i}`} data-elimination={l.title}>
                <td>Elimination {l.entityCode}</td><td colSpan={4}>{l.title}: {l.label}</td>
                {income ? <td className="num">{money(l.openingMinor, d)}</td> : null}
                <td className="num" data-testid="translated">{money(income ? l.movementMinor : l.closingMinor, d)}</td><td />
              </tr>
            ))}
          </tbody>
          <tfoot><tr><th colSpan={5}>Consolidated</th>{income ? <th className="num">{money(row.openingMinor, d)}</th> : null}
            <th className="num" data-testid="consolidated-figure">{money(income ? row.movementMinor : row.closingMinor, d)}</th><th /></tr></tfoot>
        </table>
      </div>
    </>
  );
}
