import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { hasPermission } from "../../../../core/governance";
import { listCounts } from "../../../../core/purchasing";
import { read } from "../../../_lib/db";
import { loadPurchasingContext } from "../../../_lib/purchasing-data";
import { NewCountForm } from "../../../_lib/purchasing-forms";
import { PurchasingStatus } from "../../../_lib/purchasing-ui";
import { parseQuery, queryFields, type SearchParams } from "../../../_lib/query";
import { amountOf } from "../../../_lib/sales-format";
import { EntitySelect } from "../../../_lib/sales-ui";
import { requireUser } from "../../../_lib/session";
import { Empty, Forbidden, PageHeader, Pager } from "../../../_lib/ui";

export const metadata: Metadata = { title: "Cycle counts" };

const STATUSES = ["open", "variance_review", "posted", "cancelled"] as const;
const CountsQuery = z.object({ entity: queryFields.optionalId, warehouse: queryFields.optionalId, status: z.enum(STATUSES).optional().catch(undefined), page: queryFields.pageNumber });
const PAGE_SIZE = 50;

export default async function CountsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "inventory:read")) return <Forbidden what="cycle counts" />;
  const query = await parseQuery(CountsQuery, searchParams);
  const { context, page } = await read(async (tx) => {
    const context = await loadPurchasingContext(tx, user, query.entity);
    const page = await listCounts(tx, user, { entityId: context.entity.id, warehouseId: query.warehouse ?? null, status: query.status ?? null, page: query.page, pageSize: PAGE_SIZE });
    return { context, page };
  });
  const currency = context.entity.baseCurrency;
  return (
    <>
      <PageHeader title="Cycle counts" subtitle={`${context.entity.code}: count lists, variances beyond tolerance reviewed before posting`} />
      <form className="toolbar" action="/inventory/counts" method="get">
        <EntitySelect entities={context.entities} current={context.entity.id} />
        <select name="warehouse" defaultValue={query.warehouse ? String(query.warehouse) : ""} aria-label="Warehouse"><option value="">Any warehouse</option>{context.warehouses.map((w) => <option key={w.id} value={w.id}>{w.code}</option>)}</select>
        <select name="status" defaultValue={query.status ?? ""} aria-label="Status"><option value="">Any status</option>{STATUSES.map((s) => <option key={s} value={s}>{s.replaceAll("_", " ")}</option>)}</select>
        <button type="submit">Filter</button>
      </form>
      {hasPermission(user, "inventory:write") ? <section className="card"><h2>New count list</h2><NewCountForm entityId={context.entity.id} currency={currency} warehouses={context.warehouses} today={context.today} /></section> : null}
      {page.rows.length === 0 ? <Empty>No counts match.</Empty> : (
        <table className="data" data-testid="counts">
          <thead><tr><th>Count</th><th>Warehouse</th><th>Date</th><th>ABC</th><th>Blind</th><th className="num">Lines</th><th className="num">Counted</th><th className="num">Tolerance</th><th>Status</th></tr></thead>
          <tbody>{page.rows.map((r) => (
            <tr key={r.id}><td><Link href={`/inventory/counts/${r.id}`}>{r.countNumber}</Link></td><td>{r.warehouseCode}</td><td>{r.countDate}</td><td>{r.abcClass ?? ""}</td><td>{r.blind ? "yes" : "no"}</td>
              <td className="num">{r.lineCount}</td><td className="num">{r.countedLines}</td><td className="num">{amountOf(r.toleranceMinor, currency, context.digits)}</td><td><PurchasingStatus status={r.status} /></td></tr>
          ))}</tbody>
        </table>
      )}
      <Pager path="/inventory/counts" params={{ entity: context.entity.id, warehouse: query.warehouse, status: query.status }} page={page.page} pageSize={page.pageSize} total={page.total} />
    </>
  );
}
