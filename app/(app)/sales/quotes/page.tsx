import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { hasPermission } from "../../../../core/governance";
import { listQuotes } from "../../../../core/sales";
import { read } from "../../../_lib/db";
import { parseQuery, queryFields, type SearchParams } from "../../../_lib/query";
import { loadSalesContext } from "../../../_lib/sales-data";
import { amountOf, statusWords } from "../../../_lib/sales-format";
import { OrderEntryForm } from "../../../_lib/sales-order-entry";
import { EntitySelect, SalesStatus } from "../../../_lib/sales-ui";
import { requireUser } from "../../../_lib/session";
import { Empty, Forbidden, PageHeader, Pager, SearchForm } from "../../../_lib/ui";

export const metadata: Metadata = { title: "Quotes" };

const PAGE_SIZE = 50;
const QUOTE_STATUSES = ["open", "partially_converted", "converted", "expired", "cancelled"] as const;
const QuotesQuery = z.object({
  q: queryFields.optionalText, page: queryFields.pageNumber, entity: queryFields.optionalId, status: z.enum(QUOTE_STATUSES).optional().catch(undefined),
});

export default async function QuotesPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "sales:read")) return <Forbidden what="quotes" />;
  const query = await parseQuery(QuotesQuery, searchParams);
  const { context, page } = await read(async (tx) => {
    const context = await loadSalesContext(tx, user, query.entity);
    return { context, page: await listQuotes(tx, user, { entityId: context.entity.id, status: query.status ?? null, search: query.q ?? null, page: query.page, pageSize: PAGE_SIZE }) };
  });
  return (
    <>
      <PageHeader title="Quotes" subtitle={`${context.entity.code}: offers with validity dates, converted to orders in one step`} />
      <SearchForm action="/sales/quotes" q={query.q} placeholder="Quote number or customer">
        <EntitySelect entities={context.entities} current={context.entity.id} />
        <select name="status" defaultValue={query.status ?? ""} aria-label="Status">
          <option value="">Any status</option>
          {QUOTE_STATUSES.map((s) => <option key={s} value={s}>{statusWords(s)}</option>)}
        </select>
      </SearchForm>
      {page.rows.length === 0 ? <Empty>No quotes match.</Empty> : (
        <div className="table-wrap">
          <table className="data" data-testid="quotes">
            <thead><tr><th>Quote</th><th>Date</th><th>Valid until</th><th>Customer</th><th className="num">Lines</th><th className="num">Total</th><th className="num">Converted</th><th>Currency</th><th>Status</th></tr></thead>
            <tbody>
              {page.rows.map((row) => (
                <tr key={row.quoteId}>
                  <td><Link href={`/sales/quotes/${row.quoteId}`}>{row.quoteNumber}</Link></td>
                  <td>{row.quoteDate}</td><td>{row.validUntil}</td>
                  <td>{row.customerCode} <span className="muted">{row.customerName}</span></td>
                  <td className="num">{row.lineCount}</td>
                  <td className="num">{amountOf(row.totalMinor, row.currency, context.digits)}</td>
                  <td className="num">{amountOf(row.convertedMinor, row.currency, context.digits)}</td>
                  <td>{row.currency}</td>
                  <td><SalesStatus status={row.status} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager path="/sales/quotes" params={{ q: query.q, status: query.status, entity: context.entity.id }} page={page.page} pageSize={page.pageSize} total={page.total} />
      {hasPermission(user, "sales:write") ? (
        <section className="card" data-testid="new-quote">
          <h2>New quote</h2>
          <OrderEntryForm mode="quote" />
        </section>
      ) : null}
    </>
  );
}
