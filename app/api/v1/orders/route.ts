// POST enters a sales order (the body is enterSalesOrder's input; entityId defaults to the
// customer's entity and orderDate to the entity's today); GET lists orders.
import { z } from "zod";
import "../../../../core/governance/bootstrap";
import { enterSalesOrder, listSalesOrders, ORDER_STATUSES } from "../../../../core/sales";
import { read, write } from "../../../_lib/db";
import { jsonResponse } from "../../../_lib/json";
import { withErrors } from "../../../_lib/route";
import { commandBody, commandResponse, entityFromQuery, entityOfCustomer, queryParams } from "../../../_lib/sales-api";
import { entityToday } from "../../../_lib/sales-data";
import { requireApiUser } from "../../../_lib/session";

export const dynamic = "force-dynamic";

export const POST = withErrors(async (request: Request) => {
  const user = await requireApiUser();
  const body = await commandBody(request);
  const result = await write(async (tx) => {
    const entityId = await entityOfCustomer(tx, user, body);
    const orderDate = typeof body.orderDate === "string" || entityId === undefined ? body.orderDate : await entityToday(tx, user, entityId);
    return enterSalesOrder(tx, user, { ...body, entityId, orderDate } as Parameters<typeof enterSalesOrder>[2]);
  });
  return commandResponse(result, result.replayed);
});

const ListQuery = z.object({
  status: z.string().max(200).transform((text) => text.split(",").map((s) => s.trim()).filter((s) => s !== "")).pipe(z.array(z.enum(ORDER_STATUSES))).optional(),
  customer: z.coerce.number().int().positive().optional(),
  q: z.string().max(100).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

/** ?entity=&status=released,credit_hold&customer=&q=&page=&pageSize=; money in minor units as strings. */
export const GET = withErrors(async (request: Request) => {
  const user = await requireApiUser();
  const url = new URL(request.url);
  const query = queryParams(ListQuery, url, ["status", "customer", "q", "page", "pageSize"]);
  const page = await read(async (tx) => listSalesOrders(tx, user, {
    entityId: await entityFromQuery(tx, user, url), statuses: query.status ?? null, customerId: query.customer ?? null, search: query.q ?? null, page: query.page, pageSize: query.pageSize,
  }));
  return jsonResponse(page);
});
