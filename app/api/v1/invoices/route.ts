// POST invoices a shipped shipment ({ shipmentId, invoiceDate? }; the date defaults to the
// entity's today); GET lists invoices and credit memos.
import { z } from "zod";
import { getShipmentOrThrow } from "../../../../core/sales/fulfilment";
import { invoiceShipment, listInvoices } from "../../../../core/sales/invoicing";
import { read, write } from "../../../_lib/db";
import { jsonResponse } from "../../../_lib/json";
import { withErrors } from "../../../_lib/route";
import { commandBody, commandResponse, entityFromQuery, ListParams, queryParams } from "../../../_lib/sales-api";
import { entityToday } from "../../../_lib/sales-data";
import { requireApiUser } from "../../../_lib/session";

export const dynamic = "force-dynamic";

export const POST = withErrors(async (request: Request) => {
  const user = await requireApiUser();
  const body = await commandBody(request);
  const result = await write(async (tx) => {
    const invoiceDate = typeof body.invoiceDate === "string" || typeof body.shipmentId !== "number"
      ? body.invoiceDate : await entityToday(tx, user, (await getShipmentOrThrow(tx, user, body.shipmentId)).entityId);
    return invoiceShipment(tx, user, { ...body, invoiceDate } as Parameters<typeof invoiceShipment>[2]);
  });
  return commandResponse(result, result.replayed);
});

const ListQuery = ListParams.extend({
  kind: z.enum(["invoice", "credit_memo"]).optional(),
  status: z.enum(["open", "partially_paid", "paid", "void"]).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});

/** ?entity=&customer=&kind=&status=&from=&to=&limit=&offset=. */
export const GET = withErrors(async (request: Request) => {
  const user = await requireApiUser();
  const url = new URL(request.url);
  const query = queryParams(ListQuery, url, ["customer", "kind", "status", "from", "to", "limit", "offset"]);
  return jsonResponse(await read(async (tx) => listInvoices(tx, user, {
    entityId: await entityFromQuery(tx, user, url), customerId: query.customer, kind: query.kind, status: query.status ? [query.status] : undefined,
    from: query.from, to: query.to, limit: query.limit, offset: query.offset,
  })));
});
