import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { hasPermission } from "../../../../core/governance";
import { AGING_BUCKETS, arAging, type AgingBucket } from "../../../../core/sales/receivables";
import { read } from "../../../_lib/db";
import { hrefWith, parseQuery, queryFields, type SearchParams } from "../../../_lib/query";
import { loadSalesContext } from "../../../_lib/sales-data";
import { addDaysTo, amountOf } from "../../../_lib/sales-format";
import { EntitySelect } from "../../../_lib/sales-ui";
import { requireUser } from "../../../_lib/session";
import { Empty, Forbidden, PageHeader } from "../../../_lib/ui";

export const metadata: Metadata = { title: "AR aging" };

const BUCKET_LABELS: Record<AgingBucket, string> = { current: "Current", days1To30: "1-30", days31To60: "31-60", days61To90: "61-90", over90: "90+" };
const STATEMENT_DAYS = 90;
const AgingQuery = z.object({ entity: queryFields.optionalId, asOf: queryFields.optionalDate });

export default async function ArAgingPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "sales:read")) return <Forbidden what="AR aging" />;
  const query = await parseQuery(AgingQuery, searchParams);
  const { context, aging } = await read(async (tx) => {
    const context = await loadSalesContext(tx, user, query.entity);
    return { context, aging: await arAging(tx, user, { entityId: context.entity.id, asOf: query.asOf ?? context.today }) };
  });
  const base = aging.baseCurrency;
  const show = (minor: bigint) => amountOf(minor, base, context.digits);
  return (
    <>
      <PageHeader title="AR aging" subtitle={`${context.entity.code} as of ${aging.asOf}: open invoices by days past due, in ${base} at carrying value`} />
      <form className="toolbar" action="/sales/ar-aging" method="get">
        <EntitySelect entities={context.entities} current={context.entity.id} />
        <label>As of <input type="date" name="asOf" defaultValue={aging.asOf} aria-label="As of" /></label>
        <button type="submit">Show</button>
      </form>
      {aging.rows.length === 0 ? <Empty>Nothing is open.</Empty> : (
        <div className="table-wrap">
          <table className="data" data-testid="ar-aging">
            <thead>
              <tr>
                <th>Customer</th><th>Currency</th>
                {AGING_BUCKETS.map((b) => <th key={b} className="num">{BUCKET_LABELS[b]}</th>)}
                <th className="num">Total</th><th className="num">Open credits</th><th className="num">Unapplied cash</th>
              </tr>
            </thead>
            <tbody>
              {aging.rows.map((row) => (
                <tr key={`${row.customerId}-${row.currency}`} data-customer={row.customerCode}>
                  <td>
                    <Link href={hrefWith(`/sales/customers/${row.customerId}/statement`, { from: addDaysTo(aging.asOf, -STATEMENT_DAYS), to: aging.asOf })}>{row.customerCode}</Link>{" "}
                    <span className="muted">{row.customerName}</span>
                  </td>
                  <td>{row.currency}</td>
                  {AGING_BUCKETS.map((b) => <td key={b} className="num">{show(row.base[b])}</td>)}
                  <td className="num">{show(row.base.total)}</td>
                  <td className="num">{show(row.creditsBaseMinor)}</td>
                  <td className="num">{show(row.unappliedCashBaseMinor)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th>Total</th><th>{base}</th>
                {AGING_BUCKETS.map((b) => <th key={b} className="num" data-testid={`total-${b}`}>{show(aging.totals.base[b])}</th>)}
                <th className="num" data-testid="total-total">{show(aging.totals.base.total)}</th>
                <th className="num">{show(aging.totals.creditsBaseMinor)}</th>
                <th className="num">{show(aging.totals.unappliedCashBaseMinor)}</th>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      <p className="muted">Open AR (aged invoices less open credits): <strong data-testid="open-ar">{show(aging.totals.openArBaseMinor)} {base}</strong>. Unapplied cash sits in customer deposits, not AR.</p>
    </>
  );
}
