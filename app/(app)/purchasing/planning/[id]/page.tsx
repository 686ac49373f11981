import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { hasPermission } from "../../../../../core/governance";
import { getPairForecast, getProposalOrThrow } from "../../../../../core/purchasing";
import { read } from "../../../../_lib/db";
import { parseQuery, queryFields, type SearchParams } from "../../../../_lib/query";
import { requireUser } from "../../../../_lib/session";
import { Forbidden, PageHeader } from "../../../../_lib/ui";
import { acceptProposalAction, rejectProposalAction } from "../actions";
import { ForecastChart, Notice, figure } from "../view";

export const metadata: Metadata = { title: "Replenishment proposal" };

const DetailQuery = z.object({ notice: z.string().max(2_000).optional().catch(undefined), error: z.string().max(2_000).optional().catch(undefined) });

type Basis = { kind?: string; model?: string; expectedQty?: number; intervalLowQty?: number; intervalHighQty?: number; intervalLevel?: number; periods?: number };

export default async function ProposalPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "purchasing:read")) return <Forbidden what="replenishment proposals" />;
  const { id } = await params;
  const query = await parseQuery(DetailQuery, searchParams);
  const proposalId = /^\d{1,15}$/.test(id) ? Number(id) : 0;
  const { proposal, pair } = await read(async (tx) => {
    const proposal = await getProposalOrThrow(tx, user, proposalId);
    const pair = await getPairForecast(tx, user, { entityId: proposal.entityId, itemId: proposal.itemId, warehouseId: proposal.warehouseId });
    return { proposal, pair };
  });
  const basis = proposal.reason.demandBasis as Basis | undefined;
  const open = proposal.status === "proposed" && hasPermission(user, "planning:write");
  const figures = proposal.reason as Record<string, unknown>;
  return (
    <>
      <PageHeader title={`${proposal.kind === "buy" ? "Buy" : "Transfer"} ${proposal.baseQty} ${proposal.baseUom} of ${proposal.sku}`}
        subtitle={<>{proposal.warehouseCode}, need by {proposal.needByDate}; <span data-testid="proposal-status">{proposal.status}</span>
          {proposal.purchaseOrderId ? <> in <Link href={`/purchasing/orders/${proposal.purchaseOrderId}`} data-testid="purchase-order-link">purchase order {proposal.purchaseOrderId}</Link></> : null}</>} />
      <Notice notice={query.notice} error={query.error} />
      <p data-testid="proposal-sentence">{proposal.sentence}</p>
      <section className="panel">
        <h2>Demand</h2>
        {basis?.kind === "forecast" ? (
          <p data-testid="demand-basis">From the forecast ({basis.model}): {figure(basis.expectedQty)} {proposal.baseUom} expected over {basis.periods} weeks,
            {" "}{Math.round((basis.intervalLevel ?? 0.8) * 100)}% interval {figure(basis.intervalLowQty)} to {figure(basis.intervalHighQty)}.</p>
        ) : <p data-testid="demand-basis">From {String(figures.demandSource ?? "history")} (no forecast covers this item and warehouse).</p>}
        <ForecastChart history={pair.history} forecast={pair.forecast} />
        {pair.forecast.length > 0 ? (
          <div className="table-wrap">
            <table className="data" data-testid="forecast-table">
              <thead><tr><th>Week from</th><th>Median</th><th>Expected</th><th>Low</th><th>High</th></tr></thead>
              <tbody>
                {pair.forecast.map((f) => <tr key={f.periodStart}><td>{f.periodStart}</td><td>{f.qty}</td><td>{f.qtyMean}</td><td>{f.qtyLow}</td><td>{f.qtyHigh}</td></tr>)}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
      <section className="panel">
        <h2>Figures</h2>
        <dl className="facts">
          {["rule", "meanPerDay", "sdPerDay", "safetyStockQty", "reorderPointQty", "eoqQty", "position", "needQty"].filter((k) => figures[k] !== undefined).map((k) => (
            <div key={k}><dt>{k}</dt><dd>{typeof figures[k] === "object" ? JSON.stringify(figures[k]) : String(figures[k])}</dd></div>
          ))}
        </dl>
      </section>
      {open ? (
        <section className="panel toolbar">
          <form action={acceptProposalAction}>
            <input type="hidden" name="entityId" value={proposal.entityId} />
            <input type="hidden" name="proposalId" value={proposal.id} />
            <input type="hidden" name="idempotencyKey" value={`workbench-accept-${proposal.id}`} />
            <label>Quantity ({proposal.baseUom}) <input name="baseQty" defaultValue={proposal.baseQty} aria-label="Quantity" /></label>
            <button type="submit" className="primary">Accept into order</button>
          </form>
          <form action={rejectProposalAction}>
            <input type="hidden" name="entityId" value={proposal.entityId} />
            <input type="hidden" name="proposalId" value={proposal.id} />
            <label>Reason <input name="note" aria-label="Reason" required /></label>
            <button type="submit">Reject</button>
          </form>
        </section>
      ) : null}
      <p><Link href={`/purchasing/planning?entity=${proposal.entityId}`}>Back to the workbench</Link></p>
    </>
  );
}
