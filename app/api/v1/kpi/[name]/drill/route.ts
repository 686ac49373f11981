// GET /api/v1/kpi/<name>/drill?<the KPI's filters>&period=YYYY-MM-DD&group=...[&format=csv]: the
// documents behind one figure, read from PostgreSQL.
import "../../../../../../core/governance/bootstrap";
import { z } from "zod";
import { drillDown } from "../../../../../../analytics/drill-down";
import { kpiDefinitionOrThrow, resolveFilters } from "../../../../../../analytics/service";
import { requirePermission } from "../../../../../../core/governance/permissions";
import { parseInput } from "../../../../../../core/shared/errors";
import { analyticsContext, csvResponse, rowsCsv, searchRecord } from "../../../../../_lib/analytics-api";
import { jsonResponse } from "../../../../../_lib/json";
import { withErrors } from "../../../../../_lib/route";
import { requireApiUser } from "../../../../../_lib/session";

export const dynamic = "force-dynamic";

const DrillQuery = z.object({
  period: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD").optional(),
  group: z.string().max(200).optional(),
});

export const GET = withErrors(async (request: Request, context: { params: Promise<{ name: string }> }) => {
  const user = await requireApiUser();
  requirePermission(user, "analytics:read");
  const { name } = await context.params;
  const definition = kpiDefinitionOrThrow(name);
  const url = new URL(request.url);
  const drill = parseInput(DrillQuery, { period: url.searchParams.get("period") ?? undefined, group: url.searchParams.get("group") || undefined });
  const { db } = await analyticsContext();
  const { filters } = await resolveFilters(db, definition, searchRecord(url, ["format", "period", "group"]));
  const result = await drillDown(db, user, definition.name, { filters, period: drill.period ?? null, group: drill.group ?? null });
  if (url.searchParams.get("format") === "csv") return csvResponse(rowsCsv(result.columns, result.rows), `${definition.name}-drill.csv`);
  return jsonResponse(result);
});
