import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { hasPermission } from "../../../../core/governance";
import { getLatestRiskRun, listCollectionsRisks } from "../../../../core/sales/risk";
import { read } from "../../../_lib/db";
import { hrefWith, parseQuery, queryFields, type SearchParams } from "../../../_lib/query";
import { loadSalesContext } from "../../../_lib/sales-data";
import { addDaysTo, amountOf } from "../../../_lib/sales-format";
import { EntitySelect } from "../../../_lib/sales-ui";
import { requireUser } from "../../../_lib/session";
import { Empty, Forbidden, PageHeader } from "../../../_lib/ui";
import { ModelFigures, percent, Reasons } from "../../sales/risk/model-figures";

export const metadata: Metadata = { title: "Collections risk" };

const CUSTOMERS_SHOWN = 100;
const STATEMENT_DAYS = 180;
const RiskQuery = z.object({ entity: queryFields.optionalId, min: z.coerce.number().int().min(0).max(100).catch(0) });

export default async function CollectionsRiskPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "ledger:read")) return <Forbidden what="collections risk" />;
  const query = await parseQuery(RiskQuery, searchParams);
  const { context, run, customers } = await read(async (tx) => {
    const context = await loadSalesContext(tx, user, query.entity);
    const run = await getLatestRiskRun(tx, user, "collections");
    const customers = await listCollectionsRisks(tx, user, { entityId: context.entity.id, minProbability: query.min / 100, limit: CUSTOMERS_SHOWN, asOf: context.today });
    return { context, run, customers };
  });
  return (
    <>
      <PageHeader title="Collections risk" subtitle={`${context.entity.code} as of ${context.today}: customers most likely to pay their open invoices more than 30 days late`} />
      <form className="toolbar" action="/finance/collections-risk" method="get">
        <EntitySelect entities={context.entities} current={context.entity.id} />
        <label>At least (%) <input type="number" name="min" min={0} max={100} defaultValue={query.min} aria-label="Minimum probability" /></label>
        <button type="submit">Show</button>
      </form>
      {run ? <ModelFigures run={run} /> : <Empty>No scoring run yet: the predictive-alerts job scores customers daily.</Empty>}
      {run && customers.length === 0 ? <Empty>No customer at this risk.</Empty> : customers.length > 0 && (
        <div className="table-wrap">
          <table className="data" data-testid="risk-customers">
            <thead>
              <tr><th>Customer</th><th>Currency</th><th className="num">Open</th><th className="num">Overdue</th><th>Riskiest invoice</th><th className="num">Risk</th><th>Why</th></tr>
            </thead>
            <tbody>
              {customers.map((c) => (
                <tr key={c.customerId} data-customer={c.customerCode}>
                  <td>
                    <Link href={hrefWith(`/sales/customers/${c.customerId}/statement`, { from: addDaysTo(context.today, -STATEMENT_DAYS), to: context.today })}>{c.customerCode}</Link>{" "}
                    <span className="muted">{c.customerName}</span>
                  </td>
                  <td>{c.currency}</td>
                  <td className="num">{amountOf(c.openMinor, c.currency, context.digits)} <span className="muted">({c.openInvoices})</span></td>
                  <td className="num">{amountOf(c.overdueMinor, c.currency, context.digits)}</td>
                  <td>{c.invoiceNumber} <span className="muted">due {c.invoiceDueDate}</span></td>
                  <td className="num" data-testid="probability">{percent(c.probability)}</td>
                  <td><Reasons reasons={c.reasons} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="muted">Open and overdue are the customer&apos;s open invoices in its currency; see the <Link href={hrefWith("/sales/ar-aging", { entity: context.entity.id })}>AR aging</Link> for credits and unapplied cash.</p>
    </>
  );
}
