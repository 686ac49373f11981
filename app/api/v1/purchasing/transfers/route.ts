// POST creates a transfer order (createTransferOrder's input), or with "action": "ship" |
// "receive" and a transferOrderId ships or receives one; GET lists transfers of an entity.
import { z } from "zod";
import "../../../../../core/governance/bootstrap";
import { createTransferOrder, listTransferOrders, receiveTransferOrder, shipTransferOrder } from "../../../../../core/purchasing";
import { read } from "../../../../_lib/db";
import { jsonResponse } from "../../../../_lib/json";
import { idempotentCommand } from "../../../../_lib/purchasing-api";
import { withErrors } from "../../../../_lib/route";
import { entityFromQuery, queryParams } from "../../../../_lib/sales-api";
import { requireApiUser } from "../../../../_lib/session";

export const dynamic = "force-dynamic";

export const POST = withErrors(async (request: Request) => {
  const user = await requireApiUser();
  return idempotentCommand(request, user, "transfers", async (tx, body) => {
    const { action, ...rest } = body;
    if (action === "ship") return shipTransferOrder(tx, user, rest as Parameters<typeof shipTransferOrder>[2]);
    if (action === "receive") return receiveTransferOrder(tx, user, rest as Parameters<typeof receiveTransferOrder>[2]);
    return createTransferOrder(tx, user, rest as Parameters<typeof createTransferOrder>[2]);
  });
});

const ListQuery = z.object({
  status: z.enum(["draft", "shipped", "received", "cancelled"]).optional(),
  warehouse: z.coerce.number().int().positive().optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const GET = withErrors(async (request: Request) => {
  const user = await requireApiUser();
  const url = new URL(request.url);
  const query = queryParams(ListQuery, url, ["status", "warehouse", "page", "pageSize"]);
  const page = await read(async (tx) => listTransferOrders(tx, user, {
    entityId: await entityFromQuery(tx, user, url), status: query.status ?? null, warehouseId: query.warehouse ?? null, page: query.page, pageSize: query.pageSize,
  }));
  return jsonResponse(page);
});
