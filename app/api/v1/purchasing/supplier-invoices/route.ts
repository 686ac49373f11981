// POST enters a supplier invoice and runs the three-way match (enterSupplierInvoice's input;
// entityId defaults to the supplier's entity): matched invoices post at once, others answer with
// status match_exception and their matchExceptionId. GET lists invoices; ?status=match_exception
// is the match exception queue.
import { z } from "zod";
import "../../../../../core/governance/bootstrap";
import { getMasterOrThrow } from "../../../../../core/masters";
import { enterSupplierInvoice, listSupplierInvoices } from "../../../../../core/purchasing";
import { read } from "../../../../_lib/db";
import { jsonResponse } from "../../../../_lib/json";
import { idempotentCommand, wordList } from "../../../../_lib/purchasing-api";
import { withErrors } from "../../../../_lib/route";
import { entityFromQuery, queryParams } from "../../../../_lib/sales-api";
import { requireApiUser } from "../../../../_lib/session";

export const dynamic = "force-dynamic";

export const POST = withErrors(async (request: Request) => {
  const user = await requireApiUser();
  return idempotentCommand(request, user, "supplier-invoices", async (tx, body) => {
    const entityId = typeof body.entityId === "number" ? body.entityId
      : typeof body.supplierId === "number" ? (await getMasterOrThrow(tx, user, "supplier", body.supplierId)).entityId : undefined;
    return enterSupplierInvoice(tx, user, { ...body, entityId } as Parameters<typeof enterSupplierInvoice>[2]);
  });
});

const ListQuery = z.object({
  status: wordList(["match_exception", "posted", "partially_paid", "paid", "void"] as const).optional(),
  supplier: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const GET = withErrors(async (request: Request) => {
  const user = await requireApiUser();
  const url = new URL(request.url);
  const query = queryParams(ListQuery, url, ["status", "supplier", "limit"]);
  const rows = await read(async (tx) => listSupplierInvoices(tx, user, {
    entityId: await entityFromQuery(tx, user, url), statuses: query.status, supplierId: query.supplier, limit: query.limit,
  }));
  return jsonResponse({ rows });
});
