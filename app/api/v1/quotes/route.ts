// POST creates a quote (createQuote's input; entityId defaults to the customer's entity and
// quoteDate to the entity's today); GET lists quotes.
import { z } from "zod";
import "../../../../core/governance/bootstrap";
import { createQuote, listQuotes } from "../../../../core/sales";
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
    const quoteDate = typeof body.quoteDate === "string" || entityId === undefined ? body.quoteDate : await entityToday(tx, user, entityId);
    return createQuote(tx, user, { ...body, entityId, quoteDate } as Parameters<typeof createQuote>[2]);
  });
  return commandResponse(result, result.replayed);
});

const ListQuery = z.object({
  status: z.enum(["open", "partially_converted", "converted", "expired", "cancelled"]).optional(),
  q: z.string().max(100).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

/** ?entity=&status=&q=&page=&pageSize=. */
export const GET = withErrors(async (request: Request) => {
  const user = await requireApiUser();
  const url = new URL(request.url);
  const query = queryParams(ListQuery, url, ["status", "q", "page", "pageSize"]);
  return jsonResponse(await read(async (tx) => listQuotes(tx, user, {
    entityId: await entityFromQuery(tx, user, url), status: query.status ?? null, search: query.q ?? null, page: query.page, pageSize: query.pageSize,
  })));
});
