import type { Metadata } from "next";
import Link from "next/link";
import { hasPermission } from "../../../../core/governance";
import { intercompanyReconciliation } from "../../../../core/ledger";
import { read } from "../../../_lib/db";
import { digitsOf, money } from "../../../_lib/format";
import { hrefWith, parseQuery, type SearchParams } from "../../../_lib/query";
import { loadCurrencyDigits } from "../../../_lib/reference-data";
import { ReportQuery, resolvePeriods } from "../../../_lib/reports-data";
import { requireUser } from "../../../_lib/session";
import { Empty, Forbidden, PageHeader } from "../../../_lib/ui";

export const metadata: Metadata = { title: "Intercompany reconciliation" };

const REASONS = { awaiting_approval: "Awaiting approval: not mirrored yet", seller_entry_differs: "Seller's entry differs", buyer_entry_differs: "Buyer's entry differs" } as const;

export default async function IntercompanyPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "ledger:read")) return <Forbidden what="the intercompany reconciliation" />;
  const query = await parseQuery(ReportQuery, searchParams);
  const { report, digits } = await read(async (tx) => {
    const asOf = query.to ?? (await resolvePeriods(tx, user, { ...query, compare: "none" })).period.to;
    return { report: await intercompanyReconciliation(tx, user, { asOf }), digits: await loadCurrencyDigits(tx, user) };
  });
  const unexplained = report.accounts.filter((a) => a.unexplainedMinor !== 0n);
  return (
    <>
      <PageHeader title="Intercompany reconciliation" subtitle={`As of ${report.asOf}: both sides of every intercompany trade, and IC balances trades do not explain`} />
      <form className="toolbar" method="get" action="/reports/intercompany">
        <label>As of <input type="date" name="to" defaultValue={report.asOf} /></label>
        <button type="submit">Show</button>
      </form>
      <section className="card">
        <h2>Trade mismatches</h2>
        {report.mismatches.length === 0 ? <Empty>Every posted trade has matching entries on both sides.</Empty> : (
          <table className="data" data-testid="ic-mismatches">
            <thead><tr><th>Trade</th><th>Date</th><th>Seller → buyer</th><th>Issue</th><th className="num">Expected</th><th className="num">Posted</th><th>Currency</th></tr></thead>
            <tbody>{report.mismatches.map((m) => (
              <tr key={`${m.tradeId}:${m.reason}`}><td>{m.tradeNumber}</td><td>{m.tradeDate}</td><td>{m.sellerEntityCode} → {m.buyerEntityCode}</td><td>{REASONS[m.reason]}</td>
                <td className="num">{money(m.expectedMinor, digitsOf(digits, m.currency))}</td><td className="num">{money(m.postedMinor, digitsOf(digits, m.currency))}</td><td>{m.currency}</td></tr>))}
            </tbody>
          </table>)}
      </section>
      <section className="card">
        <h2>Intercompany accounts</h2>
        <table className="data" data-testid="ic-accounts">
          <thead><tr><th>Entity</th><th>Account</th><th>Role</th><th className="num">Balance</th><th className="num">From trades</th><th className="num">Unexplained</th></tr></thead>
          <tbody>{report.accounts.map((a) => {
            const d = digitsOf(digits, a.currency);
            return (
              <tr key={`${a.entityId}:${a.role}`}><td>{a.entityCode}</td>
                <td><Link href={hrefWith(`/ledger/accounts/${a.accountId}`, { to: report.asOf })}>{a.accountCode}</Link></td><td>{a.role}</td>
                <td className="num">{money(a.balanceMinor, d)}</td><td className="num">{money(a.fromTradesMinor, d)}</td><td className="num">{money(a.unexplainedMinor, d)}</td></tr>);
          })}</tbody>
        </table>
        <p className="muted">{unexplained.length === 0 ? "Every intercompany balance is explained by trades." : `${unexplained.length} account(s) hold postings no trade explains.`}</p>
      </section>
    </>
  );
}
