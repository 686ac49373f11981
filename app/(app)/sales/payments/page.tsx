import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { hasPermission } from "../../../../core/governance";
import { getMasterOrThrow } from "../../../../core/masters";
import { listPayments } from "../../../../core/sales/payments";
import { isDomainError } from "../../../../core/shared/errors";
import { read } from "../../../_lib/db";
import { hrefWith, parseQuery, queryFields, type SearchParams } from "../../../_lib/query";
import { loadSalesContext } from "../../../_lib/sales-data";
import { amountOf } from "../../../_lib/sales-format";
import { ReceivePaymentForm } from "../../../_lib/sales-payment-form";
import type { CustomerOption } from "../../../_lib/sales-types";
import { EntitySelect } from "../../../_lib/sales-ui";
import { requireUser } from "../../../_lib/session";
import { Empty, Forbidden, PageHeader } from "../../../_lib/ui";

export const metadata: Metadata = { title: "Payments" };

const PAGE_SIZE = 50;
const PaymentsQuery = z.object({
  entity: queryFields.optionalId, page: queryFields.pageNumber, customer: queryFields.optionalId,
  unapplied: z.enum(["1"]).optional().catch(undefined),
});

export default async function PaymentsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "sales:read")) return <Forbidden what="payments" />;
  const query = await parseQuery(PaymentsQuery, searchParams);
  const { context, payments, initialCustomer } = await read(async (tx) => {
    let initialCustomer: CustomerOption | null = null;
    if (query.customer) {
      try {
        const c = await getMasterOrThrow(tx, user, "customer", query.customer);
        initialCustomer = { id: c.id, code: c.code, name: c.name, entityId: c.entityId, entityCode: "", tier: c.tier, currency: c.currency };
      } catch (error) {
        if (!isDomainError(error)) throw error;
      }
    }
    const context = await loadSalesContext(tx, user, query.entity ?? initialCustomer?.entityId);
    const payments = await listPayments(tx, user, {
      entityId: context.entity.id, unappliedOnly: query.unapplied === "1", limit: PAGE_SIZE + 1, offset: (query.page - 1) * PAGE_SIZE,
    });
    return { context, payments, initialCustomer };
  });
  const filters = { entity: context.entity.id, unapplied: query.unapplied };
  return (
    <>
      <PageHeader title="Payments" subtitle={`${context.entity.code}: customer payments, newest first`} />
      {hasPermission(user, "sales.receivables:write") ? (
        <section className="card">
          <h2>Receive a payment</h2>
          <ReceivePaymentForm currencies={[...context.digits.keys()].sort()} defaultCurrency={context.entity.baseCurrency} initialCustomer={initialCustomer} today={context.today} />
        </section>
      ) : null}
      <form className="toolbar" action="/sales/payments" method="get">
        <EntitySelect entities={context.entities} current={context.entity.id} />
        <label className="checkbox-row"><input type="checkbox" name="unapplied" value="1" defaultChecked={query.unapplied === "1"} /> With unapplied cash only</label>
        <button type="submit">Filter</button>
      </form>
      {payments.length === 0 ? <Empty>No payments match.</Empty> : (
        <div className="table-wrap">
          <table className="data" data-testid="payments">
            <thead><tr><th>Payment</th><th>Received</th><th>Customer</th><th>Method</th><th>Reference</th><th className="num">Amount</th><th className="num">Unapplied</th><th>Currency</th></tr></thead>
            <tbody>
              {payments.slice(0, PAGE_SIZE).map((p) => (
                <tr key={p.id}>
                  <td><Link href={`/sales/payments/${p.id}`}>{p.paymentNumber}</Link></td>
                  <td>{p.receivedDate}</td>
                  <td>{p.customerCode} <span className="muted">{p.customerName}</span></td>
                  <td>{p.method}</td><td>{p.reference ?? ""}</td>
                  <td className="num">{amountOf(p.amountMinor, p.currency, context.digits)}</td>
                  <td className="num">{amountOf(p.unappliedMinor, p.currency, context.digits)}</td>
                  <td>{p.currency}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="pager" aria-label="Pages">
        <span className="pager-count">Page {query.page}</span>
        {query.page > 1 ? <Link href={hrefWith("/sales/payments", { ...filters, page: query.page - 1 })} rel="prev">‹ Previous</Link> : <span className="disabled">‹ Previous</span>}
        {payments.length > PAGE_SIZE ? <Link href={hrefWith("/sales/payments", { ...filters, page: query.page + 1 })} rel="next">Next ›</Link> : <span className="disabled">Next ›</span>}
      </nav>
    </>
  );
}
