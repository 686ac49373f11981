// GET /api/v1/kpi/<name>?entity=&warehouse=&category=&customer=&from=&to=&grain=day|week|month[&groupBy=][&format=csv]
// returns {kpi, definitionVersion, freshness, series, ...}; ?format=csv returns the series as CSV.
import "../../../../../core/governance/bootstrap";
import { queryKpi } from "../../../../../analytics/service";
import { analyticsContext, csvResponse, searchRecord, seriesCsv } from "../../../../_lib/analytics-api";
import { jsonResponse } from "../../../../_lib/json";
import { withErrors } from "../../../../_lib/route";
import { requireApiUser } from "../../../../_lib/session";

export const dynamic = "force-dynamic";

export const GET = withErrors(async (request: Request, context: { params: Promise<{ name: string }> }) => {
  const user = await requireApiUser();
  const { name } = await context.params;
  const url = new URL(request.url);
  const { db, store } = await analyticsContext();
  const result = await queryKpi(db, store, user, name, searchRecord(url, ["format"]));
  if (url.searchParams.get("format") === "csv") return csvResponse(seriesCsv(result.measures, result.series), `${result.kpi}.csv`);
  return jsonResponse(result);
});
