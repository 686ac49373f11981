// POST creates a count list (createCountList's input), or with "action": "record" | "submit" and
// a countId records counted quantities or submits the count; GET lists counts of an entity.
import { z } from "zod";
import "../../../../../core/governance/bootstrap";
import { createCountList, listCounts, recordCounts, submitCount } from "../../../../../core/purchasing";
import { read } from "../../../../_lib/db";
import { jsonResponse } from "../../../../_lib/json";
import { idempotentCommand } from "../../../../_lib/purchasing-api";
import { withErrors } from "../../../../_lib/route";
import { entityFromQuery, queryParams } from "../../../../_lib/sales-api";
import { requireApiUser } from "../../../../_lib/session";

export const dynamic = "force-dynamic";

export const POST = withErrors(async (request: Request) => {
  const user = await requireApiUser();
  return idempotentCommand(request, user, "counts", async (tx, body) => {
    const { action, idempotencyKey: _key, ...rest } = body;
    if (action === "record") return recordCounts(tx, user, rest as Parameters<typeof recordCounts>[2]);
    if (action === "submit") return submitCount(tx, user, rest as Parameters<typeof submitCount>[2]);
    return createCountList(tx, user, rest as Parameters<typeof createCountList>[2]);
  });
});

const ListQuery = z.object({
  status: z.enum(["open", "submitted", "variance_review", "posted", "cancelled"]).optional(),
  warehouse: z.coerce.number().int().positive().optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const GET = withErrors(async (request: Request) => {
  const user = await requireApiUser();
  const url = new URL(request.url);
  const query = queryParams(ListQuery, url, ["status", "warehouse", "page", "pageSize"]);
  const page = await read(async (tx) => listCounts(tx, user, {
    entityId: await entityFromQuery(tx, user, url), status: query.status ?? null, warehouseId: query.warehouse ?? null, page: query.page, pageSize: query.pageSize,
  }));
  return jsonResponse(page);
});
