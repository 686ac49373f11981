// POST requests a return against an invoice (requestReturn's input: invoiceId, warehouseId,
// reason, lines); it is routed through the approval engine. GET lists returns.
import { z } from "zod";
import "../../../../core/governance/bootstrap";
import { listReturns, requestReturn } from "../../../../core/sales/returns";
import { read, write } from "../../../_lib/db";
import { jsonResponse } from "../../../_lib/json";
import { withErrors } from "../../../_lib/route";
import { commandBody, commandResponse, entityFromQuery, ListParams, queryParams } from "../../../_lib/sales-api";
import { requireApiUser } from "../../../_lib/session";

export const dynamic = "force-dynamic";

export const POST = withErrors(async (request: Request) => {
  const user = await requireApiUser();
  const body = await commandBody(request);
  const result = await write((tx) => requestReturn(tx, user, body as Parameters<typeof requestReturn>[2]));
  return commandResponse(result, result.replayed);
});

const ListQuery = ListParams.extend({ status: z.enum(["requested", "approved", "rejected", "received", "credited", "cancelled"]).optional() });

/** ?entity=&customer=&status=&limit=&offset=. */
export const GET = withErrors(async (request: Request) => {
  const user = await requireApiUser();
  const url = new URL(request.url);
  const query = queryParams(ListQuery, url, ["customer", "status", "limit", "offset"]);
  return jsonResponse(await read(async (tx) => listReturns(tx, user, {
    entityId: await entityFromQuery(tx, user, url), customerId: query.customer, status: query.status ? [query.status] : undefined, limit: query.limit, offset: query.offset,
  })));
});
