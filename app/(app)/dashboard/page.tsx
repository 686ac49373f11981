import type { Metadata } from "next";
import { hasPermission } from "../../../core/governance";
import { isDomainError } from "../../../core/shared/errors";
import { drillDown, type DrillResult } from "../../../analytics/drill-down";
import { filterOptions, type Option } from "../../../analytics/filter-options";
import { KPI_DEFINITIONS, KPI_NAMES, type KpiName } from "../../../analytics/kpi-definitions";
import { GROUP_DIMENSIONS } from "../../../analytics/kpi-sql";
import { queryKpi, type KpiResponse } from "../../../analytics/service";
import { analyticsContext } from "../../_lib/analytics-api";
import { formatKpiValue, headlineMeasure, headlineSeries, headlineUnit } from "../../_lib/analytics-view";
import { requireUser } from "../../_lib/session";
import { Forbidden, PageHeader } from "../../_lib/ui";
import { KpiCards, TrendChart, type CardData } from "./dashboard-charts";

export const metadata: Metadata = { title: "Executive dashboard" };
export const dynamic = "force-dynamic";

const FILTER_KEYS = ["entity", "warehouse", "category", "customer", "from", "to", "grain"] as const;
const LOWER_IS_BETTER: readonly KpiName[] = ["order_backlog", "backorder_exposure", "lead_time_variance", "working_capital", "close_cycle_time"];

type Params = Record<string, string | undefined>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value === "" ? undefined : value;
}

/** The filters a KPI accepts (others are dropped for it, not refused: the page shows every card). */
function kpiParams(name: KpiName, params: Params): Params {
  const definition = KPI_DEFINITIONS[name];
  const kept: Params = {};
  for (const key of FILTER_KEYS) {
    const value = params[key];
    if (value === undefined) continue;
    if ((key === "warehouse" || key === "category" || key === "customer") && !definition.filters.includes(key)) continue;
    kept[key] = value;
  }
  if (definition.groupable && params.groupBy) kept.groupBy = params.groupBy;
  return kept;
}

function hrefWith(params: Params, changes: Params): string {
  const merged = { ...params, ...changes };
  const query = new URLSearchParams(Object.entries(merged).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ""));
  return `/dashboard?${query.toString()}`;
}

function card(name: KpiName, response: KpiResponse, params: Params, selected: boolean): CardData {
  const headline = headlineSeries(name, response.series);
  const unit = headlineUnit(name, response.unit);
  const last = headline.at(-1)?.value ?? null;
  const previous = headline.at(-2)?.value ?? null;
  const delta = last !== null && previous !== null && previous !== 0 ? ((last - previous) / Math.abs(previous)) * 100 : null;
  return {
    name, title: response.title, value: formatKpiValue(unit, last, response.currency), previous: formatKpiValue(unit, previous, response.currency),
    deltaPercent: delta, higherIsBetter: !LOWER_IS_BETTER.includes(name),
    spark: headline.filter((h) => h.value !== null).map((h) => ({ period: h.period, value: h.value as number })),
    href: hrefWith(params, { kpi: name, period: undefined, group: undefined }), selected,
  };
}

function Select({ name, label, options, value, empty }: { name: string; label: string; options: Option[]; value: string | undefined; empty?: string }) {
  return (
    <label className="field">
      <span>{label}</span>
      <select name={name} defaultValue={value ?? ""} aria-label={label}>
        {empty !== undefined && <option value="">{empty}</option>}
        {options.map((o) => <option key={o.id} value={String(o.id)}>{o.label}</option>)}
      </select>
    </label>
  );
}

function DrillTable({ drill, csvHref, title }: { drill: DrillResult; csvHref: string; title: string }) {
  return (
    <section id="drill" className="card" data-testid="drill-down">
      <h2>{title} <a href={csvHref} className="muted">CSV</a></h2>
      {drill.rows.length === 0 ? <p className="muted">No source documents in this bucket.</p> : (
        <table className="table">
          <thead><tr>{drill.columns.map((c) => <th key={c}>{c}</th>)}</tr></thead>
          <tbody>{drill.rows.map((row, index) => <tr key={index}>{drill.columns.map((c) => <td key={c}>{row[c] ?? ""}</td>)}</tr>)}</tbody>
        </table>
      )}
      {drill.truncated && <p className="muted">Showing the first {drill.rows.length} rows: export CSV for all of them.</p>}
    </section>
  );
}

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  if (!hasPermission(user, "analytics:read")) return <Forbidden what="the executive dashboard" />;
  const raw = await searchParams;
  const params: Params = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, first(v)]));
  const selected = (KPI_NAMES as readonly string[]).includes(params.kpi ?? "") ? (params.kpi as KpiName) : "fill_rate";
  const { db, store } = await analyticsContext();
  let responses: Map<KpiName, KpiResponse>;
  try {
    responses = new Map();
    for (const name of KPI_NAMES) responses.set(name, await queryKpi(db, store, user, name, kpiParams(name, params)));
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return (<div><PageHeader title="Executive dashboard" /><p className="bad" role="alert">{error.userMessage}</p><a href="/dashboard">Reset the filters</a></div>);
  }
  const main = responses.get(selected)!;
  const options = await filterOptions(db, user, main.filters.entityId);
  const headline = headlineSeries(selected, main.series);
  const period = params.period ?? headline.at(-1)?.period ?? null;
  const drill = await drillDown(db, user, selected, { filters: main.filters, period, group: params.group ?? null });
  const selectedParams = kpiParams(selected, params);
  const drillQuery = new URLSearchParams(Object.entries({ ...selectedParams, period: period ?? undefined, group: params.group }).filter((e): e is [string, string] => e[1] !== undefined));
  const groups = [...new Set(main.series.map((p) => p.group))].filter((g) => g !== "");
  return (
    <div className="stack">
      <PageHeader title="Executive dashboard" subtitle={<span data-testid="freshness">Data as of {main.freshness.asOf.replace("T", " ").slice(0, 19)} UTC · definitions v{main.definitionVersion} · money in {main.currency}</span>} />
      <form method="get" action="/dashboard" className="filters" data-testid="dashboard-filters">
        <input type="hidden" name="kpi" value={selected} />
        <Select name="entity" label="Entity" options={options.entities} value={String(main.filters.entityId)} />
        <Select name="warehouse" label="Warehouse" options={options.warehouses} value={params.warehouse} empty="All warehouses" />
        <Select name="category" label="Category" options={options.categories} value={params.category} empty="All categories" />
        <Select name="customer" label="Customer" options={options.customers} value={params.customer} empty="All customers" />
        <label className="field"><span>From</span><input type="date" name="from" defaultValue={main.filters.from} /></label>
        <label className="field"><span>To</span><input type="date" name="to" defaultValue={main.filters.to} /></label>
        <label className="field"><span>Grain</span>
          <select name="grain" defaultValue={main.filters.grain} aria-label="Grain">{["day", "week", "month"].map((g) => <option key={g} value={g}>{g}</option>)}</select>
        </label>
        <label className="field"><span>Margin by</span>
          <select name="groupBy" defaultValue={params.groupBy ?? "entity"} aria-label="Margin by">{GROUP_DIMENSIONS.map((g) => <option key={g} value={g}>{g}</option>)}</select>
        </label>
        <button type="submit" className="button">Apply</button>
      </form>
      <p className="muted">Cards compare the latest {main.filters.grain} with the one before. Filters a KPI does not take are ignored for it.</p>
      <KpiCards cards={KPI_NAMES.map((name) => card(name, responses.get(name)!, params, name === selected))} />
      <TrendChart title={`${main.title}: ${headlineMeasure(selected)} per ${main.filters.grain}`} kind="area" categories={["value"]}
        data={headline.map((h) => ({ period: h.period, value: h.value ?? 0 }))} />
      {groups.length > 0 && (
        <section className="card">
          <h2>{main.title} by {selected === "gross_margin" ? main.filters.groupBy ?? "entity" : "group"} in {period}</h2>
          <ul className="inline-list">
            {groups.map((g) => <li key={g}><a href={hrefWith(params, { kpi: selected, period: period ?? undefined, group: g }) + "#drill"}>{g}</a></li>)}
          </ul>
        </section>
      )}
      <p>
        <a href={`/api/v1/kpi/${selected}?${new URLSearchParams(Object.entries(selectedParams).filter((e): e is [string, string] => e[1] !== undefined)).toString()}&format=csv`}>Export {main.title} as CSV</a>
        {" · "}Periods: {headline.map((h) => (
          <a key={h.period} href={hrefWith(params, { kpi: selected, period: h.period, group: undefined }) + "#drill"} data-period={h.period} style={{ marginRight: 6 }}>{h.period}</a>
        ))}
      </p>
      <p className="muted">Formula ({main.title}, v{main.definitionVersion}): {main.formula}</p>
      <DrillTable drill={drill} title={`Source ${drill.kind.replace("_", " ")} of ${main.title}${period ? ` in the ${main.filters.grain} of ${period}` : ""}${params.group ? `, ${params.group}` : ""}`}
        csvHref={`/api/v1/kpi/${selected}/drill?${drillQuery.toString()}&format=csv`} />
    </div>
  );
}
