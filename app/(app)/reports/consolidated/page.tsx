import type { Metadata } from "next";
import Link from "next/link";
import { hasPermission } from "../../../../core/governance";
import { consolidate, type Consolidation } from "../../../../core/ledger";
import { read } from "../../../_lib/db";
import { digitsOf, money } from "../../../_lib/format";
import { hrefWith, parseQuery, type SearchParams } from "../../../_lib/query";
import { loadCurrencyDigits } from "../../../_lib/reference-data";
import { ReportQuery, resolvePeriods, VIEW_LABELS } from "../../../_lib/reports-data";
import { periodLabel, PrintStyles, SectionsTable, ViewTabs } from "../../../_lib/reports-ui";
import { requireUser } from "../../../_lib/session";
import { Forbidden, PageHeader } from "../../../_lib/ui";

export const metadata: Metadata = { title: "Consolidated statements" };
const VIEWS = ["is", "bs", "tb"] as const;
const DEFAULT_CURRENCY = "USD";

function ratePpm(ppm: bigint): string {
  return money(ppm, 6);
}

function TrialBalance({ c, digits, drill }: { c: Consolidation; digits: number; drill: (code: string) => string }) {
  return (
    <div className="table-wrap">
      <table className="data" data-testid="consolidated-tb">
        <thead><tr><th>Account</th><th>Name</th>{c.entities.map((e) => <th key={e.entityId} className="num">{e.entityCode}</th>)}
          <th className="num">Eliminations</th><th className="num">Consolidated</th></tr></thead>
        <tbody>
          {c.accounts.map((a) => (
            <tr key={a.accountCode}>
              <td><Link href={drill(a.accountCode)}>{a.accountCode}</Link></td>
              <td>{a.accountName}</td>
              {c.entities.map((e) => <td key={e.entityId} className="num">
                {money(a.entities.filter((f) => f.entityId === e.entityId).reduce((t, f) => t + f.closingMinor, 0n), digits)}</td>)}
              <td className="num">{money(a.elimination.closingMinor, digits)}</td>
              <td className="num">{money(a.closingMinor, digits)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default async function ConsolidatedPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "ledger:read")) return <Forbidden what="consolidated statements" />;
  const query = await parseQuery(ReportQuery, searchParams);
  const view = query.view && query.view !== "cf" ? query.view : "bs";
  const currency = query.currency ?? DEFAULT_CURRENCY;
  const { c, digits } = await read(async (tx) => {
    const { period } = await resolvePeriods(tx, user, { ...query, entity: undefined, compare: "none" });
    return { c: await consolidate(tx, user, { reportingCurrency: currency, from: period.from, to: period.to }), digits: await loadCurrencyDigits(tx, user) };
  });
  const d = digitsOf(digits, c.reportingCurrency);
  const params = { currency, from: c.period.from, to: c.period.to };
  const drill = (code: string) => hrefWith("/reports/consolidated/account", { ...params, code, view });
  const lineDrill = (line: { accountCode: string | null }) => (line.accountCode ? drill(line.accountCode) : null);
  return (
    <>
      <PrintStyles printView={query.print === "1"} />
      <PageHeader title={`Consolidated ${VIEW_LABELS[view].toLowerCase()}`}
        subtitle={<>{c.entities.map((e) => e.entityCode).join(" + ")} in {c.reportingCurrency} · {periodLabel(c.period)}</>}
        actions={<span className="no-print">
          <a href={hrefWith("/reports/consolidated/csv", { ...params, view })} download>CSV</a>{" · "}
          <Link href={hrefWith("/reports/consolidated", { ...params, view, print: 1 })}>Print view</Link>
        </span>} />
      <form className="toolbar" method="get" action="/reports/consolidated">
        <label>Currency <input name="currency" defaultValue={currency} size={4} /></label>
        <label>From <input type="date" name="from" defaultValue={c.period.from} /></label>
        <label>To <input type="date" name="to" defaultValue={c.period.to} /></label>
        <input type="hidden" name="view" value={view} />
        <button type="submit">Show</button>
      </form>
      <ViewTabs path="/reports/consolidated" params={params} current={view} views={VIEWS} />
      <section className="card">
        <h2>Translation</h2>
        <table className="data" data-testid="translation-rates">
          <thead><tr><th>Entity</th><th>Currency</th><th className="num">Closing rate</th><th className="num">Average rate</th><th className="num">Translation reserve</th></tr></thead>
          <tbody>{c.entities.map((e) => (
            <tr key={e.entityId}><td>{e.entityCode}</td><td>{e.currency}</td><td className="num">{ratePpm(e.closingRatePpm)}</td>
              <td className="num">{ratePpm(e.averageRatePpm)}</td><td className="num">{money(e.translationReserveMinor, d)}</td></tr>))}</tbody>
        </table>
        <p className="muted">Assets and liabilities at the closing rate; revenue and expenses at the period&apos;s average rate (earlier months at their own);
          equity at the rate of each posting date; the difference is the translation reserve (credit positive).</p>
      </section>
      {view === "tb" ? <TrialBalance c={c} digits={d} drill={drill} />
        : view === "is"
          ? <SectionsTable testId="consolidated-is" sections={c.incomeStatement.sections} digits={d} compare={null} drillHref={lineDrill}
            footer={<tfoot><tr><th>Net income</th><th className="num" data-testid="net-income">{money(c.incomeStatement.netIncomeMinor, d)}</th></tr></tfoot>} />
          : <SectionsTable testId="consolidated-bs" sections={c.balanceSheet.sections} digits={d} compare={null} drillHref={lineDrill}
            footer={<tfoot><tr><th>Total assets / liabilities and equity</th>
              <th className="num" data-testid="bs-totals">{money(c.balanceSheet.totalAssetsMinor, d)} / {money(c.balanceSheet.totalLiabilitiesAndEquityMinor, d)}</th></tr></tfoot>} />}
    </>
  );
}
