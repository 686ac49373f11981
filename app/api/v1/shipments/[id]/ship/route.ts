// Ships a pick list: { shipDate?, trackingNumber? }; shipDate defaults to the entity's today.
import { getShipmentOrThrow, shipShipment } from "../../../../../../core/sales/fulfilment";
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
  const shipmentId = parseId((await context.params).id) ?? 0;
  const body = await commandBody(request);
  const result = await write(async (tx) => {
    const shipDate = typeof body.shipDate === "string" ? body.shipDate : await entityToday(tx, user, (await getShipmentOrThrow(tx, user, shipmentId)).entityId);
    return shipShipment(tx, user, { ...body, shipmentId, shipDate } as Parameters<typeof shipShipment>[2]);
  });
  return commandResponse(result, result.replayed);
});
