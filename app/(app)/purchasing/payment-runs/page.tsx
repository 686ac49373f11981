import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { hasPermission } from "../../../../core/governance";
import { listPaymentRuns } from "../../../../core/purchasing";
import { read } from "../../../_lib/db";
import { ProposePaymentRunForm } from "../../../_lib/purchasing-forms";
import { PurchasingStatus } from "../../../_lib/purchasing-ui";
import { parseQuery, queryFields, type SearchParams } from "../../../_lib/query";
import { loadSalesContext } from "../../../_lib/sales-data";
import { amountOf } from "../../../_lib/sales-format";
import { EntitySelect } from "../../../_lib/sales-ui";
import { requireUser } from "../../../_lib/session";
import { Empty, Forbidden, PageHeader } from "../../../_lib/ui";

export const metadata: Metadata = { title: "Payment runs" };

const RunsQuery = z.object({ entity: queryFields.optionalId });
const ROWS = 100;

export default async function PaymentRunsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "purchasing:read")) return <Forbidden what="payment runs" />;
  const query = await parseQuery(RunsQuery, searchParams);
  const { context, runs } = await read(async (tx) => {
    const context = await loadSalesContext(tx, user, query.entity);
    return { context, runs: await listPaymentRuns(tx, user, { entityId: context.entity.id, limit: ROWS }) };
  });
  return (
    <>
      <PageHeader title="Payment runs" subtitle={`${context.entity.code}: supplier invoices paid by due date, approved before they are paid`} />
      <form className="toolbar" action="/purchasing/payment-runs" method="get">
        <EntitySelect entities={context.entities} current={context.entity.id} />
        {context.entities.length > 1 ? <button type="submit">Show</button> : null}
      </form>
      {hasPermission(user, "payables:write") ? <section className="card"><h2>Propose a run</h2><ProposePaymentRunForm entityId={context.entity.id} today={context.today} currency={context.entity.baseCurrency} /></section> : null}
      {runs.length === 0 ? <Empty>No payment runs yet.</Empty> : (
        <table className="data" data-testid="payment-runs">
          <thead><tr><th>Run</th><th>Payment date</th><th>Due through</th><th className="num">Payments</th><th className="num">Total</th><th>Currency</th><th>Status</th></tr></thead>
          <tbody>{runs.map((r) => (
            <tr key={r.id}><td><Link href={`/purchasing/payment-runs/${r.id}`}>{r.runNumber}</Link></td><td>{r.paymentDate}</td><td>{r.dueThrough}</td><td className="num">{r.paymentCount}</td>
              <td className="num">{amountOf(r.totalMinor, r.currency, context.digits)}</td><td>{r.currency}</td><td><PurchasingStatus status={r.status} /></td></tr>
          ))}</tbody>
        </table>
      )}
    </>
  );
}
