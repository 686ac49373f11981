// Receives returned goods with inspection: { receivedDate?, lines: [{ returnLineId, baseQty,
// disposition: restock | scrap | return_to_supplier, note? }] }; the date defaults to today.
import { getReturnOrThrow, receiveReturn } from "../../../../../../core/sales/returns";
import { write } from "../../../../../_lib/db";
import { parseId } from "../../../../../_lib/query";
import { withErrors } from "../../../../../_lib/route";
import { commandBody, commandResponse } from "../../../../../_lib/sales-api";
import { entityToday } from "../../../../../_lib/sales-data";
import { requireApiUser } from "../../../../../_lib/session";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const POST = withErrors(async (request: Request, context: Context) => {
  const user = await requireApiUser();
  const rmaId = parseId((await context.params).id) ?? 0;
  const body = await commandBody(request);
  const result = await write(async (tx) => {
    const receivedDate = typeof body.receivedDate === "string" ? body.receivedDate : await entityToday(tx, user, (await getReturnOrThrow(tx, user, rmaId)).entityId);
    return receiveReturn(tx, user, { ...body, rmaId, receivedDate } as Parameters<typeof receiveReturn>[2]);
  });
  return commandResponse(result, result.replayed);
});
