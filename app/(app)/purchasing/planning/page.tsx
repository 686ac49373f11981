import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { hasPermission } from "../../../../core/governance";
import { latestForecastRun, listProposals, listReplenishmentRuns, listUncoveredForecastPairs } from "../../../../core/purchasing";
import { listModelVersions } from "../../../../models/registry";
import { DEMAND_FORECAST_MODEL } from "../../../../models/forecast/demand-job";
import { read } from "../../../_lib/db";
import { loadPurchasingContext } from "../../../_lib/purchasing-data";
import { parseQuery, queryFields, type SearchParams } from "../../../_lib/query";
import { EntitySelect } from "../../../_lib/sales-ui";
import { requireUser } from "../../../_lib/session";
import { Empty, Forbidden, PageHeader } from "../../../_lib/ui";
import { addSupplierItemAction, runPlanningAction, trainForecastAction } from "./actions";
import { Notice, figure } from "./view";

export const metadata: Metadata = { title: "Planner workbench" };

const ROWS = 200;

const WorkbenchQuery = z.object({
  entity: queryFields.optionalId,
  status: z.enum(["proposed", "accepted", "rejected", "superseded"]).optional().catch(undefined),
  notice: z.string().max(2_000).optional().catch(undefined),
  error: z.string().max(2_000).optional().catch(undefined),
});

type Basis = { kind?: string; model?: string; expectedQty?: number; intervalLowQty?: number; intervalHighQty?: number; intervalLevel?: number };

function BasisCell({ reason }: { reason: Record<string, unknown> }) {
  const basis = reason.demandBasis as Basis | undefined;
  if (basis?.kind !== "forecast") return <span className="muted">{String(reason.demandSource ?? "history")}</span>;
  return (
    <span data-testid="forecast-basis">
      forecast {figure(basis.expectedQty)} <span className="muted">({Math.round((basis.intervalLevel ?? 0.8) * 100)}%: {figure(basis.intervalLowQty)}-{figure(basis.intervalHighQty)}, {basis.model})</span>
    </span>
  );
}

export default async function PlannerWorkbenchPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "purchasing:read")) return <Forbidden what="the planner workbench" />;
  const query = await parseQuery(WorkbenchQuery, searchParams);
  const status = query.status ?? "proposed";
  const data = await read(async (tx) => {
    const context = await loadPurchasingContext(tx, user, query.entity);
    const proposals = await listProposals(tx, user, { entityId: context.entity.id, status, pageSize: ROWS });
    const runs = await listReplenishmentRuns(tx, user, { entityId: context.entity.id, limit: 1 });
    const forecastRun = await latestForecastRun(tx, context.entity.id);
    const versions = await listModelVersions(tx, DEMAND_FORECAST_MODEL.name, 5);
    const uncovered = await listUncoveredForecastPairs(tx, user, { entityId: context.entity.id, limit: 10 });
    return { context, proposals, lastRun: runs[0] ?? null, forecastRun, versions, uncovered };
  });
  const canPlan = hasPermission(user, "planning:write");
  const canBuy = hasPermission(user, "purchasing:write");
  const entityId = data.context.entity.id;
  const active = data.versions.find((v) => v.isActive);
  const mase = (active?.metrics as { mase?: Record<string, number> } | undefined)?.mase;
  return (
    <>
      <PageHeader title="Planner workbench" subtitle={`${data.context.entity.code}: replenishment proposals with the demand behind each`} />
      <Notice notice={query.notice} error={query.error} />
      <form className="toolbar" action="/purchasing/planning" method="get">
        <EntitySelect entities={data.context.entities} current={entityId} />
        <select name="status" defaultValue={status} aria-label="Status">
          {["proposed", "accepted", "rejected", "superseded"].map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
        <button type="submit">Show</button>
      </form>
      <section className="panel" data-testid="forecaster">
        <h2>Demand forecaster</h2>
        {active ? (
          <p>Active: {DEMAND_FORECAST_MODEL.name} v{active.version} ({active.source}, trained {active.trainingFrom ?? "?"} to {active.trainingTo ?? "?"}).
            Backtest MASE: model <strong data-testid="mase-model">{figure(mase?.model)}</strong>, seasonal naive {figure(mase?.seasonalNaive)},
            exponential smoothing {figure(mase?.exponentialSmoothing)}; expected-demand output {figure(mase?.modelMean)}.</p>
        ) : <p className="muted">No forecaster is active: planning uses shipment history.</p>}
        <p>{data.forecastRun ? `Latest forecast: run ${data.forecastRun.id}, from ${data.forecastRun.forecastFrom}, ${data.forecastRun.seriesCount} item-warehouse series.` : "No forecast recorded for this entity."}
          {data.lastRun ? ` Last planning run ${data.lastRun.id} on ${data.lastRun.runDate} from ${data.lastRun.demandSource}.` : ""}</p>
        {canPlan ? (
          <div className="toolbar">
            <form action={trainForecastAction}>
              <input type="hidden" name="entityId" value={entityId} />
              <button type="submit">Train and forecast</button>
            </form>
            <form action={runPlanningAction}>
              <input type="hidden" name="entityId" value={entityId} />
              <button type="submit" className="primary">Run planning</button>
            </form>
          </div>
        ) : null}
      </section>
      {data.uncovered.length > 0 ? (
        <section className="panel">
          <h2>Forecast demand no supplier offers</h2>
          <p className="muted">Planning cannot propose a buy for these until a supplier item exists (fewest weeks of cover first).</p>
          <div className="table-wrap">
            <table className="data" data-testid="uncovered">
              <thead><tr><th>Item</th><th>Warehouse</th><th>Expected (13 weeks)</th><th>Available</th><th>Weeks of cover</th>{canBuy ? <th>Supplier item</th> : null}</tr></thead>
              <tbody>
                {data.uncovered.map((pair) => (
                  <tr key={`${pair.itemId}:${pair.warehouseId}`}>
                    <td>{pair.sku} <span className="muted">{pair.description}</span></td>
                    <td>{pair.warehouseCode}</td>
                    <td>{pair.expectedQty} {pair.baseUom}</td>
                    <td>{pair.availableQty}</td>
                    <td>{pair.weeksOfCover ?? "n/a"}</td>
                    {canBuy ? (
                      <td>
                        <form action={addSupplierItemAction} className="inline">
                          <input type="hidden" name="entityId" value={entityId} />
                          <input type="hidden" name="itemId" value={pair.itemId} />
                          <input type="hidden" name="sku" value={pair.sku} />
                          <input type="hidden" name="uom" value={pair.baseUom} />
                          <select name="supplierId" aria-label="Supplier" required>
                            {data.context.suppliers.map((s) => <option key={s.id} value={s.id}>{s.code} ({s.currency})</option>)}
                          </select>
                          <input type="hidden" name="currency" value={data.context.suppliers[0]?.currency ?? ""} />
                          <input name="price" aria-label="Price per unit" placeholder="price per unit" required />
                          <button type="submit">Add supplier item</button>
                        </form>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      {data.proposals.rows.length === 0 ? <Empty>No {status} proposals.</Empty> : (
        <div className="table-wrap">
          <table className="data" data-testid="proposals">
            <thead><tr><th>Item</th><th>Warehouse</th><th>Action</th><th>Qty</th><th>Need by</th><th>Demand basis</th><th>Why</th></tr></thead>
            <tbody>
              {data.proposals.rows.map((p) => (
                <tr key={p.id}>
                  <td><Link href={`/purchasing/planning/${p.id}?entity=${entityId}`}>{p.sku}</Link> <span className="muted">{p.description}</span></td>
                  <td>{p.warehouseCode}</td>
                  <td>{p.kind === "buy" ? `buy from ${p.supplierCode ?? "?"}` : `transfer from ${p.fromWarehouseCode ?? "?"}`}</td>
                  <td>{p.baseQty} {p.baseUom}</td>
                  <td>{p.needByDate}</td>
                  <td><BasisCell reason={p.reason} /></td>
                  <td className="muted">{p.sentence}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
