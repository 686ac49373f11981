import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { hasPermission } from "../../../../../../core/governance";
import { getMasterOrThrow } from "../../../../../../core/masters";
import { customerStatement } from "../../../../../../core/sales/invoicing";
import { read } from "../../../../../_lib/db";
import { loadOrNotFound } from "../../../../../_lib/page-data";
import { parseId, parseQuery, queryFields, type SearchParams } from "../../../../../_lib/query";
import { loadSalesContext } from "../../../../../_lib/sales-data";
import { addDaysTo, amountOf, statusWords } from "../../../../../_lib/sales-format";
import { requireUser } from "../../../../../_lib/session";
import { Empty, Forbidden, PageHeader } from "../../../../../_lib/ui";

export const metadata: Metadata = { title: "Customer statement" };

const DEFAULT_DAYS = 90;
const StatementQuery = z.object({ from: queryFields.optionalDate, to: queryFields.optionalDate });

function documentHref(kind: string, id: number): string {
  return kind === "payment" ? `/sales/payments/${id}` : `/sales/invoices/${id}`;
}

export default async function StatementPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "sales:read")) return <Forbidden what="customer statements" />;
  const customerId = parseId((await params).id);
  if (customerId === null) notFound();
  const query = await parseQuery(StatementQuery, searchParams);
  const { statement, context } = await loadOrNotFound(() => read(async (tx) => {
    const customer = await getMasterOrThrow(tx, user, "customer", customerId);
    const context = await loadSalesContext(tx, user, customer.entityId);
    const to = query.to ?? context.today;
    const from = query.from ?? addDaysTo(to, -DEFAULT_DAYS);
    return { statement: await customerStatement(tx, user, { customerId, from: from <= to ? from : to, to }), context };
  }));
  return (
    <>
      <PageHeader title={`Statement: ${statement.customerCode} ${statement.customerName}`} subtitle={<>{statement.from} to {statement.to} · <Link href="/sales/ar-aging">AR aging</Link></>} />
      <form className="toolbar" method="get">
        <label>From <input type="date" name="from" defaultValue={statement.from} aria-label="From" /></label>
        <label>To <input type="date" name="to" defaultValue={statement.to} aria-label="To" /></label>
        <button type="submit">Show</button>
      </form>
      {statement.sections.length === 0 ? <Empty>No invoices, credit memos or payments.</Empty> : statement.sections.map((section) => {
        const show = (minor: bigint) => amountOf(minor, section.currency, context.digits);
        return (
          <section className="card" key={section.currency} data-testid={`statement-${section.currency}`}>
            <h2>{section.currency}: opening {show(section.openingBalanceMinor)}, closing <span data-testid="closing-balance">{show(section.closingBalanceMinor)}</span></h2>
            <table className="data compact">
              <thead><tr><th>Date</th><th>Document</th><th>Kind</th><th>Reference</th><th className="num">Charges</th><th className="num">Credits</th><th className="num">Balance</th></tr></thead>
              <tbody>
                {section.lines.map((line) => (
                  <tr key={`${line.kind}-${line.documentId}`}>
                    <td>{line.date}</td><td><Link href={documentHref(line.kind, line.documentId)}>{line.documentNumber}</Link></td><td>{statusWords(line.kind)}</td>
                    <td>{line.reference ?? ""}</td><td className="num">{line.debitMinor > 0n ? show(line.debitMinor) : ""}</td>
                    <td className="num">{line.creditMinor > 0n ? show(line.creditMinor) : ""}</td><td className="num">{show(line.balanceMinor)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr><th colSpan={4}>Invoiced {show(section.invoicedMinor)} · paid {show(section.paidMinor)} · credited {show(section.creditedMinor)}</th><th /><th /><th className="num">{show(section.closingBalanceMinor)}</th></tr>
              </tfoot>
            </table>
            {section.truncated ? <p className="muted">The period has more lines than shown; the balances count them all.</p> : null}
          </section>
        );
      })}
    </>
  );
}
