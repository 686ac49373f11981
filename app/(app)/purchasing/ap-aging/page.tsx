import type { Metadata } from "next";
import { z } from "zod";
import { hasPermission } from "../../../../core/governance";
import { AGING_BUCKETS, apAging, type AgingBucket } from "../../../../core/purchasing";
import { read } from "../../../_lib/db";
import { parseQuery, queryFields, type SearchParams } from "../../../_lib/query";
import { loadSalesContext } from "../../../_lib/sales-data";
import { amountOf } from "../../../_lib/sales-format";
import { EntitySelect } from "../../../_lib/sales-ui";
import { requireUser } from "../../../_lib/session";
import { Empty, Forbidden, PageHeader } from "../../../_lib/ui";

export const metadata: Metadata = { title: "AP aging" };

const AgingQuery = z.object({ entity: queryFields.optionalId, asOf: queryFields.optionalDate });
const LABELS: Record<AgingBucket, string> = { current: "Current", days1To30: "1-30", days31To60: "31-60", days61To90: "61-90", over90: "Over 90" };

/** What the entity owes its suppliers on a date, by days past due, in base currency. */
export default async function ApAgingPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "purchasing:read")) return <Forbidden what="AP aging" />;
  const query = await parseQuery(AgingQuery, searchParams);
  const { context, aging } = await read(async (tx) => {
    const context = await loadSalesContext(tx, user, query.entity);
    return { context, aging: await apAging(tx, user, { entityId: context.entity.id, asOf: query.asOf ?? context.today }) };
  });
  const cur = aging.currency;
  return (
    <>
      <PageHeader title="AP aging" subtitle={`${context.entity.code} as of ${aging.asOf}, ${cur} at carrying value`} />
      <form className="toolbar" action="/purchasing/ap-aging" method="get">
        <EntitySelect entities={context.entities} current={context.entity.id} />
        <label>As of <input type="date" name="asOf" defaultValue={aging.asOf} aria-label="As of" /></label>
        <button type="submit">Show</button>
      </form>
      {aging.rows.length === 0 ? <Empty>Nothing owed to suppliers on this date.</Empty> : (
        <div className="table-wrap">
          <table className="data" data-testid="ap-aging">
            <thead><tr><th>Supplier</th>{AGING_BUCKETS.map((b) => <th key={b} className="num">{LABELS[b]}</th>)}<th className="num">Total</th></tr></thead>
            <tbody>
              {aging.rows.map((r) => (
                <tr key={r.supplierId}><td>{r.supplierCode} <span className="muted">{r.supplierName}</span></td>
                  {AGING_BUCKETS.map((b) => <td key={b} className="num">{amountOf(r.buckets[b], cur, context.digits)}</td>)}<td className="num">{amountOf(r.totalMinor, cur, context.digits)}</td></tr>
              ))}
            </tbody>
            <tfoot><tr><th>Total</th>{AGING_BUCKETS.map((b) => <th key={b} className="num">{amountOf(aging.totals[b], cur, context.digits)}</th>)}<th className="num" data-testid="ap-total">{amountOf(aging.totalMinor, cur, context.digits)}</th></tr></tfoot>
          </table>
        </div>
      )}
    </>
  );
}
