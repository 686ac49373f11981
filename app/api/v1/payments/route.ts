// POST receives a customer payment (receiveCustomerPayment's input; entityId defaults to the
// customer's entity, receivedDate to the entity's today); GET lists payments.
import { z } from "zod";
import { listPayments, receiveCustomerPayment } from "../../../../core/sales/payments";
import { read, write } from "../../../_lib/db";
import { jsonResponse } from "../../../_lib/json";
import { withErrors } from "../../../_lib/route";
import { commandBody, commandResponse, entityFromQuery, entityOfCustomer, ListParams, queryParams } from "../../../_lib/sales-api";
import { entityToday } from "../../../_lib/sales-data";
import { requireApiUser } from "../../../_lib/session";

export const dynamic = "force-dynamic";

export const POST = withErrors(async (request: Request) => {
  const user = await requireApiUser();
  const body = await commandBody(request);
  const result = await write(async (tx) => {
    const entityId = await entityOfCustomer(tx, user, body);
    const receivedDate = typeof body.receivedDate === "string" || entityId === undefined ? body.receivedDate : await entityToday(tx, user, entityId);
    return receiveCustomerPayment(tx, user, { ...body, entityId, receivedDate } as Parameters<typeof receiveCustomerPayment>[2]);
  });
  return commandResponse(result, result.replayed);
});

const ListQuery = ListParams.extend({ unapplied: z.enum(["true", "false"]).optional(), from: z.iso.date().optional(), to: z.iso.date().optional() });

/** ?entity=&customer=&unapplied=true&from=&to=&limit=&offset=. */
export const GET = withErrors(async (request: Request) => {
  const user = await requireApiUser();
  const url = new URL(request.url);
  const query = queryParams(ListQuery, url, ["customer", "unapplied", "from", "to", "limit", "offset"]);
  return jsonResponse(await read(async (tx) => listPayments(tx, user, {
    entityId: await entityFromQuery(tx, user, url), customerId: query.customer, unappliedOnly: query.unapplied === "true",
    from: query.from, to: query.to, limit: query.limit, offset: query.offset,
  })));
});
