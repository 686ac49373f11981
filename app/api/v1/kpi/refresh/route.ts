// POST /api/v1/kpi/refresh[?full=1]: refreshes the analytics mirror now (on demand), in the
// process that owns the DuckDB file.
import "../../../../../core/governance/bootstrap";
import { refreshAnalytics } from "../../../../../analytics/extract";
import { requirePermission } from "../../../../../core/governance/permissions";
import { analyticsContext } from "../../../../_lib/analytics-api";
import { jsonResponse } from "../../../../_lib/json";
import { withErrors } from "../../../../_lib/route";
import { requireApiUser } from "../../../../_lib/session";

export const dynamic = "force-dynamic";

export const POST = withErrors(async (request: Request) => {
  const user = await requireApiUser();
  requirePermission(user, "analytics:read");
  const { db, store } = await analyticsContext();
  const result = await refreshAnalytics(db, store, { full: new URL(request.url).searchParams.get("full") === "1" });
  const { checkpointed: _checkpointRunsAfter, ...refreshed } = result;
  return jsonResponse({ ...refreshed, freshAsOf: result.freshAsOf.toISOString() });
});
