// POST creates a pick list (createPickList's input: orderId, warehouseId, optional lines with
// baseQty); GET lists shipments.
import { z } from "zod";
import { createPickList, listShipments } from "../../../../core/sales/fulfilment";
import { read, write } from "../../../_lib/db";
import { jsonResponse } from "../../../_lib/json";
import { withErrors } from "../../../_lib/route";
import { commandBody, commandResponse, entityFromQuery, ListParams, queryParams } from "../../../_lib/sales-api";
import { requireApiUser } from "../../../_lib/session";

export const dynamic = "force-dynamic";

export const POST = withErrors(async (request: Request) => {
  const user = await requireApiUser();
  const body = await commandBody(request);
  const result = await write((tx) => createPickList(tx, user, body as Parameters<typeof createPickList>[2]));
  return commandResponse(result, result.replayed);
});

const ListQuery = ListParams.extend({
  order: z.coerce.number().int().positive().optional(),
  warehouse: z.coerce.number().int().positive().optional(),
  status: z.enum(["picking", "packed", "shipped", "cancelled"]).optional(),
  uninvoiced: z.enum(["true", "false"]).optional(),
});

/** ?entity=&order=&warehouse=&status=&uninvoiced=true&limit=&offset=. */
export const GET = withErrors(async (request: Request) => {
  const user = await requireApiUser();
  const url = new URL(request.url);
  const query = queryParams(ListQuery, url, ["order", "warehouse", "status", "uninvoiced", "limit", "offset"]);
  return jsonResponse(await read(async (tx) => listShipments(tx, user, {
    entityId: await entityFromQuery(tx, user, url), orderId: query.order, warehouseId: query.warehouse, status: query.status ? [query.status] : undefined,
    uninvoicedOnly: query.uninvoiced === "true", limit: query.limit, offset: query.offset,
  })));
});
