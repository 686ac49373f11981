import type { Metadata } from "next";
import Link from "next/link";
import { hasPermission } from "../../../../core/governance";
import { financialStatements, type EntityStatements } from "../../../../core/ledger";
import { read } from "../../../_lib/db";
import { digitsOf, money } from "../../../_lib/format";
import { hrefWith, parseQuery, type SearchParams } from "../../../_lib/query";
import { loadCurrencyDigits, loadEntities } from "../../../_lib/reference-data";
import { ReportQuery, resolvePeriods, VIEW_LABELS, type Period } from "../../../_lib/reports-data";
import { periodLabel, PrintStyles, SectionsTable, ViewTabs } from "../../../_lib/reports-ui";
import { requireUser } from "../../../_lib/session";
import { Empty, Forbidden, PageHeader } from "../../../_lib/ui";

export const metadata: Metadata = { title: "Financial statements" };

function TrialBalanceTable({ s, digits, period }: { s: EntityStatements; digits: number; period: Period }) {
  return (
    <div className="table-wrap">
      <table className="data" data-testid="statement-tb">
        <thead><tr><th>Account</th><th>Name</th><th className="num">Opening</th><th className="num">Debit</th><th className="num">Credit</th><th className="num">Closing</th></tr></thead>
        <tbody>
          {s.trialBalance.map((line) => (
            <tr key={line.accountId}>
              <td><Link href={hrefWith(`/ledger/accounts/${line.accountId}`, { from: period.from, to: period.to })}>{line.accountCode}</Link></td>
              <td>{line.accountName}</td>
              <td className="num">{money(line.openingMinor, digits)}</td>
              <td className="num">{money(line.debitMinor, digits)}</td>
              <td className="num">{money(line.creditMinor, digits)}</td>
              <td className="num">{money(line.closingMinor, digits)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function StatementBody({ s, view, digits }: { s: EntityStatements; view: NonNullable<ReportQuery["view"]>; digits: number }) {
  const drill = (line: { accountId: number | null }) => line.accountId === null ? null
    : hrefWith(`/ledger/accounts/${line.accountId}`, view === "bs" ? { to: s.period.to } : { from: s.period.from, to: s.period.to });
  switch (view) {
    case "tb": return <TrialBalanceTable s={s} digits={digits} period={s.period} />;
    case "is": return <SectionsTable testId="statement-is" sections={s.incomeStatement.sections} digits={digits} compare={s.comparePeriod} drillHref={drill}
      footer={<tfoot><tr><th>Net income</th><th className="num" data-testid="net-income">{money(s.incomeStatement.netIncomeMinor, digits)}</th>
        {s.comparePeriod ? <th className="num">{money(s.incomeStatement.compareNetIncomeMinor ?? 0n, digits)}</th> : null}</tr></tfoot>} />;
    case "bs": return <SectionsTable testId="statement-bs" sections={s.balanceSheet.sections} digits={digits} compare={s.comparePeriod} drillHref={drill}
      footer={<tfoot><tr><th>Total assets / liabilities and equity</th>
        <th className="num" data-testid="bs-totals">{money(s.balanceSheet.totalAssetsMinor, digits)} / {money(s.balanceSheet.totalLiabilitiesAndEquityMinor, digits)}</th>
        {s.comparePeriod ? <th className="num">{money(s.balanceSheet.compareTotalAssetsMinor ?? 0n, digits)}</th> : null}</tr></tfoot>} />;
    case "cf": return <SectionsTable testId="statement-cf" sections={s.cashFlow.sections} digits={digits} compare={s.comparePeriod} drillHref={drill}
      footer={<tfoot><tr><th>Cash {money(s.cashFlow.openingCashMinor, digits)} + change = closing</th>
        <th className="num" data-testid="cash-closing">{money(s.cashFlow.closingCashMinor, digits)}</th>
        {s.comparePeriod ? <th className="num">{money(s.cashFlow.compareClosingCashMinor ?? 0n, digits)}</th> : null}</tr></tfoot>} />;
  }
}

export default async function StatementsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "ledger:read")) return <Forbidden what="financial statements" />;
  const query = await parseQuery(ReportQuery, searchParams);
  const view = query.view ?? "is";
  const data = await read(async (tx) => {
    const entities = await loadEntities(tx, user);
    const entityId = query.entity ?? entities[0]?.id ?? null;
    const periods = await resolvePeriods(tx, user, { ...query, entity: entityId ?? undefined });
    const statements = entityId === null ? null : await financialStatements(tx, user, {
      entityId, from: periods.period.from, to: periods.period.to, compareFrom: periods.compare?.from, compareTo: periods.compare?.to });
    return { entities, statements, periods, digits: await loadCurrencyDigits(tx, user) };
  });
  const s = data.statements;
  if (!s) return <Empty>No legal entity exists yet.</Empty>;
  const digits = digitsOf(data.digits, s.currency);
  const params = { entity: s.entityId, from: s.period.from, to: s.period.to, compareFrom: s.comparePeriod?.from, compareTo: s.comparePeriod?.to,
    compare: s.comparePeriod ? undefined : "none" };
  return (
    <>
      <PrintStyles printView={query.print === "1"} />
      <PageHeader title={`${VIEW_LABELS[view]} — ${s.entityCode}`}
        subtitle={<>{s.entityName} · {s.currency} · {periodLabel(s.period)}{s.comparePeriod ? ` · compared with ${periodLabel(s.comparePeriod)}` : ""}</>}
        actions={<span className="no-print">
          <a href={hrefWith("/reports/statements/csv", { ...params, view })} download>CSV</a>{" · "}
          <Link href={hrefWith("/reports/statements", { ...params, view, print: 1 })}>Print view</Link>
        </span>} />
      <form className="toolbar" method="get" action="/reports/statements">
        <label>Entity
          <select name="entity" defaultValue={String(s.entityId)}>
            {data.entities.map((e) => <option key={e.id} value={e.id}>{e.code} — {e.name}</option>)}
          </select>
        </label>
        <label>From <input type="date" name="from" defaultValue={s.period.from} /></label>
        <label>To <input type="date" name="to" defaultValue={s.period.to} /></label>
        <label>Compare from <input type="date" name="compareFrom" defaultValue={s.comparePeriod?.from ?? ""} /></label>
        <label>Compare to <input type="date" name="compareTo" defaultValue={s.comparePeriod?.to ?? ""} /></label>
        <input type="hidden" name="view" value={view} />
        <button type="submit">Show</button>
      </form>
      <ViewTabs path="/reports/statements" params={params} current={view} />
      <StatementBody s={s} view={view} digits={digits} />
    </>
  );
}
