import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { hasPermission } from "../../../../core/governance";
import { getLatestRiskRun, listLateFulfilmentRisks } from "../../../../core/sales/risk";
import { read } from "../../../_lib/db";
import { parseQuery, queryFields, type SearchParams } from "../../../_lib/query";
import { loadSalesContext } from "../../../_lib/sales-data";
import { qtyOf } from "../../../_lib/sales-format";
import { EntitySelect } from "../../../_lib/sales-ui";
import { requireUser } from "../../../_lib/session";
import { Empty, Forbidden, PageHeader } from "../../../_lib/ui";
import { ModelFigures, percent, Reasons } from "./model-figures";

export const metadata: Metadata = { title: "Late-fulfilment risk" };

const LINES_SHOWN = 100;
const RiskQuery = z.object({ entity: queryFields.optionalId, min: z.coerce.number().int().min(0).max(100).catch(0) });

export default async function LateFulfilmentRiskPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "sales:read")) return <Forbidden what="late-fulfilment risk" />;
  const query = await parseQuery(RiskQuery, searchParams);
  const { context, run, lines } = await read(async (tx) => {
    const context = await loadSalesContext(tx, user, query.entity);
    const run = await getLatestRiskRun(tx, user, "late_fulfilment");
    const lines = await listLateFulfilmentRisks(tx, user, { entityId: context.entity.id, minProbability: query.min / 100, limit: LINES_SHOWN });
    return { context, run, lines };
  });
  return (
    <>
      <PageHeader title="Late-fulfilment risk" subtitle={`${context.entity.code}: open order lines most likely to ship after their promised date, riskiest first`} />
      <form className="toolbar" action="/sales/risk" method="get">
        <EntitySelect entities={context.entities} current={context.entity.id} />
        <label>At least (%) <input type="number" name="min" min={0} max={100} defaultValue={query.min} aria-label="Minimum probability" /></label>
        <button type="submit">Show</button>
      </form>
      {run ? <ModelFigures run={run} /> : <Empty>No scoring run yet: the predictive-alerts job scores open lines daily.</Empty>}
      {run && lines.length === 0 ? <Empty>No open line at this risk.</Empty> : lines.length > 0 && (
        <div className="table-wrap">
          <table className="data" data-testid="risk-lines">
            <thead>
              <tr><th>Order</th><th>Customer</th><th>Item</th><th className="num">Open qty</th><th>Promised</th><th className="num">Risk</th><th>Why</th></tr>
            </thead>
            <tbody>
              {lines.map((line) => (
                <tr key={line.orderLineId} data-line={line.orderLineId}>
                  <td><Link href={`/sales/orders/${line.orderId}`}>{line.orderNumber}</Link> <span className="muted">line {line.lineNumber}</span></td>
                  <td>{line.customerCode} <span className="muted">{line.customerName}</span></td>
                  <td>{line.sku} <span className="muted">{line.itemDescription}</span></td>
                  <td className="num">{qtyOf(line.openBaseQty)}</td>
                  <td>{line.promisedDate ?? "—"}</td>
                  <td className="num" data-testid="probability">{percent(line.probability)}</td>
                  <td><Reasons reasons={line.reasons} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
