// POST creates a draft purchase order (createPurchaseOrder's input; entityId defaults to the
// supplier's entity, orderDate to the entity's today; "submit": true also submits it for
// approval); GET lists orders of an entity.
import { z } from "zod";
import "../../../../../core/governance/bootstrap";
import { getMasterOrThrow } from "../../../../../core/masters";
import { createPurchaseOrder, listPurchaseOrders, submitPurchaseOrder } from "../../../../../core/purchasing";
import { read } from "../../../../_lib/db";
import { jsonResponse } from "../../../../_lib/json";
import { idempotentCommand, wordList } from "../../../../_lib/purchasing-api";
import { withErrors } from "../../../../_lib/route";
import { entityFromQuery, queryParams } from "../../../../_lib/sales-api";
import { entityToday } from "../../../../_lib/sales-data";
import { requireApiUser } from "../../../../_lib/session";

export const dynamic = "force-dynamic";

export const POST = withErrors(async (request: Request) => {
  const user = await requireApiUser();
  return idempotentCommand(request, user, "purchase-orders", async (tx, body) => {
    const { submit, ...rest } = body;
    const entityId = typeof rest.entityId === "number" ? rest.entityId
      : typeof rest.supplierId === "number" ? (await getMasterOrThrow(tx, user, "supplier", rest.supplierId)).entityId : undefined;
    const orderDate = typeof rest.orderDate === "string" || entityId === undefined ? rest.orderDate : await entityToday(tx, user, entityId);
    const created = await createPurchaseOrder(tx, user, { ...rest, entityId, orderDate } as Parameters<typeof createPurchaseOrder>[2]);
    if (submit !== true || created.replayed || created.status !== "draft") return created;
    const key = typeof rest.idempotencyKey === "string" ? `${rest.idempotencyKey}:submit` : undefined;
    return { ...(await submitPurchaseOrder(tx, user, { purchaseOrderId: created.id, idempotencyKey: key })), replayed: false };
  });
});

const STATUSES = ["draft", "pending_approval", "approved", "partially_received", "received", "closed", "cancelled"] as const;
const ListQuery = z.object({
  status: wordList(STATUSES).optional(),
  supplier: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** ?entity=&status=approved,partially_received&supplier=&limit=; money in minor units as strings. */
export const GET = withErrors(async (request: Request) => {
  const user = await requireApiUser();
  const url = new URL(request.url);
  const query = queryParams(ListQuery, url, ["status", "supplier", "limit"]);
  const rows = await read(async (tx) => listPurchaseOrders(tx, user, {
    entityId: await entityFromQuery(tx, user, url), statuses: query.status, supplierId: query.supplier, limit: query.limit,
  }));
  return jsonResponse({ rows });
});
